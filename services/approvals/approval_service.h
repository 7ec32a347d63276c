// ApprovalService adapter: the four-eyes inbox (list, show, approve, reject) and the fund policy.
// Translates only; every rule lives in ApprovalsModule. Reads need Access::kProposalRead, votes
// Access::kProposalDecide, a policy proposal Access::kPolicyPropose. Thread-safe.
#ifndef FONDBOK_SERVICES_APPROVALS_APPROVAL_SERVICE_H_
#define FONDBOK_SERVICES_APPROVALS_APPROVAL_SERVICE_H_

#include "fondbok/v1/approval_service.grpc.pb.h"
#include "services/common/service_env.h"

namespace fondbok::approvals {

inline constexpr int kListProposalsDefault = 100;
inline constexpr int kListProposalsMax = 1000;

class ApprovalServiceImpl final : public v1::ApprovalService::CallbackService {
 public:
  explicit ApprovalServiceImpl(services::ServiceEnv env) : env_(env) {}

  grpc::ServerUnaryReactor* ListProposals(grpc::CallbackServerContext* context,
                                          const v1::ListProposalsRequest* request,
                                          v1::ListProposalsResponse* response) override;
  grpc::ServerUnaryReactor* GetProposal(grpc::CallbackServerContext* context, const v1::GetProposalRequest* request,
                                        v1::Proposal* response) override;
  // After the commit the response holds the proposal as it is then (EXECUTED when this approval
  // was the last) and the entries written: the approval's, then the executed command's.
  grpc::ServerUnaryReactor* Approve(grpc::CallbackServerContext* context, const v1::ApproveRequest* request,
                                    v1::DecisionResponse* response) override;
  grpc::ServerUnaryReactor* Reject(grpc::CallbackServerContext* context, const v1::RejectRequest* request,
                                   v1::DecisionResponse* response) override;
  grpc::ServerUnaryReactor* GetPolicy(grpc::CallbackServerContext* context, const v1::GetPolicyRequest* request,
                                      v1::FundPolicy* response) override;
  // Proposes SetPolicy{policy} under four eyes; the response holds the new proposal.
  grpc::ServerUnaryReactor* ProposePolicy(grpc::CallbackServerContext* context,
                                          const v1::ProposePolicyRequest* request,
                                          v1::DecisionResponse* response) override;

 private:
  services::ServiceEnv env_;
};

}  // namespace fondbok::approvals

#endif  // FONDBOK_SERVICES_APPROVALS_APPROVAL_SERVICE_H_
