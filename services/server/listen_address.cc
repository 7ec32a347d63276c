#include "services/server/listen_address.h"

#include "absl/strings/numbers.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace fondbok::services {

absl::StatusOr<ListenAddress> ParseListenAddress(absl::string_view address) {
  auto bad = [&](absl::string_view why) {
    return absl::InvalidArgumentError(
        absl::StrCat("listen address \"", address, "\" ", why, ": use HOST:PORT, e.g. 127.0.0.1:50051"));
  };
  ListenAddress out;
  absl::string_view port;
  if (absl::StartsWith(address, "[")) {
    size_t close = address.find(']');
    if (close == absl::string_view::npos || close + 1 >= address.size() || address[close + 1] != ':') {
      return bad("has an unclosed IPv6 bracket");
    }
    out.host = std::string(address.substr(1, close - 1));
    port = address.substr(close + 2);
  } else {
    size_t colon = address.rfind(':');
    if (colon == absl::string_view::npos) return bad("has no port");
    out.host = std::string(address.substr(0, colon));
    port = address.substr(colon + 1);
  }
  if (out.host.empty()) return bad("has no host");
  if (!absl::SimpleAtoi(port, &out.port) || out.port < 0 || out.port > 65535) return bad("has no valid port");
  out.loopback = out.host == "localhost" || out.host == "::1" || absl::StartsWith(out.host, "127.");
  return out;
}

}  // namespace fondbok::services
