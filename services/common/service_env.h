// What every gRPC adapter is given, and the two helpers that make an adapter only a translator:
// one for writes (authenticate → commands → sequencer → reply after the group commit) and one
// for finishing any unary call with metrics.
#ifndef FONDBOK_SERVICES_COMMON_SERVICE_ENV_H_
#define FONDBOK_SERVICES_COMMON_SERVICE_ENV_H_

#include <functional>
#include <string>
#include <vector>

#include <grpcpp/server_context.h>
#include <grpcpp/support/server_callback.h>
#include <google/protobuf/message.h>

#include "absl/time/time.h"
#include "fondbok/v1/journal.pb.h"
#include "ledger/clock.h"
#include "ledger/sequencer.h"
#include "ledger/storage.h"
#include "services/common/auth.h"
#include "services/common/rpc_metrics.h"

namespace fondbok::services {

// Pointers owned by the server; all outlive every RPC.
struct ServiceEnv {
  ledger::Storage* storage = nullptr;
  ledger::Sequencer* sequencer = nullptr;
  const Authenticator* auth = nullptr;
  Metrics* metrics = nullptr;  // may be null
  const ledger::Clock* clock = nullptr;
};

// Finishes `reactor` with `status` and records the RPC's latency and code.
void FinishRpc(const ServiceEnv& env, const std::string& method, absl::Time started,
               grpc::ServerUnaryReactor* reactor, const absl::Status& status);

// Authenticates for `access`, then queues `commands` as one request (all or none) under the
// request's own request_id and fingerprint. After the group commit `on_success` fills the
// response and the reactor finishes. Never blocks the calling (reactor) thread on disk.
grpc::ServerUnaryReactor* SubmitWrite(const ServiceEnv& env, grpc::CallbackServerContext* context,
                                      const std::string& method, Access access,
                                      const google::protobuf::Message& request, const std::string& request_id,
                                      std::vector<v1::Command> commands,
                                      std::function<void(const v1::WriteResult&)> on_success);

// SubmitWrite of a request that holds one command.
grpc::ServerUnaryReactor* SubmitWrite(const ServiceEnv& env, grpc::CallbackServerContext* context,
                                      const std::string& method, Access access,
                                      const google::protobuf::Message& request, const std::string& request_id,
                                      v1::Command command, std::function<void(const v1::WriteResult&)> on_success);

// The first entry a committed write produced (its hash checked), for an adapter that answers from
// what was written: the id a module assigned, the proposal an entry made.
absl::StatusOr<v1::JournalEntry> FirstEntryOf(const ledger::StorageReader& reader, const v1::WriteResult& result);

// As SubmitWrite, for a principal already authenticated by the caller.
grpc::ServerUnaryReactor* SubmitWriteAs(const ServiceEnv& env, grpc::CallbackServerContext* context,
                                        const std::string& method, absl::Time started,
                                        const v1::Principal& principal, const std::string& payload_sha256,
                                        const std::string& request_id, std::vector<v1::Command> commands,
                                        std::function<void(const v1::WriteResult&)> on_success,
                                        size_t commands_max = ledger::kCommandsPerRequestMax);

// One read RPC: authenticate for `access`, run `body(principal, snapshot)` on a fresh snapshot,
// finish with its status. `body` returns absl::Status and fills the response.
template <typename Body>
grpc::ServerUnaryReactor* ServeRead(const ServiceEnv& env, grpc::CallbackServerContext* context,
                                    const std::string& method, Access access, Body body) {
  const absl::Time started = absl::Now();
  auto* reactor = context->DefaultReactor();
  auto principal = env.auth->Authenticate(*context, access, method);
  absl::Status status = principal.status();
  if (status.ok()) {
    auto snapshot = env.storage->NewSnapshot();
    status = body(*principal, *snapshot);
  }
  FinishRpc(env, method, started, reactor, status);
  return reactor;
}

}  // namespace fondbok::services

#endif  // FONDBOK_SERVICES_COMMON_SERVICE_ENV_H_
