#include "services/server/listen_address.h"

#include <gtest/gtest.h>

namespace fondbok::services {
namespace {

TEST(ListenAddressTest, Table) {
  struct Case {
    const char* address;
    bool ok;
    const char* host;
    int port;
    bool loopback;
  } cases[] = {
      {"127.0.0.1:50051", true, "127.0.0.1", 50051, true},
      {"localhost:0", true, "localhost", 0, true},
      {"[::1]:9000", true, "::1", 9000, true},
      {"127.8.9.10:1", true, "127.8.9.10", 1, true},
      {"0.0.0.0:50051", true, "0.0.0.0", 50051, false},
      {"10.1.2.3:443", true, "10.1.2.3", 443, false},
      {"[::]:443", true, "::", 443, false},
      {"fund.example.se:443", true, "fund.example.se", 443, false},
      {"127.0.0.1", false, "", 0, false},
      {":50051", false, "", 0, false},
      {"127.0.0.1:70000", false, "", 0, false},
      {"[::1:50051", false, "", 0, false},
  };
  for (const Case& c : cases) {
    auto parsed = ParseListenAddress(c.address);
    EXPECT_EQ(parsed.ok(), c.ok) << c.address;
    if (!parsed.ok() || !c.ok) continue;
    EXPECT_EQ(parsed->host, c.host) << c.address;
    EXPECT_EQ(parsed->port, c.port) << c.address;
    EXPECT_EQ(parsed->loopback, c.loopback) << c.address;
  }
}

}  // namespace
}  // namespace fondbok::services
