#include "services/common/service_env.h"

#include "absl/strings/str_cat.h"
#include "ledger/queries.h"
#include "ledger/status_macros.h"
#include "services/common/fingerprint.h"
#include "services/common/grpc_status.h"

namespace fondbok::services {

void FinishRpc(const ServiceEnv& env, const std::string& method, absl::Time started,
               grpc::ServerUnaryReactor* reactor, const absl::Status& status) {
  grpc::Status grpc_status = ToGrpcStatus(status);
  if (env.metrics != nullptr) env.metrics->ObserveRpc(method, grpc_status.error_code(), absl::Now() - started);
  reactor->Finish(grpc_status);
}

grpc::ServerUnaryReactor* SubmitWrite(const ServiceEnv& env, grpc::CallbackServerContext* context,
                                      const std::string& method, Access access,
                                      const google::protobuf::Message& request, const std::string& request_id,
                                      std::vector<v1::Command> commands,
                                      std::function<void(const v1::WriteResult&)> on_success) {
  const absl::Time started = absl::Now();
  auto principal = env.auth->Authenticate(*context, access, method);
  if (!principal.ok()) {
    grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
    FinishRpc(env, method, started, reactor, principal.status());
    return reactor;
  }
  return SubmitWriteAs(env, context, method, started, *principal, RequestFingerprint(request), request_id,
                       std::move(commands), std::move(on_success));
}

grpc::ServerUnaryReactor* SubmitWrite(const ServiceEnv& env, grpc::CallbackServerContext* context,
                                      const std::string& method, Access access,
                                      const google::protobuf::Message& request, const std::string& request_id,
                                      v1::Command command, std::function<void(const v1::WriteResult&)> on_success) {
  std::vector<v1::Command> commands;
  commands.push_back(std::move(command));
  return SubmitWrite(env, context, method, access, request, request_id, std::move(commands), std::move(on_success));
}

absl::StatusOr<v1::JournalEntry> FirstEntryOf(const ledger::StorageReader& reader, const v1::WriteResult& result) {
  if (result.entries_size() == 0) return absl::NotFoundError("the write produced no entry");
  ASSIGN_OR_RETURN(auto entries, ledger::QueryEntries(reader, result.entries(0).seq(), 1));
  if (entries.empty()) return absl::InternalError(absl::StrCat("entry ", result.entries(0).seq(), " is missing"));
  return std::move(entries.front());
}

grpc::ServerUnaryReactor* SubmitWriteAs(const ServiceEnv& env, grpc::CallbackServerContext* context,
                                        const std::string& method, absl::Time started,
                                        const v1::Principal& principal, const std::string& payload_sha256,
                                        const std::string& request_id, std::vector<v1::Command> commands,
                                        std::function<void(const v1::WriteResult&)> on_success,
                                        size_t commands_max) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  ledger::WriteRequest write;
  write.actor = principal.id();
  write.actor_role = std::string(RoleName(principal.role()));
  write.actor_name = principal.name();
  write.actor_organisation = principal.organisation();
  write.request_id = request_id;
  write.payload_sha256 = payload_sha256;
  write.commands = std::move(commands);
  write.commands_max = commands_max;
  // The env is copied: the callback may outlive the adapter's stack frame but not the server.
  write.done = [env, method, started, reactor, on_success = std::move(on_success)](
                   absl::StatusOr<v1::WriteResult> result) {
    if (result.ok()) on_success(*result);
    FinishRpc(env, method, started, reactor, result.status());
  };
  env.sequencer->Submit(std::move(write));
  return reactor;
}

}  // namespace fondbok::services
