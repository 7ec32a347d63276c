#include "services/approvals/approvals_module.h"

#include <algorithm>
#include <string>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "ledger/status_macros.h"
#include "services/approvals/approval_keys.h"
#include "services/approvals/policy.h"

namespace fondbok::approvals {
namespace {

using ledger::CommandContext;
using ledger::Decision;

// The caller's role as the adapter authenticated it; ROLE_UNSPECIFIED for the server itself.
v1::Role ActorRole(const CommandContext& context) {
  v1::Role role = v1::ROLE_UNSPECIFIED;
  if (context.actor_role.empty() || !v1::Role_Parse(absl::AsciiStrToUpper(context.actor_role), &role)) {
    return v1::ROLE_UNSPECIFIED;
  }
  return role;
}

bool CanPropose(v1::Role role) { return role == v1::ADMIN || role == v1::OFFICER || role == v1::BOARD; }

std::string NormalisedName(absl::string_view name) {
  return absl::AsciiStrToLower(absl::StripAsciiWhitespace(name));
}

// One person may hold several tokens: the same display name is the same person.
bool SamePerson(absl::string_view actor, absl::string_view name, absl::string_view other_actor,
                absl::string_view other_name) {
  if (actor == other_actor) return true;
  const std::string a = NormalisedName(name);
  return !a.empty() && a == NormalisedName(other_name);
}

// "an officer", "a board" — for "an officer approval", "a board approval".
std::string WithArticle(absl::string_view word) {
  const bool vowel = !word.empty() && absl::string_view("aeiou").find(word[0]) != absl::string_view::npos;
  return absl::StrCat(vowel ? "an " : "a ", word);
}

std::string Who(absl::string_view actor, absl::string_view name) {
  return name.empty() ? std::string(actor) : absl::StrCat(name, " (", actor, ")");
}

// Per required role, the approvals still missing (roles already satisfied are left out).
std::vector<v1::RoleQuorum> Remaining(const v1::Proposal& proposal) {
  std::vector<v1::RoleQuorum> remaining;
  for (const v1::RoleQuorum& q : proposal.required()) {
    uint32_t have = 0;
    for (const v1::Vote& vote : proposal.votes()) have += vote.approve() && vote.role() == q.role() ? 1 : 0;
    if (have >= q.approvals()) continue;
    v1::RoleQuorum& left = remaining.emplace_back();
    left.set_role(q.role());
    left.set_approvals(q.approvals() - have);
  }
  return remaining;
}

uint32_t NeededOf(const std::vector<v1::RoleQuorum>& quorum, v1::Role role) {
  for (const v1::RoleQuorum& q : quorum) {
    if (q.role() == role) return q.approvals();
  }
  return 0;
}

absl::StatusOr<v1::Command> ParseProposedCommand(absl::string_view bytes) {
  if (bytes.empty()) return absl::InvalidArgumentError("a proposal needs the command it proposes");
  if (bytes.size() > kProposedCommandBytesMax) {
    return absl::InvalidArgumentError(absl::StrCat("the proposed command is ", bytes.size(), " bytes; at most ",
                                                   kProposedCommandBytesMax, " are allowed"));
  }
  v1::Command inner;
  if (!inner.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())) ||
      inner.kind_case() == v1::Command::KIND_NOT_SET) {
    return absl::InvalidArgumentError("the proposed command does not decode as a fondbok.v1.Command");
  }
  switch (inner.kind_case()) {
    case v1::Command::kPropose:
    case v1::Command::kApproveProposal:
    case v1::Command::kRejectProposal:
      return absl::InvalidArgumentError("a proposal cannot propose, approve or reject another proposal");
    default: return inner;
  }
}

absl::Status CheckComment(absl::string_view comment) {
  if (comment.size() > kCommentBytesMax) {
    return absl::InvalidArgumentError(absl::StrCat("a comment is at most ", kCommentBytesMax, " bytes; this one has ",
                                                   comment.size()));
  }
  return absl::OkStatus();
}

// "OPEN", "EXECUTED", "REJECTED".
std::string StateWord(v1::ProposalState state) {
  std::string name = v1::ProposalState_Name(state);
  return absl::StartsWith(name, "PROPOSAL_") ? name.substr(9) : name;
}

