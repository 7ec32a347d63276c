// Test fixtures of the approvals tests: a tiny stand-in for the credits module, people with
// roles, and command builders. Header only; test code only.
#ifndef FONDBOK_SERVICES_APPROVALS_APPROVALS_TEST_UTIL_H_
#define FONDBOK_SERVICES_APPROVALS_APPROVALS_TEST_UTIL_H_

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "fondbok/v1/journal.pb.h"
#include "ledger/module.h"
#include "ledger/status_macros.h"

namespace fondbok::approvals::testing {

// Amount that makes the fake credit approval fail when it executes (but not when proposed).
inline constexpr int64_t kFailsOnExecuteOre = 13;

// Stands in for the credits module. SubmitCredit creates or touches a credit: its basis is the
// seq it was last touched at, so a touch between proposal and last approval makes the proposal
// stale. ApproveCredit ("credit.approve", amount as given) runs only under an approved proposal.
class FakeCreditModule final : public ledger::Module {
 public:
  absl::string_view Name() const override { return "fake"; }
  std::vector<int> CommandCases() const override {
    return {v1::Command::kSubmitCredit, v1::Command::kApproveCredit};
  }
  std::vector<int> EventCases() const override { return {v1::Event::kCreditSubmitted, v1::Event::kCreditApproved}; }

  static std::string Key(absl::string_view id) { return absl::StrCat("fake/credit/", id); }

  absl::StatusOr<ledger::Decision> Decide(const ledger::CommandContext& context, const v1::Command& command,
                                          const ledger::StateReader& state) const override {
    ledger::Decision decision;
    if (command.has_submit_credit()) {
      decision.event.mutable_credit_submitted()->set_credit_id(command.submit_credit().credit_id());
      return decision;
    }
    if (context.approved_by_proposal.empty()) {
      return absl::PermissionDeniedError("a credit decision needs four eyes: propose it");
    }
    RETURN_IF_ERROR(Terms(context, command, state).status());
    if (command.approve_credit().amount_ore() == kFailsOnExecuteOre) {
      return absl::FailedPreconditionError("not enough free lending capital");
    }
    decision.event.mutable_credit_approved()->set_credit_id(command.approve_credit().credit_id());
    decision.event.mutable_credit_approved()->set_amount_ore(command.approve_credit().amount_ore());
    return decision;
  }

  absl::Status Project(const v1::JournalEntry& entry, ledger::ViewWriter& views) const override {
    if (entry.event().has_credit_submitted()) {
      views.Put(Key(entry.event().credit_submitted().credit_id()), absl::StrCat("SUBMITTED at seq ", entry.seq()));
    } else {
      views.Put(Key(entry.event().credit_approved().credit_id()), absl::StrCat("APPROVED at seq ", entry.seq()));
    }
    return absl::OkStatus();
  }

  absl::StatusOr<ledger::ProposalTerms> Terms(const ledger::CommandContext& context, const v1::Command& command,
                                              const ledger::StateReader& state) const override {
    if (!command.has_approve_credit()) return Module::Terms(context, command, state);
    const std::string& id = command.approve_credit().credit_id();
    ASSIGN_OR_RETURN(auto stored, state.Get(ledger::Space::kViews, Key(id)));
    if (!stored.has_value()) return absl::NotFoundError(absl::StrCat("credit ", id, " does not exist"));
    if (stored->rfind("SUBMITTED", 0) != 0) {
      return absl::FailedPreconditionError(absl::StrCat("credit ", id, " is ", *stored, "; only a submitted credit can be approved"));
    }
    ledger::ProposalTerms terms;
    terms.action = "credit.approve";
    terms.subject = absl::StrCat("credit ", id);
    terms.summary = absl::StrCat("approve credit ", id);
    terms.amount_ore = command.approve_credit().amount_ore();
    terms.currency = "SEK";
    terms.basis = absl::StrCat("credit ", id, " ", *stored);
    return terms;
  }
};

struct Person {
  std::string id;
  std::string name;
  std::string role;
};

inline const Person kOlle{"tok-o1", "Olle Officer", "officer"};
inline const Person kOlleAgain{"tok-o1b", " olle officer", "officer"};  // the same person, another token
inline const Person kOla{"tok-o2", "Ola Officer", "officer"};
inline const Person kOtto{"tok-o3", "Otto Officer", "officer"};
inline const Person kOve{"tok-o4", "Ove Officer", "officer"};
inline const Person kBea{"tok-b1", "Bea Board", "board"};
inline const Person kAda{"tok-a1", "Ada Admin", "admin"};
inline const Person kAlf{"tok-a2", "Alf Admin", "admin"};
inline const Person kAsa{"tok-a3", "Åsa Admin", "admin"};
inline const Person kAudrey{"tok-r1", "Audrey Auditor", "auditor"};

inline v1::Command SubmitCredit(absl::string_view id) {
  v1::Command command;
  command.mutable_submit_credit()->set_credit_id(std::string(id));
  return command;
}

inline v1::Command ApproveCredit(absl::string_view id, int64_t amount_ore) {
  v1::Command command;
  command.mutable_approve_credit()->set_credit_id(std::string(id));
  command.mutable_approve_credit()->set_amount_ore(amount_ore);
  return command;
}

inline v1::Command Propose(const v1::Command& inner, absl::string_view comment = "") {
  v1::Command command;
  command.mutable_propose()->set_command(inner.SerializeAsString());
  command.mutable_propose()->set_comment(std::string(comment));
  return command;
}

inline v1::Command Approve(absl::string_view id, absl::string_view comment = "") {
  v1::Command command;
  command.mutable_approve_proposal()->set_proposal_id(std::string(id));
  command.mutable_approve_proposal()->set_comment(std::string(comment));
  return command;
}

inline v1::Command Reject(absl::string_view id, absl::string_view comment) {
  v1::Command command;
  command.mutable_reject_proposal()->set_proposal_id(std::string(id));
  command.mutable_reject_proposal()->set_comment(std::string(comment));
  return command;
}

inline v1::Command SetPolicy(const v1::FundPolicy& policy) {
  v1::Command command;
  *command.mutable_set_policy()->mutable_policy() = policy;
  return command;
}

}  // namespace fondbok::approvals::testing

#endif  // FONDBOK_SERVICES_APPROVALS_APPROVALS_TEST_UTIL_H_
