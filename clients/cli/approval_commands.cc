// fondbok approval list | show | approve | reject | policy | propose-policy: the four-eyes inbox
// and the fund policy (ApprovalService). The server decides who may vote; the CLI shows what a
// proposal still needs, computed from its required quorum and its votes.
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <CLI/CLI.hpp>
#include <google/protobuf/util/json_util.h>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "clients/cli/arguments.h"
#include "clients/cli/commands.h"
#include "clients/cli/json.h"
#include "clients/cli/render.h"
#include "clients/cli/table.h"
#include "fondbok/v1/approval_service.pb.h"
#include "ledger/status_macros.h"

namespace fondbok::cli {
namespace {

constexpr int kListPagesMax = 100;
constexpr int kListPageSize = 1000;

std::string StateText(v1::ProposalState state) {
  switch (state) {
    case v1::PROPOSAL_OPEN: return "open";
    case v1::PROPOSAL_EXECUTED: return "executed";
    case v1::PROPOSAL_REJECTED: return "rejected";
    default: return "unspecified";
  }
}

// "2 officer approvals and 1 board approval"; `none` when the list asks for nothing.
std::string QuorumText(const std::vector<v1::RoleQuorum>& quorum, absl::string_view none) {
  std::vector<std::string> parts;
  for (const v1::RoleQuorum& q : quorum) {
    if (q.approvals() == 0) continue;
    parts.push_back(absl::StrCat(q.approvals(), " ", RoleWord(q.role()), " approval", q.approvals() == 1 ? "" : "s"));
  }
  return parts.empty() ? std::string(none) : absl::StrJoin(parts, " and ");
}

std::vector<v1::RoleQuorum> Required(const v1::Proposal& p) {
  return std::vector<v1::RoleQuorum>(p.required().begin(), p.required().end());
}

// Per required role, the approvals not yet given (an approval counts for its approver's role).
std::vector<v1::RoleQuorum> StillNeeded(const v1::Proposal& p) {
  std::vector<v1::RoleQuorum> left;
  for (const v1::RoleQuorum& q : p.required()) {
    uint32_t have = 0;
    for (const v1::Vote& v : p.votes()) have += v.approve() && v.role() == q.role() ? 1 : 0;
    if (have >= q.approvals()) continue;
    v1::RoleQuorum& r = left.emplace_back();
    r.set_role(q.role());
    r.set_approvals(q.approvals() - have);
  }
  return left;
}

std::string NeedsText(const v1::Proposal& p) {
  return p.state() == v1::PROPOSAL_OPEN ? QuorumText(StillNeeded(p), "nothing") : "-";
}

std::string Person(const std::string& id, const std::string& name) {
  return name.empty() ? id : absl::StrCat(name, " (", id, ")");
}

std::string AmountText(const v1::Proposal& p) {
  return p.amount_ore() == 0 && p.currency().empty() ? "-" : FormatMoney(p.amount_ore(), p.currency());
}

std::string RenderVotes(const v1::Proposal& p) {
  if (p.votes_size() == 0) return "votes: none yet\n";
  Table table({{"SEQ", Table::Align::kRight}, {"VOTE"}, {"NAME"}, {"ROLE"}, {"RECORDED"}, {"COMMENT"}});
  for (const v1::Vote& v : p.votes()) {
    const bool withdrawal = !v.approve() && v.actor() == p.proposer();
    table.AddRow({absl::StrCat(v.seq()), v.approve() ? "approve" : (withdrawal ? "withdraw" : "reject"),
                  Person(v.actor(), v.name()), RoleWord(v.role()), FormatTimeUs(v.recorded_at_us(), "-"),
                  v.comment().empty() ? "-" : v.comment()});
  }
  return absl::StrCat("votes:\n", table.Render());
}

std::string RenderProposal(const v1::Proposal& p) {
  std::vector<std::pair<std::string, std::string>> rows = {
      {"proposal", p.id()},
      {"state", StateText(p.state())},
      {"action", p.action()},
      {"subject", p.subject()},
      {"summary", p.summary().empty() ? "-" : p.summary()},
      {"amount", AmountText(p)},
      {"proposer", absl::StrCat(Person(p.proposer(), p.proposer_name()), ", ", RoleWord(p.proposer_role()))},
      {"comment", p.comment().empty() ? "-" : p.comment()},
      {"basis", p.basis()},
      {"requires", QuorumText(Required(p), "nothing (executed on proposal)")},
      {"still needs", NeedsText(p)},
      {"proposed at seq", absl::StrCat(p.proposed_seq())},
      {"decided at seq", p.decided_seq() == 0 ? "-" : absl::StrCat(p.decided_seq())},
  };
  Table table({{"", Table::Align::kLeft}, {"", Table::Align::kLeft}});
  for (auto& [key, value] : rows) table.AddRow({key, value});
  return absl::StrCat(table.Render(), RenderVotes(p));
}

std::string RenderProposals(const Repeated<v1::Proposal>& proposals) {
  Table table({{"ID"}, {"STATE"}, {"ACTION"}, {"SUBJECT"}, {"AMOUNT", Table::Align::kRight}, {"PROPOSER"},
               {"STILL NEEDS"}});
  for (const v1::Proposal& p : proposals) {
    table.AddRow({p.id(), StateText(p.state()), p.action(), p.subject(), AmountText(p),
                  Person(p.proposer(), p.proposer_name()), NeedsText(p)});
  }
  return table.Render();
}

std::string RenderPolicy(const v1::FundPolicy& policy) {
  Table table({{"ACTION"}, {"ABOVE", Table::Align::kRight}, {"REQUIRES"}});
  for (const v1::ApprovalRule& r : policy.rules()) {
    table.AddRow({r.action(), r.has_above_amount_ore() ? FormatMoney(r.above_amount_ore(), "SEK") : "always",
                  QuorumText(std::vector<v1::RoleQuorum>(r.quorum().begin(), r.quorum().end()), "nothing")});
  }
  return table.Render();
}

// The one line after a vote or proposal: what happened and what is still needed.
std::string Outcome(const v1::Proposal& p, absl::string_view verb) {
  switch (p.state()) {
    case v1::PROPOSAL_EXECUTED: return absl::StrCat("proposal ", p.id(), " ", verb, ": executed");
    case v1::PROPOSAL_REJECTED: return absl::StrCat("proposal ", p.id(), " ", verb, ": rejected");
    default: return absl::StrCat("proposal ", p.id(), " ", verb, "; still needs ", NeedsText(p));
  }
}

absl::Status PrintDecision(CommandContext& context, const absl::StatusOr<v1::DecisionResponse>& response,
                           absl::string_view verb) {
  if (!response.ok()) return context.Explain(response.status());
  if (context.json()) {
    context.out() << ProtoToJson(*response) << "\n";
  } else {
    context.out() << Outcome(response->proposal(), verb) << "\n" << RenderWriteResult(response->result());
  }
  return absl::OkStatus();
}

absl::Status RunList(CommandContext& context, bool all) {
  ASSIGN_OR_RETURN(const client::Client* client, context.client());
  v1::ListProposalsResponse everything;
  v1::ListProposalsRequest request;
  request.set_open_only(!all);
  request.set_limit(kListPageSize);
  for (int page = 0; page < kListPagesMax; ++page) {
    auto response = client->ListProposals(request);
    if (!response.ok()) return context.Explain(response.status());
    for (v1::Proposal& p : *response->mutable_proposals()) *everything.add_proposals() = std::move(p);
    if (response->next_after_id().empty()) break;
    request.set_after_id(response->next_after_id());
    if (page + 1 == kListPagesMax) everything.set_next_after_id(response->next_after_id());
  }
  context.out() << (context.json() ? ProtoToJson(everything) + "\n" : RenderProposals(everything.proposals()));
  return absl::OkStatus();
}

std::string ProposalIdArg(const std::string& text) { return absl::AsciiStrToUpper(text); }

absl::Status RunShow(CommandContext& context, const std::string& id) {
  ASSIGN_OR_RETURN(const client::Client* client, context.client());
  v1::GetProposalRequest request;
  request.set_proposal_id(ProposalIdArg(id));
  auto proposal = client->GetProposal(request);
  if (!proposal.ok()) return context.Explain(proposal.status());
  context.out() << (context.json() ? ProtoToJson(*proposal) + "\n" : RenderProposal(*proposal));
  return absl::OkStatus();
}

struct VoteArgs {
  std::string id;
  std::string comment;
  std::string request_id;
};

absl::Status RunApprove(CommandContext& context, const VoteArgs& args) {
  ASSIGN_OR_RETURN(const client::Client* client, context.client());
  v1::ApproveRequest request;
  ASSIGN_OR_RETURN(*request.mutable_request_id(), context.RequestId(args.request_id));
  request.set_proposal_id(ProposalIdArg(args.id));
  request.set_comment(args.comment);
  return PrintDecision(context, client->ApproveProposal(request), "approved");
}

absl::Status RunReject(CommandContext& context, const VoteArgs& args) {
  ASSIGN_OR_RETURN(const client::Client* client, context.client());
  v1::RejectRequest request;
  ASSIGN_OR_RETURN(*request.mutable_request_id(), context.RequestId(args.request_id));
  request.set_proposal_id(ProposalIdArg(args.id));
  request.set_comment(args.comment);
  return PrintDecision(context, client->RejectProposal(request), "voted on");
}

absl::Status RunPolicy(CommandContext& context) {
  ASSIGN_OR_RETURN(const client::Client* client, context.client());
  auto policy = client->GetPolicy(v1::GetPolicyRequest());
  if (!policy.ok()) return context.Explain(policy.status());
  context.out() << (context.json() ? ProtoToJson(*policy) + "\n" : RenderPolicy(*policy));
  return absl::OkStatus();
}

// A FundPolicy in protobuf's JSON mapping, e.g.
// {"rules":[{"action":"policy.change","quorum":[{"role":"ADMIN","approvals":2}]}]}.
absl::StatusOr<v1::FundPolicy> ReadPolicyFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return UsageError(absl::InvalidArgumentError(absl::StrCat("--file: cannot read ", path)));
  std::stringstream buffer;
  buffer << in.rdbuf();
  v1::FundPolicy policy;
  auto parsed = google::protobuf::util::JsonStringToMessage(buffer.str(), &policy);
  if (!parsed.ok()) {
    return UsageError(absl::InvalidArgumentError(absl::StrCat(
        "--file ", path, " is not a fund policy in JSON (", parsed.message().as_string(),
        "); e.g. {\"rules\":[{\"action\":\"policy.change\",\"quorum\":[{\"role\":\"ADMIN\",\"approvals\":2}]}]}")));
  }
  return policy;
}

struct ProposePolicyArgs {
  std::string file;
  std::string comment;
  std::string request_id;
};

absl::Status RunProposePolicy(CommandContext& context, const ProposePolicyArgs& args) {
  ASSIGN_OR_RETURN(v1::FundPolicy policy, ReadPolicyFile(args.file));
  ASSIGN_OR_RETURN(const client::Client* client, context.client());
  v1::ProposePolicyRequest request;
  ASSIGN_OR_RETURN(*request.mutable_request_id(), context.RequestId(args.request_id));
  *request.mutable_policy() = std::move(policy);
  request.set_comment(args.comment);
  return PrintDecision(context, client->ProposePolicy(request), "made");
}

void AddVote(CLI::App* approval, CommandContext& context, const std::string& name, bool approve) {
  auto args = std::make_shared<VoteArgs>();
  CLI::App* command = approval->add_subcommand(
      name, approve ? "Approve a proposal (the last approval executes it)" : "Reject a proposal, or withdraw your own");
  command->add_option("id", args->id, "Proposal id, P-…")->required();
  auto* comment = command->add_option("--comment", args->comment, approve ? "Why (optional)" : "Why (required)");
  if (!approve) comment->required();
  command->add_option("--request-id", args->request_id, "Idempotency key (default: a fresh one)");
  command->callback([&context, args, approve] {
    context.set_action([&context, args, approve] {
      return approve ? RunApprove(context, *args) : RunReject(context, *args);
    });
  });
}

void AddProposePolicy(CLI::App* approval, CommandContext& context) {
  auto args = std::make_shared<ProposePolicyArgs>();
  CLI::App* command = approval->add_subcommand("propose-policy", "Propose a new fund policy (four eyes)");
  command->add_option("--file", args->file, "The policy as JSON (protobuf's JSON mapping of FundPolicy)")
      ->required();
  command->add_option("--comment", args->comment, "Why");
  command->add_option("--request-id", args->request_id, "Idempotency key (default: a fresh one)");
  command->callback([&context, args] {
    context.set_action([&context, args] { return RunProposePolicy(context, *args); });
  });
}

}  // namespace

void AddApprovalCommands(CLI::App& app, CommandContext& context) {
  CLI::App* approval = app.add_subcommand("approval", "Four eyes: proposals, votes and the fund policy");
  approval->require_subcommand(1);
  auto all = std::make_shared<bool>(false);
  CLI::App* list = approval->add_subcommand("list", "List open proposals (--all: every proposal)");
  list->add_flag("--all", *all, "Include executed and rejected proposals");
  list->callback([&context, all] {
    context.set_action([&context, all] { return RunList(context, *all); });
  });
  auto id = std::make_shared<std::string>();
  CLI::App* show = approval->add_subcommand("show", "Show a proposal, what it still needs and its votes");
  show->add_option("id", *id, "Proposal id, P-…")->required();
  show->callback([&context, id] {
    context.set_action([&context, id] { return RunShow(context, *id); });
  });
  AddVote(approval, context, "approve", true);
  AddVote(approval, context, "reject", false);
  approval->add_subcommand("policy", "Show the fund policy in force")->callback([&context] {
    context.set_action([&context] { return RunPolicy(context); });
  });
  AddProposePolicy(approval, context);
}

}  // namespace fondbok::cli