// The proposal `id`, which must exist and be open for `verb` ("approved", "rejected").
absl::StatusOr<v1::Proposal> LoadOpen(const ledger::StateReader& state, absl::string_view id, absl::string_view verb) {
  ASSIGN_OR_RETURN(auto proposal, ReadProposal(state, id));
  if (!proposal.has_value()) return absl::NotFoundError(absl::StrCat("proposal ", id, " does not exist"));
  if (proposal->state() != v1::PROPOSAL_OPEN) {
    return absl::FailedPreconditionError(absl::StrCat("proposal ", id, " is ",
                                                      StateWord(proposal->state()), " since seq ",
                                                      proposal->decided_seq(), "; only an open proposal can be ",
                                                      verb));
  }
  return *std::move(proposal);
}

absl::Status CheckNotVoted(const CommandContext& context, const v1::Proposal& proposal) {
  for (const v1::Vote& vote : proposal.votes()) {
    if (SamePerson(context.actor, context.actor_name, vote.actor(), vote.name())) {
      return absl::FailedPreconditionError(absl::StrCat(Who(vote.actor(), vote.name()), " already ",
                                                        vote.approve() ? "approved" : "rejected", " proposal ",
                                                        proposal.id(), " at seq ", vote.seq(),
                                                        "; one person votes once"));
    }
  }
  return absl::OkStatus();
}

v1::Vote MakeVote(const CommandContext& context, v1::Role role, bool approve, absl::string_view comment) {
  v1::Vote vote;
  vote.set_actor(std::string(context.actor));
  vote.set_name(std::string(context.actor_name));
  vote.set_role(role);
  vote.set_approve(approve);
  vote.set_comment(std::string(comment));
  return vote;  // seq and recorded_at_us come from the entry, in Project
}

absl::StatusOr<Decision> DecideReject(const CommandContext& context, const v1::RejectProposal& reject,
                                      const ledger::StateReader& state) {
  ASSIGN_OR_RETURN(v1::Proposal proposal, LoadOpen(state, reject.proposal_id(), "rejected"));
  if (absl::StripAsciiWhitespace(reject.comment()).empty()) {
    return absl::InvalidArgumentError("a rejection needs a comment saying why");
  }
  RETURN_IF_ERROR(CheckComment(reject.comment()));
  const v1::Role role = ActorRole(context);
  const bool withdrawn = SamePerson(context.actor, context.actor_name, proposal.proposer(), proposal.proposer_name());
  if (!withdrawn) {
    RETURN_IF_ERROR(CheckNotVoted(context, proposal));
    const std::vector<v1::RoleQuorum> required(proposal.required().begin(), proposal.required().end());
    if (NeededOf(required, role) == 0) {
      std::vector<std::string> roles;
      for (const v1::RoleQuorum& q : required) roles.push_back(RoleWord(q.role()));
      return absl::PermissionDeniedError(absl::StrCat(
          WithArticle(RoleWord(role)), " cannot reject proposal ", proposal.id(), ": only ",
          roles.empty() ? "its proposer" : absl::StrJoin(roles, " and "), " votes count in its quorum"));
    }
  }
  Decision decision;
  v1::ProposalRejected* event = decision.event.mutable_proposal_rejected();
  event->set_proposal_id(proposal.id());
  *event->mutable_vote() = MakeVote(context, role, false, reject.comment());
  event->set_withdrawn(withdrawn);
  return decision;
}

absl::StatusOr<Decision> DecideSetPolicy(const CommandContext& context, const v1::SetPolicy& set) {
  if (context.approved_by_proposal.empty()) {
    return absl::PermissionDeniedError("a policy change needs four eyes: propose it");
  }
  RETURN_IF_ERROR(ValidatePolicy(set.policy()));
  Decision decision;
  *decision.event.mutable_policy_set()->mutable_policy() = set.policy();
  return decision;
}

absl::Status ProjectVote(const v1::JournalEntry& entry, absl::string_view id, const v1::Vote& event_vote,
                         v1::ProposalState decided_state, ledger::ViewWriter& views) {
  ASSIGN_OR_RETURN(auto proposal, ReadProposal(views, id));
  if (!proposal.has_value()) return absl::DataLossError(absl::StrCat("a vote on unknown proposal ", id));
  v1::Vote* vote = proposal->add_votes();
  *vote = event_vote;
  vote->set_seq(entry.seq());
  vote->set_recorded_at_us(entry.recorded_at_us());
  if (decided_state != v1::PROPOSAL_STATE_UNSPECIFIED) {
    proposal->set_state(decided_state);
    proposal->set_decided_seq(entry.seq());
    views.Delete(OpenKey(id));
  }
  views.Put(ProposalKey(id), proposal->SerializeAsString());
  return absl::OkStatus();
}

