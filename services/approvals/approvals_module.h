// The approvals module: four eyes as one mechanism for the whole fund (DESIGN.md §4).
//
//   Propose{command}        asks the command's own module for its ProposalTerms (validating it
//                           against current state), fixes the quorum the fund policy requires and
//                           records a proposal "P-000001". With an empty quorum the command runs
//                           at once, as a follow-up of the same request.
//   ApproveProposal{id}     one vote; never by the proposer (same principal id or same display
//                           name), never twice by one person, only by a role the quorum still
//                           needs. The last required approval asks the owning module for its terms
//                           again: the same basis → the command follows in the same request under
//                           the proposal's id (CommandContext::approved_by_proposal); another basis
//                           → FAILED_PRECONDITION and nothing is written.
//   RejectProposal{id}      final; by any role the quorum counts, or by the proposer (withdrawal).
//   SetPolicy{policy}       only as the command of an approved proposal ("policy.change").
//
// Views: see approval_keys.h. Thread-safe: all methods are const and keep no state besides the
// registry pointer, which is read-only after start-up.
#ifndef FONDBOK_SERVICES_APPROVALS_APPROVALS_MODULE_H_
#define FONDBOK_SERVICES_APPROVALS_APPROVALS_MODULE_H_

#include <vector>

#include "ledger/module.h"

namespace fondbok::approvals {

inline constexpr size_t kProposedCommandBytesMax = 256 * 1024;
inline constexpr size_t kCommentBytesMax = 2000;

class ApprovalsModule final : public ledger::Module {
 public:
  // REQUIRES: `registry` outlives the module and, once commands are decided, holds every module
  // whose commands may be proposed (this one included, for SetPolicy).
  explicit ApprovalsModule(const ledger::ModuleRegistry* registry) : registry_(registry) {}

  absl::string_view Name() const override { return "approvals"; }
  std::vector<int> CommandCases() const override;
  std::vector<int> EventCases() const override;
  absl::StatusOr<ledger::Decision> Decide(const ledger::CommandContext& context, const v1::Command& command,
                                          const ledger::StateReader& state) const override;
  absl::Status Project(const v1::JournalEntry& entry, ledger::ViewWriter& views) const override;
  // SetPolicy: action "policy.change", subject "fund policy", basis "policy set at seq N" or
  // "default policy". INVALID_ARGUMENT for an invalid policy or any other command.
  absl::StatusOr<ledger::ProposalTerms> Terms(const ledger::CommandContext& context, const v1::Command& command,
                                              const ledger::StateReader& state) const override;

 private:
  absl::StatusOr<ledger::Decision> DecidePropose(const ledger::CommandContext& context, const v1::Propose& propose,
                                                 const ledger::StateReader& state) const;
  absl::StatusOr<ledger::Decision> DecideApprove(const ledger::CommandContext& context,
                                                 const v1::ApproveProposal& approve,
                                                 const ledger::StateReader& state) const;
  // The owning module's terms for the proposal's command, as of `state`.
  absl::StatusOr<ledger::ProposalTerms> CurrentTerms(const ledger::CommandContext& context,
                                                     const v1::Command& inner,
                                                     const ledger::StateReader& state) const;

  const ledger::ModuleRegistry* registry_;
};

}  // namespace fondbok::approvals

#endif  // FONDBOK_SERVICES_APPROVALS_APPROVALS_MODULE_H_
