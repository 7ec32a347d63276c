#include "tools/bench/echo_floor.h"

#include <memory>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "absl/strings/str_cat.h"
#include "fondbok/client.h"
#include "fondbok/v1/bench.grpc.pb.h"
#include "ledger/status_macros.h"
#include "tools/bench/channels.h"
#include "tools/bench/closed_loop.h"

namespace fondbok::bench {
namespace {

class EchoServiceImpl final : public v1::EchoService::CallbackService {
 public:
  explicit EchoServiceImpl(size_t reply_bytes) : reply_payload_(reply_bytes, 'e') {}

  grpc::ServerUnaryReactor* Echo(grpc::CallbackServerContext* context, const v1::EchoMessage*,
                                 v1::EchoMessage* reply) override {
    reply->set_payload(reply_payload_);
    grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
    reactor->Finish(grpc::Status::OK);
    return reactor;
  }

 private:
  const std::string reply_payload_;
};

struct EchoServer {
  std::unique_ptr<EchoServiceImpl> service;
  std::unique_ptr<grpc::Server> server;
  int port = 0;

  ~EchoServer() {
    if (server != nullptr) server->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(5));
  }
};

absl::Status StartEchoServer(size_t reply_bytes, EchoServer* echo) {
  echo->service = std::make_unique<EchoServiceImpl>(reply_bytes);
  grpc::ServerBuilder builder;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &echo->port);
  builder.RegisterService(echo->service.get());
  echo->server = builder.BuildAndStart();
  if (echo->server == nullptr || echo->port == 0) {
    return absl::UnavailableError("the in-process echo server could not listen on 127.0.0.1:0");
  }
  return absl::OkStatus();
}

absl::StatusOr<ClosedLoopResult> DriveEcho(const EchoFloorOptions& options, const std::string& address) {
  std::vector<std::shared_ptr<grpc::Channel>> channels = MakeChannels(address, options.clients, options.channel_mode);
  RETURN_IF_ERROR(ConnectChannels(channels, address, absl::Seconds(10)));
  std::vector<std::unique_ptr<v1::EchoService::Stub>> stubs;
  for (const auto& channel : channels) stubs.push_back(v1::EchoService::NewStub(channel));
  v1::EchoMessage request;
  request.set_payload(std::string(options.request_bytes, 'r'));
  LoopCall call = [&](int thread, uint64_t) -> absl::StatusOr<CallOutcome> {
    grpc::ClientContext context;
    PrepareContext(&context, options.token, options.timeout);
    v1::EchoMessage reply;
    grpc::Status status = stubs[static_cast<size_t>(thread)]->Echo(&context, request, &reply);
    if (!status.ok()) {
      absl::Status failed = client::FromGrpcStatus(status);
      return absl::Status(failed.code(), absl::StrCat("Echo failed: ", failed.message()));
    }
    return CallOutcome{1, false};
  };
  ClosedLoopOptions loop;
  loop.threads = options.clients;
  loop.duration = options.duration;
  return RunClosedLoop(loop, call);
}

}  // namespace

absl::StatusOr<EchoFloorResult> MeasureEchoFloor(const EchoFloorOptions& options) {
  EchoServer echo;
  RETURN_IF_ERROR(StartEchoServer(options.reply_bytes, &echo));
  ASSIGN_OR_RETURN(ClosedLoopResult loop, DriveEcho(options, absl::StrCat("127.0.0.1:", echo.port)));
  EchoFloorResult result;
  result.calls = loop.units;
  result.calls_per_s = static_cast<double>(loop.units) / absl::ToDoubleSeconds(loop.elapsed);
  result.latency = SummarizeLatencies(loop.latencies_us);
  return result;
}

}  // namespace fondbok::bench
