// The bare gRPC floor: an in-process EchoService (callback API, answers at once) on 127.0.0.1:0,
// driven by the same client threads over the same kind of channels as the ledger load. fondbokd's
// unbatched rate is read against it.
#ifndef FONDBOK_TOOLS_BENCH_ECHO_FLOOR_H_
#define FONDBOK_TOOLS_BENCH_ECHO_FLOOR_H_

#include <chrono>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "tools/bench/bench_options.h"
#include "tools/bench/latency.h"

namespace fondbok::bench {

struct EchoFloorOptions {
  int clients = 1;
  ChannelMode channel_mode = ChannelMode::kShared;
  absl::Duration duration = absl::Seconds(2);
  // Sent as the authorization header, as the ledger load does (the echo server ignores it).
  std::string token;
  std::chrono::milliseconds timeout = std::chrono::seconds(30);
  // Payload sizes: as large as one of the load's requests and its reply.
  size_t request_bytes = 100;
  size_t reply_bytes = 40;
};

struct EchoFloorResult {
  double calls_per_s = 0;
  uint64_t calls = 0;
  LatencySummary latency;
};

// Starts the echo server, runs the closed loop, stops the server. UNAVAILABLE when the server
// cannot start or the channels cannot connect.
absl::StatusOr<EchoFloorResult> MeasureEchoFloor(const EchoFloorOptions& options);

}  // namespace fondbok::bench

#endif  // FONDBOK_TOOLS_BENCH_ECHO_FLOOR_H_
