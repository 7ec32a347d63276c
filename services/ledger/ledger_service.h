// LedgerService adapter: authenticate, authorise, translate to ledger commands or queries. Writes
// go through the sequencer and are answered after the group commit; reads run on snapshots.
#ifndef FONDBOK_SERVICES_LEDGER_LEDGER_SERVICE_H_
#define FONDBOK_SERVICES_LEDGER_LEDGER_SERVICE_H_

#include "fondbok/v1/ledger_service.grpc.pb.h"
#include "services/common/service_env.h"

namespace fondbok::services {

class LedgerServiceImpl final : public v1::LedgerService::CallbackService {
 public:
  explicit LedgerServiceImpl(ServiceEnv env) : env_(env) {}

  grpc::ServerUnaryReactor* CreateAccount(grpc::CallbackServerContext*, const v1::CreateAccountRequest*,
                                          v1::WriteResult*) override;
  grpc::ServerUnaryReactor* Post(grpc::CallbackServerContext*, const v1::PostRequest*, v1::WriteResult*) override;
  grpc::ServerUnaryReactor* PostPending(grpc::CallbackServerContext*, const v1::PostPendingRequest*,
                                        v1::WriteResult*) override;
  grpc::ServerUnaryReactor* VoidPending(grpc::CallbackServerContext*, const v1::VoidPendingRequest*,
                                        v1::WriteResult*) override;
  grpc::ServerUnaryReactor* Reverse(grpc::CallbackServerContext*, const v1::ReverseRequest*,
                                    v1::WriteResult*) override;
  grpc::ServerUnaryReactor* ClosePeriod(grpc::CallbackServerContext*, const v1::ClosePeriodRequest*,
                                        v1::WriteResult*) override;
  grpc::ServerUnaryReactor* SubmitLinked(grpc::CallbackServerContext*, const v1::LinkedRequest*,
                                         v1::WriteResult*) override;

  grpc::ServerUnaryReactor* GetAccount(grpc::CallbackServerContext*, const v1::GetAccountRequest*,
                                       v1::Account*) override;
  grpc::ServerUnaryReactor* ListAccounts(grpc::CallbackServerContext*, const v1::ListAccountsRequest*,
                                         v1::ListAccountsResponse*) override;
  grpc::ServerUnaryReactor* GetBalance(grpc::CallbackServerContext*, const v1::GetBalanceRequest*,
                                       v1::Balance*) override;
  grpc::ServerUnaryReactor* GetHistory(grpc::CallbackServerContext*, const v1::GetHistoryRequest*,
                                       v1::GetHistoryResponse*) override;
  grpc::ServerUnaryReactor* ListEntries(grpc::CallbackServerContext*, const v1::ListEntriesRequest*,
                                        v1::ListEntriesResponse*) override;
  grpc::ServerUnaryReactor* GetPeriods(grpc::CallbackServerContext*, const v1::GetPeriodsRequest*,
                                       v1::GetPeriodsResponse*) override;
  grpc::ServerWriteReactor<v1::JournalEntry>* Follow(grpc::CallbackServerContext*,
                                                     const v1::FollowRequest*) override;

 private:
  grpc::ServerUnaryReactor* Write(grpc::CallbackServerContext* context, const std::string& method, Access access,
                                  const google::protobuf::Message& request, const std::string& request_id,
                                  std::vector<v1::Command> commands, v1::WriteResult* response);
  ServiceEnv env_;
};

}  // namespace fondbok::services

#endif  // FONDBOK_SERVICES_LEDGER_LEDGER_SERVICE_H_
