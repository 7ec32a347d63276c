#include "tools/bench/channels.h"

#include "absl/strings/str_cat.h"

namespace fondbok::bench {
namespace {

constexpr char kUserAgent[] = "fondbok-bench/0.1";

std::shared_ptr<grpc::Channel> MakeChannel(const std::string& address, bool own_connection) {
  grpc::ChannelArguments args;
  args.SetUserAgentPrefix(kUserAgent);
  if (own_connection) args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  return grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(), args);
}

}  // namespace

std::vector<std::shared_ptr<grpc::Channel>> MakeChannels(const std::string& address, int threads, ChannelMode mode) {
  std::vector<std::shared_ptr<grpc::Channel>> channels;
  channels.reserve(static_cast<size_t>(threads));
  if (mode == ChannelMode::kShared) {
    std::shared_ptr<grpc::Channel> shared = MakeChannel(address, false);
    for (int i = 0; i < threads; ++i) channels.push_back(shared);
  } else {
    for (int i = 0; i < threads; ++i) channels.push_back(MakeChannel(address, true));
  }
  return channels;
}

absl::Status ConnectChannels(const std::vector<std::shared_ptr<grpc::Channel>>& channels, const std::string& address,
                             absl::Duration timeout) {
  const auto deadline = std::chrono::system_clock::now() + absl::ToChronoMilliseconds(timeout);
  for (size_t i = 0; i < channels.size(); ++i) {
    if (!channels[i]->WaitForConnected(deadline)) {
      return absl::UnavailableError(absl::StrCat("cannot connect to ", address, " (channel ", i + 1, " of ",
                                                 channels.size(), ") within ", absl::FormatDuration(timeout),
                                                 ": is the server running there?"));
    }
  }
  return absl::OkStatus();
}

void PrepareContext(grpc::ClientContext* context, const std::string& token, std::chrono::milliseconds timeout) {
  if (!token.empty()) context->AddMetadata("authorization", absl::StrCat("Bearer ", token));
  context->set_deadline(std::chrono::system_clock::now() + timeout);
}

}  // namespace fondbok::bench
