// Parsing of listen addresses and the loopback rule: plaintext is allowed only on loopback.
#ifndef FONDBOK_SERVICES_SERVER_LISTEN_ADDRESS_H_
#define FONDBOK_SERVICES_SERVER_LISTEN_ADDRESS_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace fondbok::services {

struct ListenAddress {
  std::string host;  // without brackets
  int port = 0;
  bool loopback = false;
};

// "127.0.0.1:50051", "localhost:0", "[::1]:50051", "0.0.0.0:50051".
absl::StatusOr<ListenAddress> ParseListenAddress(absl::string_view address);

}  // namespace fondbok::services

#endif  // FONDBOK_SERVICES_SERVER_LISTEN_ADDRESS_H_