absl::Status ProjectMade(const v1::JournalEntry& entry, ledger::ViewWriter& views) {
  v1::Proposal proposal = entry.event().proposal_made().proposal();
  ASSIGN_OR_RETURN(uint64_t number, ParseProposalId(proposal.id()));
  proposal.set_proposed_seq(entry.seq());
  if (proposal.state() == v1::PROPOSAL_OPEN) {
    views.Put(OpenKey(proposal.id()), "");
  } else {
    proposal.set_decided_seq(entry.seq());
  }
  views.Put(ProposalKey(proposal.id()), proposal.SerializeAsString());
  views.Put(kNextIdKey, absl::StrCat(number + 1));
  return absl::OkStatus();
}

}  // namespace

std::vector<int> ApprovalsModule::CommandCases() const {
  return {v1::Command::kPropose, v1::Command::kApproveProposal, v1::Command::kRejectProposal,
          v1::Command::kSetPolicy};
}

std::vector<int> ApprovalsModule::EventCases() const {
  return {v1::Event::kProposalMade, v1::Event::kProposalApproved, v1::Event::kProposalRejected,
          v1::Event::kPolicySet};
}

absl::StatusOr<Decision> ApprovalsModule::Decide(const CommandContext& context, const v1::Command& command,
                                                 const ledger::StateReader& state) const {
  switch (command.kind_case()) {
    case v1::Command::kPropose: return DecidePropose(context, command.propose(), state);
    case v1::Command::kApproveProposal: return DecideApprove(context, command.approve_proposal(), state);
    case v1::Command::kRejectProposal: return DecideReject(context, command.reject_proposal(), state);
    case v1::Command::kSetPolicy: return DecideSetPolicy(context, command.set_policy());
    default: return absl::InvalidArgumentError("not an approvals command");
  }
}

absl::StatusOr<ledger::ProposalTerms> ApprovalsModule::CurrentTerms(const CommandContext& context,
                                                                    const v1::Command& inner,
                                                                    const ledger::StateReader& state) const {
  const ledger::Module* owner = registry_->ForCommand(inner);
  if (owner == nullptr) return absl::InvalidArgumentError("this server has no module for the proposed command");
  ASSIGN_OR_RETURN(ledger::ProposalTerms terms, owner->Terms(context, inner, state));
  if (terms.action.empty()) {
    return absl::InternalError(absl::StrCat("module ", owner->Name(), " described a proposal without an action"));
  }
  return terms;
}

absl::StatusOr<Decision> ApprovalsModule::DecidePropose(const CommandContext& context, const v1::Propose& propose,
                                                        const ledger::StateReader& state) const {
  const v1::Role role = ActorRole(context);
  if (!CanPropose(role)) {
    return absl::PermissionDeniedError(absl::StrCat(WithArticle(RoleWord(role)),
                                                    " cannot make proposals; admin, officer and board can"));
  }
  RETURN_IF_ERROR(CheckComment(propose.comment()));
  ASSIGN_OR_RETURN(v1::Command inner, ParseProposedCommand(propose.command()));
  ASSIGN_OR_RETURN(ledger::ProposalTerms terms, CurrentTerms(context, inner, state));
  ASSIGN_OR_RETURN(v1::FundPolicy policy, ReadPolicy(state));
  const std::vector<v1::RoleQuorum> quorum = RequiredQuorum(policy, terms.action, terms.amount_ore);
  ASSIGN_OR_RETURN(uint64_t number, ReadNextProposalNumber(state));

  Decision decision;
  v1::Proposal* p = decision.event.mutable_proposal_made()->mutable_proposal();
  p->set_id(FormatProposalId(number));
  p->set_action(terms.action);
  p->set_subject(terms.subject);
  p->set_summary(terms.summary);
  p->set_amount_ore(terms.amount_ore);
  p->set_currency(terms.currency);
  p->set_basis(terms.basis);
  p->set_command(propose.command());
  p->set_proposer(std::string(context.actor));
  p->set_proposer_name(std::string(context.actor_name));
  p->set_proposer_role(role);
  p->set_comment(propose.comment());
  for (const v1::RoleQuorum& q : quorum) *p->add_required() = q;
  // No rule applies: still recorded as a proposal, and the command runs in the same request.
  p->set_state(quorum.empty() ? v1::PROPOSAL_EXECUTED : v1::PROPOSAL_OPEN);
  if (quorum.empty()) {
    decision.follow_ups.push_back(std::move(inner));
    decision.follow_ups_approved_by = p->id();
  }
  return decision;
}

