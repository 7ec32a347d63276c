// AdminService adapter: tokens, backup, who-am-i. Translates only; rules live in AuthModule.
#ifndef FONDBOK_SERVICES_AUTH_ADMIN_SERVICE_H_
#define FONDBOK_SERVICES_AUTH_ADMIN_SERVICE_H_

#include "fondbok/v1/admin_service.grpc.pb.h"
#include "services/common/service_env.h"

namespace fondbok::services {

class AdminServiceImpl final : public v1::AdminService::CallbackService {
 public:
  explicit AdminServiceImpl(ServiceEnv env) : env_(env) {}

  grpc::ServerUnaryReactor* CreateToken(grpc::CallbackServerContext* context, const v1::CreateTokenRequest* request,
                                        v1::CreateTokenResponse* response) override;
  grpc::ServerUnaryReactor* RevokeToken(grpc::CallbackServerContext* context, const v1::RevokeTokenRequest* request,
                                        v1::WriteResult* response) override;
  grpc::ServerUnaryReactor* ListTokens(grpc::CallbackServerContext* context, const v1::ListTokensRequest* request,
                                       v1::ListTokensResponse* response) override;
  grpc::ServerUnaryReactor* Backup(grpc::CallbackServerContext* context, const v1::BackupRequest* request,
                                   v1::BackupResponse* response) override;
  grpc::ServerUnaryReactor* WhoAmI(grpc::CallbackServerContext* context, const v1::WhoAmIRequest* request,
                                   v1::Principal* response) override;

 private:
  ServiceEnv env_;
};

}  // namespace fondbok::services

#endif  // FONDBOK_SERVICES_AUTH_ADMIN_SERVICE_H_
