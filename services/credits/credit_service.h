// CreditService adapter: authenticate, authorise, translate requests into credits commands (or
// four-eyes proposals of them) and answer from the views after the group commit. No business
// rule lives here: the credits module decides (services/credits/credits_module.h).
#ifndef FONDBOK_SERVICES_CREDITS_CREDIT_SERVICE_H_
#define FONDBOK_SERVICES_CREDITS_CREDIT_SERVICE_H_

#include "fondbok/v1/credit_service.grpc.pb.h"
#include "services/common/service_env.h"

namespace fondbok::credits {

class CreditServiceImpl final : public v1::CreditService::CallbackService {
 public:
  explicit CreditServiceImpl(services::ServiceEnv env) : env_(env) {}
  grpc::ServerUnaryReactor* DefineProduct(grpc::CallbackServerContext*, const v1::DefineProductRequest*, v1::ProductResponse*) override;
  grpc::ServerUnaryReactor* ListProducts(grpc::CallbackServerContext*, const v1::ListProductsRequest*, v1::ListProductsResponse*) override;
  grpc::ServerUnaryReactor* SetSettings(grpc::CallbackServerContext*, const v1::SetSettingsRequest*, v1::SettingsResponse*) override;
  grpc::ServerUnaryReactor* GetSettings(grpc::CallbackServerContext*, const v1::GetSettingsRequest*, v1::SettingsResponse*) override;
  grpc::ServerUnaryReactor* DepositCapital(grpc::CallbackServerContext*, const v1::DepositCapitalRequest*, v1::CapitalResponse*) override;
  grpc::ServerUnaryReactor* WithdrawCapital(grpc::CallbackServerContext*, const v1::WithdrawCapitalRequest*, v1::CapitalResponse*) override;
  grpc::ServerUnaryReactor* ListCapital(grpc::CallbackServerContext*, const v1::ListCapitalRequest*, v1::ListCapitalResponse*) override;
  grpc::ServerUnaryReactor* Apply(grpc::CallbackServerContext*, const v1::ApplyRequest*, v1::CreditResponse*) override;
  grpc::ServerUnaryReactor* Submit(grpc::CallbackServerContext*, const v1::CreditIdRequest*, v1::CreditResponse*) override;
  grpc::ServerUnaryReactor* Withdraw(grpc::CallbackServerContext*, const v1::CreditReasonRequest*, v1::CreditResponse*) override;
  grpc::ServerUnaryReactor* Assess(grpc::CallbackServerContext*, const v1::AssessRequest*, v1::CreditResponse*) override;
  grpc::ServerUnaryReactor* ProposeApproval(grpc::CallbackServerContext*, const v1::ProposeApprovalRequest*, v1::ProposalResponse*) override;
  grpc::ServerUnaryReactor* Reject(grpc::CallbackServerContext*, const v1::CreditReasonRequest*, v1::CreditResponse*) override;
  grpc::ServerUnaryReactor* Cancel(grpc::CallbackServerContext*, const v1::CreditReasonRequest*, v1::CreditResponse*) override;
  grpc::ServerUnaryReactor* Lapse(grpc::CallbackServerContext*, const v1::CreditIdRequest*, v1::CreditResponse*) override;
  grpc::ServerUnaryReactor* Disburse(grpc::CallbackServerContext*, const v1::DisburseRequest*, v1::CreditResponse*) override;
  grpc::ServerUnaryReactor* Repay(grpc::CallbackServerContext*, const v1::RepayRequest*, v1::CreditResponse*) override;
  grpc::ServerUnaryReactor* Remind(grpc::CallbackServerContext*, const v1::RemindRequest*, v1::CreditResponse*) override;
  grpc::ServerUnaryReactor* ProposeReschedule(grpc::CallbackServerContext*, const v1::ProposeRescheduleRequest*, v1::ProposalResponse*) override;
  grpc::ServerUnaryReactor* ProposeWriteOff(grpc::CallbackServerContext*, const v1::CreditReasonRequest*, v1::ProposalResponse*) override;
  grpc::ServerUnaryReactor* RecordRecovery(grpc::CallbackServerContext*, const v1::RecoveryRequest*, v1::CreditResponse*) override;
  grpc::ServerUnaryReactor* GetCredit(grpc::CallbackServerContext*, const v1::GetCreditRequest*, v1::CreditResponse*) override;
  grpc::ServerUnaryReactor* ListCredits(grpc::CallbackServerContext*, const v1::ListCreditsRequest*, v1::ListCreditsResponse*) override;
  grpc::ServerUnaryReactor* Portfolio(grpc::CallbackServerContext*, const v1::PortfolioRequest*, v1::PortfolioResponse*) override;

 private:
  services::ServiceEnv env_;
};

}  // namespace fondbok::credits

#endif  // FONDBOK_SERVICES_CREDITS_CREDIT_SERVICE_H_
