// The gRPC channels of the client threads, set up identically for the ledger load and the echo floor.
#ifndef FONDBOK_TOOLS_BENCH_CHANNELS_H_
#define FONDBOK_TOOLS_BENCH_CHANNELS_H_

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "tools/bench/bench_options.h"

namespace fondbok::bench {

// One plaintext channel per thread (each with its own subchannel pool, so each really has its own
// TCP connection: channels with equal arguments would otherwise share one), or one channel
// repeated `threads` times. Element i is thread i's channel.
std::vector<std::shared_ptr<grpc::Channel>> MakeChannels(const std::string& address, int threads, ChannelMode mode);

// Connects every channel, or UNAVAILABLE naming the address when one does not connect in `timeout`.
absl::Status ConnectChannels(const std::vector<std::shared_ptr<grpc::Channel>>& channels, const std::string& address,
                             absl::Duration timeout);

// Prepares a call context: the bearer token (when not empty) and a deadline `timeout` from now.
void PrepareContext(grpc::ClientContext* context, const std::string& token, std::chrono::milliseconds timeout);

}  // namespace fondbok::bench

#endif  // FONDBOK_TOOLS_BENCH_CHANNELS_H_
