// The credits module (DESIGN.md §8): products, lending capital, the credit lifecycle, schedules,
// repayments, reminders, rescheduling and write-off — the first domain module on the ledger's
// module contract (ledger/module.h), and the example the next modules copy:
//
//   - Decide validates a command against the views (its own, the parties module's, the ledger's
//     balances), and answers with one event and the postings the ledger core applies. Accounts a
//     credit needs (asset:loans:<credit>, capital accounts) are opened by the same entry
//     (Decision::open_accounts).
//   - Decisions that need four eyes (ApproveCredit, RescheduleCredit, WriteOffCredit) execute only
//     under an approved proposal (CommandContext::approved_by_proposal); Terms() describes them to
//     the approvals module and names the basis that must not change before the last approval.
//   - Project applies the event to the module's views (services/credits/credit_keys.h); replay
//     rebuilds them exactly.
//
// Postings (a payment split fees → interest → principal, oldest due first):
//   capital deposit     Dr asset:bank / Cr liability:capital:S (or equity:member-capital);
//                       Dr offbalance:capital-placed / Cr offbalance:capital-free:S
//   approval (pending)  Dr asset:loans:C / Cr asset:bank; Dr capital-free:S / Cr capital-lent:S
//   disbursement        posts the reservation (in part for a tranche); lapse/cancel voids it
//   repayment           Dr asset:bank; Cr asset:loans:C, income:interest, income:loan-fees and the
//                       reminder receivables; Dr capital-lent:S / Cr capital-free:S (principal)
//   reminder            Dr asset:receivable:fees:<org> / Cr income:loan-fees;
//                       Dr asset:receivable:interest:C / Cr income:interest (late-payment interest)
//   write-off           Dr expense:credit-losses / Cr asset:loans:C (+ unpaid reminder receivables);
//                       Dr capital-lent:S / Cr capital-losses:S
//   recovery            Dr asset:bank / Cr income:recoveries; Dr capital-losses:S / Cr capital-free:S
// Interest and scheduled fees are income when paid (cash basis); reminder fees and late-payment
// interest are receivables from the reminder on.
#ifndef FONDBOK_SERVICES_CREDITS_CREDITS_MODULE_H_
#define FONDBOK_SERVICES_CREDITS_CREDITS_MODULE_H_

#include "ledger/module.h"

namespace fondbok::credits {

class CreditsModule final : public ledger::Module {
 public:
  absl::string_view Name() const override { return "credits"; }
  std::vector<int> CommandCases() const override;
  std::vector<int> EventCases() const override;
  absl::StatusOr<ledger::Decision> Decide(const ledger::CommandContext& context, const v1::Command& command,
                                          const ledger::StateReader& state) const override;
  absl::Status Project(const v1::JournalEntry& entry, ledger::ViewWriter& views) const override;
  absl::StatusOr<ledger::ProposalTerms> Terms(const ledger::CommandContext& context, const v1::Command& command,
                                              const ledger::StateReader& state) const override;
};

}  // namespace fondbok::credits

#endif  // FONDBOK_SERVICES_CREDITS_CREDITS_MODULE_H_
