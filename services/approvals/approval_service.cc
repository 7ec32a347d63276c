#include "services/approvals/approval_service.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "ledger/status_macros.h"
#include "services/approvals/approval_keys.h"

namespace fondbok::approvals {
namespace {

using services::Access;

const std::string kListProposals = "ApprovalService.ListProposals";
const std::string kGetProposal = "ApprovalService.GetProposal";
const std::string kApprove = "ApprovalService.Approve";
const std::string kReject = "ApprovalService.Reject";
const std::string kGetPolicy = "ApprovalService.GetPolicy";
const std::string kProposePolicy = "ApprovalService.ProposePolicy";

// Fills `response` from a fresh snapshot after a commit: the proposal the first entry written
// belongs to, as it is now. A proposal that cannot be read back leaves only the result.
void FillDecision(const services::ServiceEnv& env, const v1::WriteResult& result, v1::DecisionResponse* response) {
  *response->mutable_result() = result;
  auto snapshot = env.storage->NewSnapshot();
  auto entry = services::FirstEntryOf(*snapshot, result);
  if (!entry.ok()) return;
  auto id = ProposalIdOf(*entry);
  if (!id.ok()) return;
  auto proposal = ReadProposal(*snapshot, *id);
  if (proposal.ok() && proposal->has_value()) *response->mutable_proposal() = **proposal;
}

absl::Status ListInto(const ledger::KvReader& reader, const v1::ListProposalsRequest& request,
                      v1::ListProposalsResponse* response) {
  if (request.limit() < 0 || request.limit() > kListProposalsMax) {
    return absl::InvalidArgumentError(absl::StrCat("limit ", request.limit(), " is out of range: give 1 to ",
                                                   kListProposalsMax, ", or 0 for ", kListProposalsDefault));
  }
  const size_t limit = request.limit() == 0 ? kListProposalsDefault : static_cast<size_t>(request.limit());
  const absl::string_view prefix = request.open_only() ? kOpenKeyPrefix : kProposalKeyPrefix;
  // Start just past after_id: its key followed by a zero byte.
  const std::string start = request.after_id().empty() ? std::string(prefix)
                                                       : absl::StrCat(prefix, request.after_id(), std::string(1, '\0'));
  std::vector<std::string> ids;
  bool more = false;
  RETURN_IF_ERROR(reader.Scan(ledger::Space::kViews, start, ledger::PrefixEnd(prefix),
                              [&](absl::string_view key, absl::string_view) {
                                if (ids.size() == limit) {
                                  more = true;
                                  return false;
                                }
                                ids.emplace_back(key.substr(prefix.size()));
                                return true;
                              }));
  for (const std::string& id : ids) {
    ASSIGN_OR_RETURN(auto proposal, ReadProposal(reader, id));
    if (!proposal.has_value()) return absl::DataLossError(absl::StrCat("open proposal ", id, " is not stored"));
    *response->add_proposals() = *std::move(proposal);
  }
  if (more && !ids.empty()) response->set_next_after_id(ids.back());
  return absl::OkStatus();
}

}  // namespace

grpc::ServerUnaryReactor* ApprovalServiceImpl::ListProposals(grpc::CallbackServerContext* context,
                                                             const v1::ListProposalsRequest* request,
                                                             v1::ListProposalsResponse* response) {
  return services::ServeRead(env_, context, kListProposals, Access::kProposalRead,
                             [&](const v1::Principal&, const ledger::StorageReader& reader) {
                               return ListInto(reader, *request, response);
                             });
}

grpc::ServerUnaryReactor* ApprovalServiceImpl::GetProposal(grpc::CallbackServerContext* context,
                                                           const v1::GetProposalRequest* request,
                                                           v1::Proposal* response) {
  return services::ServeRead(env_, context, kGetProposal, Access::kProposalRead,
                             [&](const v1::Principal&, const ledger::StorageReader& reader) -> absl::Status {
                               RETURN_IF_ERROR(ParseProposalId(request->proposal_id()).status());
                               ASSIGN_OR_RETURN(auto proposal, ReadProposal(reader, request->proposal_id()));
                               if (!proposal.has_value()) {
                                 return absl::NotFoundError(
                                     absl::StrCat("proposal ", request->proposal_id(), " does not exist"));
                               }
                               *response = *std::move(proposal);
                               return absl::OkStatus();
                             });
}

grpc::ServerUnaryReactor* ApprovalServiceImpl::Approve(grpc::CallbackServerContext* context,
                                                       const v1::ApproveRequest* request,
                                                       v1::DecisionResponse* response) {
  v1::Command command;
  command.mutable_approve_proposal()->set_proposal_id(request->proposal_id());
  command.mutable_approve_proposal()->set_comment(request->comment());
  services::ServiceEnv env = env_;
  return services::SubmitWrite(env_, context, kApprove, Access::kProposalDecide, *request, request->request_id(),
                               std::move(command),
                               [env, response](const v1::WriteResult& result) { FillDecision(env, result, response); });
}

grpc::ServerUnaryReactor* ApprovalServiceImpl::Reject(grpc::CallbackServerContext* context,
                                                      const v1::RejectRequest* request,
                                                      v1::DecisionResponse* response) {
  v1::Command command;
  command.mutable_reject_proposal()->set_proposal_id(request->proposal_id());
  command.mutable_reject_proposal()->set_comment(request->comment());
  services::ServiceEnv env = env_;
  return services::SubmitWrite(env_, context, kReject, Access::kProposalDecide, *request, request->request_id(),
                               std::move(command),
                               [env, response](const v1::WriteResult& result) { FillDecision(env, result, response); });
}

grpc::ServerUnaryReactor* ApprovalServiceImpl::GetPolicy(grpc::CallbackServerContext* context,
                                                         const v1::GetPolicyRequest*, v1::FundPolicy* response) {
  return services::ServeRead(env_, context, kGetPolicy, Access::kProposalRead,
                             [&](const v1::Principal&, const ledger::StorageReader& reader) -> absl::Status {
                               ASSIGN_OR_RETURN(*response, ReadPolicy(reader));
                               return absl::OkStatus();
                             });
}

grpc::ServerUnaryReactor* ApprovalServiceImpl::ProposePolicy(grpc::CallbackServerContext* context,
                                                             const v1::ProposePolicyRequest* request,
                                                             v1::DecisionResponse* response) {
  v1::Command set_policy;
  *set_policy.mutable_set_policy()->mutable_policy() = request->policy();
  v1::Command command;
  command.mutable_propose()->set_command(set_policy.SerializeAsString());
  command.mutable_propose()->set_comment(request->comment());
  services::ServiceEnv env = env_;
  return services::SubmitWrite(env_, context, kProposePolicy, Access::kPolicyPropose, *request,
                               request->request_id(), std::move(command),
                               [env, response](const v1::WriteResult& result) { FillDecision(env, result, response); });
}

}  // namespace fondbok::approvals
