// TLS with a certificate made at test time, and the loopback rule for plaintext.
#include <filesystem>

#include <gtest/gtest.h>

#include "absl/strings/match.h"
#include "tests/system_test_util.h"

namespace fondbok::testing {
namespace {

class TlsSystemTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = MakeTempDir("fondbok-tls");
    cert_ = dir_ + "/cert.pem";
    key_ = dir_ + "/key.pem";
    auto made = RunProgram({"/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key_,
                            "-out", cert_, "-days", "1", "-subj", "/CN=localhost", "-addext",
                            "subjectAltName=DNS:localhost,IP:127.0.0.1"});
    ASSERT_EQ(made.exit_code, 0) << made.err;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string dir_, cert_, key_;
};

// The test-only clock offset is refused on a server that could be the fund's real one.
TEST_F(TlsSystemTest, AClockOffsetIsRefusedWithTls) {
  TestServerOptions options;
  options.extra_flags = {"--tls-cert", cert_, "--tls-key", key_, "--clock-offset-days", "3"};
  TestServer server(options);
  std::string error;
  EXPECT_FALSE(server.Start(&error));
  EXPECT_NE(error.find("--clock-offset-days is for tests"), std::string::npos) << error;
}

TEST_F(TlsSystemTest, TlsClientsConnectAndPlaintextClientsDoNot) {
  TestServerOptions options;
  options.extra_flags = {"--tls-cert", cert_, "--tls-key", key_};
  TestServer server(options);
  std::string error;
  ASSERT_TRUE(server.Start(&error)) << error;
  EXPECT_NE(server.log().find("tls=on"), std::string::npos);

  auto tls = Connect(server.address(), server.admin_token(), cert_);
  auto me = tls->WhoAmI();
  ASSERT_TRUE(me.ok()) << me.status();
  EXPECT_EQ(me->role(), v1::ADMIN);

  client::ClientOptions plain_options;
  plain_options.address = server.address();
  plain_options.token = server.admin_token();
  plain_options.timeout = std::chrono::seconds(3);
  auto plain = client::Client::Connect(plain_options);
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ((*plain)->WhoAmI().status().code(), absl::StatusCode::kUnavailable);

  auto cli = RunCli(server.address(), server.admin_token(),
                    {"--tls-ca", cert_, "--tls-server-name", "localhost", "--json", "whoami"});
  EXPECT_EQ(cli.exit_code, 0) << cli.err;
  tls.reset();
  plain->reset();
  EXPECT_EQ(server.Stop(), 0);
}

TEST_F(TlsSystemTest, PlaintextOnANonLoopbackAddressIsRefusedAtStart) {
  const std::string data = MakeTempDir("fondbok-noloop");
  auto result = RunProgram({FondbokdPath(), "--listen", "0.0.0.0:0", "--data-dir", data});
  EXPECT_NE(result.exit_code, 0);
  EXPECT_TRUE(absl::StrContains(result.err, "plaintext is allowed only on a loopback address")) << result.err;
  // Nothing was created: the check comes before the data directory is touched.
  EXPECT_FALSE(std::filesystem::exists(data + "/CURRENT"));
  std::filesystem::remove_all(data);
}

TEST_F(TlsSystemTest, NonLoopbackWithTlsStarts) {
  TestServerOptions options;
  options.listen_host = "0.0.0.0";
  options.extra_flags = {"--tls-cert", cert_, "--tls-key", key_};
  TestServer server(options);
  std::string error;
  ASSERT_TRUE(server.Start(&error)) << error;
  auto tls = Connect("127.0.0.1:" + std::to_string(server.port()), server.admin_token(), cert_);
  EXPECT_TRUE(tls->WhoAmI().ok());
  tls.reset();
  EXPECT_EQ(server.Stop(), 0);
}

}  // namespace
}  // namespace fondbok::testing