absl::StatusOr<Decision> ApprovalsModule::DecideApprove(const CommandContext& context,
                                                        const v1::ApproveProposal& approve,
                                                        const ledger::StateReader& state) const {
  ASSIGN_OR_RETURN(v1::Proposal proposal, LoadOpen(state, approve.proposal_id(), "approved"));
  RETURN_IF_ERROR(CheckComment(approve.comment()));
  if (SamePerson(context.actor, context.actor_name, proposal.proposer(), proposal.proposer_name())) {
    return absl::PermissionDeniedError(absl::StrCat("cannot approve proposal ", proposal.id(), ": ",
                                                    Who(proposal.proposer(), proposal.proposer_name()),
                                                    " proposed it; four eyes need someone else"));
  }
  RETURN_IF_ERROR(CheckNotVoted(context, proposal));
  const v1::Role role = ActorRole(context);
  std::vector<v1::RoleQuorum> remaining = Remaining(proposal);
  if (NeededOf(remaining, role) == 0) {
    return absl::FailedPreconditionError(absl::StrCat("proposal ", proposal.id(), " still needs ",
                                                      DescribeQuorum(remaining), "; ", WithArticle(RoleWord(role)),
                                                      " approval does not count"));
  }
  uint32_t missing = 0;
  for (const v1::RoleQuorum& q : remaining) missing += q.approvals();
  const bool executes = missing == 1;  // this approval is the last one required

  Decision decision;
  v1::ProposalApproved* event = decision.event.mutable_proposal_approved();
  event->set_proposal_id(proposal.id());
  *event->mutable_vote() = MakeVote(context, role, true, approve.comment());
  event->set_executes(executes);
  if (!executes) return decision;

  // The state may have moved on since the proposal: ask the owning module again.
  ASSIGN_OR_RETURN(v1::Command inner, ParseProposedCommand(proposal.command()));
  auto terms = CurrentTerms(context, inner, state);
  if (!terms.ok() || terms->basis != proposal.basis()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "proposal ", proposal.id(), " can no longer execute: the basis changed (was \"", proposal.basis(), "\", now ",
        terms.ok() ? absl::StrCat("\"", terms->basis, "\"") : std::string(terms.status().message()),
        "); reject it and propose again"));
  }
  decision.follow_ups.push_back(std::move(inner));
  decision.follow_ups_approved_by = proposal.id();
  return decision;
}

absl::StatusOr<ledger::ProposalTerms> ApprovalsModule::Terms(const CommandContext&, const v1::Command& command,
                                                             const ledger::StateReader& state) const {
  if (!command.has_set_policy()) return absl::InvalidArgumentError("only a policy change can be proposed here");
  const v1::FundPolicy& policy = command.set_policy().policy();
  RETURN_IF_ERROR(ValidatePolicy(policy));
  ASSIGN_OR_RETURN(uint64_t policy_seq, ReadPolicySeq(state));
  std::vector<std::string> actions;
  for (const v1::ApprovalRule& rule : policy.rules()) {
    if (std::find(actions.begin(), actions.end(), rule.action()) == actions.end()) actions.push_back(rule.action());
  }
  ledger::ProposalTerms terms;
  terms.action = std::string(kPolicyChangeAction);
  terms.subject = "fund policy";
  terms.summary = absl::StrCat("set the fund policy: ", policy.rules_size(), " rules for ",
                               absl::StrJoin(actions, ", "));
  terms.basis = policy_seq == 0 ? "default policy" : absl::StrCat("policy set at seq ", policy_seq);
  return terms;
}

absl::Status ApprovalsModule::Project(const v1::JournalEntry& entry, ledger::ViewWriter& views) const {
  const v1::Event& event = entry.event();
  switch (event.kind_case()) {
    case v1::Event::kProposalMade: return ProjectMade(entry, views);
    case v1::Event::kProposalApproved:
      return ProjectVote(entry, event.proposal_approved().proposal_id(), event.proposal_approved().vote(),
                         event.proposal_approved().executes() ? v1::PROPOSAL_EXECUTED : v1::PROPOSAL_STATE_UNSPECIFIED,
                         views);
    case v1::Event::kProposalRejected:
      return ProjectVote(entry, event.proposal_rejected().proposal_id(), event.proposal_rejected().vote(),
                         v1::PROPOSAL_REJECTED, views);
    case v1::Event::kPolicySet:
      views.Put(kPolicyKey, event.policy_set().policy().SerializeAsString());
      views.Put(kPolicySeqKey, absl::StrCat(entry.seq()));
      return absl::OkStatus();
    default: return absl::InternalError("not an approvals event");
  }
}

}  // namespace fondbok::approvals
