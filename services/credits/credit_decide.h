// Internal to the credits module: one Decide function per command, grouped by file
// (credit_setup.cc: products, settings, capital; credit_lifecycle.cc: application to disbursement;
// credit_servicing.cc: repayments, reminders, rescheduling, write-off, recovery).
#ifndef FONDBOK_SERVICES_CREDITS_CREDIT_DECIDE_H_
#define FONDBOK_SERVICES_CREDITS_CREDIT_DECIDE_H_

#include <string>

#include "fondbok/v1/journal.pb.h"
#include "ledger/module.h"
#include "services/common/fund_chart.h"
#include "services/common/staff.h"

namespace fondbok::credits {

using ledger::CommandContext;
using ledger::Decision;
using ledger::ProposalTerms;
using ledger::StateReader;

// Shared helpers.
using ledger::MakePosting;
void AddPair(Decision& d, absl::string_view debit, absl::string_view credit, int64_t amount_ore, bool pending = false);
v1::Account MakeAccount(absl::string_view code, v1::AccountType type, absl::string_view currency,
                        absl::string_view name, absl::string_view owner, bool debits_limited, bool credits_limited);
using ledger::OpenAccountIfMissing;
using services::PaymentsOutAccount;
absl::StatusOr<std::string> BaseCurrency(const StateReader& state);
using services::IsStaff;
using services::RequireStaff;
// Four-eyes decisions: proposed by an officer, admin or board member, and executed under any
// approved proposal whoever gave the last approval (a board member, for large credits).
absl::Status RequireDecider(const CommandContext& context, absl::string_view what);
absl::Status RequireRole(const CommandContext& context, absl::string_view role, absl::string_view what);
// The optional value date of a command: empty → today; never after today.
absl::StatusOr<absl::CivilDay> ValueDay(const CommandContext& context, const std::string& text, absl::string_view what);
absl::StatusOr<v1::Credit> LoadCredit(const StateReader& state, const std::string& id);
// A member may act only for its own organisation.
absl::Status CheckOwnOrganisation(const CommandContext& context, const v1::Credit& credit);
std::string Basis(const v1::Credit& credit);

absl::StatusOr<Decision> DecideDefineProduct(const CommandContext&, const v1::DefineProduct&, const StateReader&);
absl::StatusOr<Decision> DecideSetSettings(const CommandContext&, const v1::SetCreditSettings&, const StateReader&);
absl::StatusOr<Decision> DecideDepositCapital(const CommandContext&, const v1::DepositCapital&, const StateReader&);
absl::StatusOr<Decision> DecideWithdrawCapital(const CommandContext&, const v1::WithdrawCapital&, const StateReader&);

absl::StatusOr<Decision> DecideApply(const CommandContext&, const v1::ApplyForCredit&, const StateReader&);
absl::StatusOr<Decision> DecideSubmit(const CommandContext&, const v1::SubmitCredit&, const StateReader&);
absl::StatusOr<Decision> DecideWithdraw(const CommandContext&, const v1::WithdrawCredit&, const StateReader&);
absl::StatusOr<Decision> DecideAssess(const CommandContext&, const v1::AssessCredit&, const StateReader&);
absl::StatusOr<Decision> DecideApprove(const CommandContext&, const v1::ApproveCredit&, const StateReader&);
absl::StatusOr<ProposalTerms> ApproveTerms(const CommandContext&, const v1::ApproveCredit&, const StateReader&);
absl::StatusOr<Decision> DecideReject(const CommandContext&, const v1::RejectCredit&, const StateReader&);
absl::StatusOr<Decision> DecideLapse(const CommandContext&, const v1::LapseCredit&, const StateReader&);
absl::StatusOr<Decision> DecideCancel(const CommandContext&, const v1::CancelCredit&, const StateReader&);
absl::StatusOr<Decision> DecideDisburse(const CommandContext&, const v1::DisburseCredit&, const StateReader&);

absl::StatusOr<Decision> DecideRepay(const CommandContext&, const v1::RecordRepayment&, const StateReader&);
absl::StatusOr<Decision> DecideRemind(const CommandContext&, const v1::IssueReminder&, const StateReader&);
absl::StatusOr<Decision> DecideReschedule(const CommandContext&, const v1::RescheduleCredit&, const StateReader&);
absl::StatusOr<ProposalTerms> RescheduleTerms(const CommandContext&, const v1::RescheduleCredit&, const StateReader&);
absl::StatusOr<Decision> DecideWriteOff(const CommandContext&, const v1::WriteOffCredit&, const StateReader&);
absl::StatusOr<ProposalTerms> WriteOffTerms(const CommandContext&, const v1::WriteOffCredit&, const StateReader&);
absl::StatusOr<Decision> DecideRecovery(const CommandContext&, const v1::RecordRecovery&, const StateReader&);

}  // namespace fondbok::credits

#endif  // FONDBOK_SERVICES_CREDITS_CREDIT_DECIDE_H_
