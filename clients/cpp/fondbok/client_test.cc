#include "fondbok/client.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "fondbok/testing/fake_fondbokd.h"
#include "gtest/gtest.h"

namespace fondbok::client {
namespace {

using testing::FakeFondbokd;

// A file in a fresh temporary directory, removed with the fixture.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "fondbok-client-test-XXXXXX").string();
    path_ = mkdtemp(pattern.data());
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  std::string Write(const std::string& name, const std::string& content) const {
    std::string path = (path_ / name).string();
    std::ofstream(path, std::ios::binary) << content;
    return path;
  }
  std::string Path(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

TEST(FromGrpcStatusTest, KeepsEveryCodeAndTheMessage) {
  const struct {
    grpc::StatusCode grpc_code;
    absl::StatusCode absl_code;
  } kCases[] = {
      {grpc::StatusCode::CANCELLED, absl::StatusCode::kCancelled},
      {grpc::StatusCode::UNKNOWN, absl::StatusCode::kUnknown},
      {grpc::StatusCode::INVALID_ARGUMENT, absl::StatusCode::kInvalidArgument},
      {grpc::StatusCode::DEADLINE_EXCEEDED, absl::StatusCode::kDeadlineExceeded},
      {grpc::StatusCode::NOT_FOUND, absl::StatusCode::kNotFound},
      {grpc::StatusCode::ALREADY_EXISTS, absl::StatusCode::kAlreadyExists},
      {grpc::StatusCode::PERMISSION_DENIED, absl::StatusCode::kPermissionDenied},
      {grpc::StatusCode::RESOURCE_EXHAUSTED, absl::StatusCode::kResourceExhausted},
      {grpc::StatusCode::FAILED_PRECONDITION, absl::StatusCode::kFailedPrecondition},
      {grpc::StatusCode::ABORTED, absl::StatusCode::kAborted},
      {grpc::StatusCode::OUT_OF_RANGE, absl::StatusCode::kOutOfRange},
      {grpc::StatusCode::UNIMPLEMENTED, absl::StatusCode::kUnimplemented},
      {grpc::StatusCode::INTERNAL, absl::StatusCode::kInternal},
      {grpc::StatusCode::UNAVAILABLE, absl::StatusCode::kUnavailable},
      {grpc::StatusCode::DATA_LOSS, absl::StatusCode::kDataLoss},
      {grpc::StatusCode::UNAUTHENTICATED, absl::StatusCode::kUnauthenticated},
  };
  for (const auto& c : kCases) {
    absl::Status status = FromGrpcStatus(grpc::Status(c.grpc_code, "the message"));
    EXPECT_EQ(status.code(), c.absl_code) << c.grpc_code;
    EXPECT_EQ(status.message(), "the message");
  }
  EXPECT_TRUE(FromGrpcStatus(grpc::Status::OK).ok());
}

TEST(ReadTokenFileTest, TrimsAndChecks) {
  TempDir dir;
  const struct {
    const char* content;
    absl::StatusCode code;
    const char* token;
  } kCases[] = {
      {"abc123\n", absl::StatusCode::kOk, "abc123"},
      {"  \tabc123 \r\n\n", absl::StatusCode::kOk, "abc123"},
      {"", absl::StatusCode::kInvalidArgument, ""},
      {" \n ", absl::StatusCode::kInvalidArgument, ""},
      {"one two\n", absl::StatusCode::kInvalidArgument, ""},
      {"t\xC3\xB6ken", absl::StatusCode::kInvalidArgument, ""},
  };
  int i = 0;
  for (const auto& c : kCases) {
    auto token = ReadTokenFile(dir.Write("token" + std::to_string(i++), c.content));
    EXPECT_EQ(token.status().code(), c.code) << '"' << c.content << '"';
    if (token.ok()) {
      EXPECT_EQ(*token, c.token);
    }
  }
  EXPECT_EQ(ReadTokenFile(dir.Path("missing")).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(ReadTokenFile(dir.Write("big", std::string(5000, 'a'))).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(ConnectTest, RefusesBadOptions) {
  TempDir dir;
  const std::string ca = dir.Write("ca.pem", "-----BEGIN CERTIFICATE-----\n");
  const struct {
    const char* what;
    void (*change)(ClientOptions&, const std::string& ca);
    absl::StatusCode code;
  } kCases[] = {
      {"defaults", [](ClientOptions&, const std::string&) {}, absl::StatusCode::kOk},
      {"empty address", [](ClientOptions& o, const std::string&) { o.address = ""; },
       absl::StatusCode::kInvalidArgument},
      {"token with space", [](ClientOptions& o, const std::string&) { o.token = "a b"; },
       absl::StatusCode::kInvalidArgument},
      {"token with newline", [](ClientOptions& o, const std::string&) { o.token = "ab\n"; },
       absl::StatusCode::kInvalidArgument},
      {"zero timeout", [](ClientOptions& o, const std::string&) { o.timeout = std::chrono::seconds(0); },
       absl::StatusCode::kInvalidArgument},
      {"server name without CA", [](ClientOptions& o, const std::string&) { o.tls_server_name = "localhost"; },
       absl::StatusCode::kInvalidArgument},
      {"missing CA file", [](ClientOptions& o, const std::string&) { o.tls_ca_pem_path = "/nonexistent/ca.pem"; },
       absl::StatusCode::kNotFound},
      {"CA and server name",
       [](ClientOptions& o, const std::string& ca) {
         o.tls_ca_pem_path = ca;
         o.tls_server_name = "localhost";
       },
       absl::StatusCode::kOk},
      {"client cert without key",
       [](ClientOptions& o, const std::string& ca) {
         o.tls_ca_pem_path = ca;
         o.tls_client_cert_pem_path = ca;
       },
       absl::StatusCode::kInvalidArgument},
  };
  for (const auto& c : kCases) {
    ClientOptions options;
    options.token = "t0ken";
    c.change(options, ca);
    EXPECT_EQ(Client::Connect(options).status().code(), c.code) << c.what;
  }
}

class ClientTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ClientOptions options;
    options.address = fake_.address();
    options.token = "s3cret";
    options.timeout = std::chrono::seconds(5);
    auto client = Client::Connect(options);
    ASSERT_TRUE(client.ok()) << client.status();
    client_ = std::move(*client);
  }

  FakeFondbokd fake_;
  std::unique_ptr<Client> client_;
};

TEST_F(ClientTest, SendsTokenAndDeadlineAndReturnsTheResponse) {
  fake_.Update([](FakeFondbokd::Data& data) {
    data.balance.set_account("asset:bank");
    data.balance.set_balance(125050);
  });
  v1::GetBalanceRequest request;
  request.set_account("asset:bank");
  auto balance = client_->GetBalance(request);
  ASSERT_TRUE(balance.ok()) << balance.status();
  EXPECT_EQ(balance->balance(), 125050);
  auto calls = fake_.calls();
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].method, "GetBalance");
  EXPECT_EQ(calls[0].authorization, "Bearer s3cret");
  EXPECT_TRUE(calls[0].has_deadline);
  EXPECT_EQ(calls[0].request, "account: \"asset:bank\"");
}

TEST_F(ClientTest, EveryUnaryMethodReachesItsRpc) {
  const struct {
    const char* method;
    std::function<absl::Status(const Client&)> call;
  } kCases[] = {
      {"CreateAccount", [](const Client& c) { return c.CreateAccount({}).status(); }},
      {"Post", [](const Client& c) { return c.Post({}).status(); }},
      {"PostPending", [](const Client& c) { return c.PostPending({}).status(); }},
      {"VoidPending", [](const Client& c) { return c.VoidPending({}).status(); }},
      {"Reverse", [](const Client& c) { return c.Reverse({}).status(); }},
      {"ClosePeriod", [](const Client& c) { return c.ClosePeriod({}).status(); }},
      {"SubmitLinked", [](const Client& c) { return c.SubmitLinked({}).status(); }},
      {"GetAccount", [](const Client& c) { return c.GetAccount({}).status(); }},
      {"ListAccounts", [](const Client& c) { return c.ListAccounts({}).status(); }},
      {"GetBalance", [](const Client& c) { return c.GetBalance({}).status(); }},
      {"GetHistory", [](const Client& c) { return c.GetHistory({}).status(); }},
      {"ListEntries", [](const Client& c) { return c.ListEntries({}).status(); }},
      {"GetPeriods", [](const Client& c) { return c.GetPeriods({}).status(); }},
      {"CreateToken", [](const Client& c) { return c.CreateToken({}).status(); }},
      {"RevokeToken", [](const Client& c) { return c.RevokeToken({}).status(); }},
      {"ListTokens", [](const Client& c) { return c.ListTokens({}).status(); }},
      {"Backup", [](const Client& c) { return c.Backup({}).status(); }},
      {"WhoAmI", [](const Client& c) { return c.WhoAmI().status(); }},
  };
  for (const auto& c : kCases) {
    EXPECT_TRUE(c.call(*client_).ok()) << c.method;
    auto calls = fake_.calls();
    ASSERT_FALSE(calls.empty());
    EXPECT_EQ(calls.back().method, c.method);
    EXPECT_EQ(calls.back().authorization, "Bearer s3cret") << c.method;
    EXPECT_TRUE(calls.back().has_deadline) << c.method;
  }
}

TEST_F(ClientTest, ServerErrorsKeepCodeAndMessage) {
  fake_.Update([](FakeFondbokd::Data& data) {
    data.fail_with = grpc::Status(grpc::StatusCode::FAILED_PRECONDITION,
                                  "account asset:bank may not be overdrawn");
  });
  auto result = client_->Post(v1::PostRequest());
  EXPECT_EQ(result.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(result.status().message(), "account asset:bank may not be overdrawn");
}

TEST_F(ClientTest, NoTokenSendsNoAuthorization) {
  ClientOptions options;
  options.address = fake_.address();
  auto client = Client::Connect(options);
  ASSERT_TRUE(client.ok());
  ASSERT_TRUE((*client)->WhoAmI().ok());
  EXPECT_EQ(fake_.calls().back().authorization, "");
}

TEST_F(ClientTest, FollowDeliversInOrderUntilTheServerEnds) {
  fake_.Update([](FakeFondbokd::Data& data) {
    for (uint64_t seq = 1; seq <= 5; ++seq) data.entries.emplace_back().set_seq(seq);
  });
  std::vector<uint64_t> seen;
  absl::Status status = client_->Follow(2, [&](const v1::JournalEntry& entry) {
    seen.push_back(entry.seq());
    return true;
  });
  EXPECT_TRUE(status.ok()) << status;
  EXPECT_EQ(seen, (std::vector<uint64_t>{2, 3, 4, 5}));
  auto calls = fake_.calls();
  EXPECT_FALSE(calls.back().has_deadline);
  EXPECT_EQ(calls.back().authorization, "Bearer s3cret");
}

TEST_F(ClientTest, FollowStopsWhenTheCallbackSaysSo) {
  fake_.Update([](FakeFondbokd::Data& data) {
    for (uint64_t seq = 1; seq <= 5; ++seq) data.entries.emplace_back().set_seq(seq);
    data.follow_waits_for_cancel = true;
  });
  std::vector<uint64_t> seen;
  const auto start = std::chrono::steady_clock::now();
  absl::Status status = client_->Follow(0, [&](const v1::JournalEntry& entry) {
    seen.push_back(entry.seq());
    return seen.size() < 2;
  });
  EXPECT_TRUE(status.ok()) << status;
  EXPECT_EQ(seen, (std::vector<uint64_t>{1, 2}));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(3));
}

TEST_F(ClientTest, FollowReportsServerErrors) {
  fake_.Update([](FakeFondbokd::Data& data) {
    data.fail_with = grpc::Status(grpc::StatusCode::PERMISSION_DENIED, "members may not follow");
  });
  absl::Status status = client_->Follow(0, [](const v1::JournalEntry&) { return true; });
  EXPECT_EQ(status.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(status.message(), "members may not follow");
}

std::string ReadTestdata(const std::string& name) {
  std::ifstream in(std::string(FONDBOK_CLIENT_TESTDATA_DIR) + "/" + name);
  std::stringstream content;
  content << in.rdbuf();
  return content.str();
}

class TlsTest : public ::testing::Test {
 protected:
  static std::shared_ptr<grpc::ServerCredentials> ServerCredentials() {
    grpc::SslServerCredentialsOptions options;
    options.pem_key_cert_pairs.push_back({ReadTestdata("server.key"), ReadTestdata("server.pem")});
    return grpc::SslServerCredentials(options);
  }

  absl::StatusCode WhoAmIOver(const std::string& address, const std::string& ca,
                              const std::string& server_name) {
    ClientOptions options;
    options.address = address;
    options.token = "t";
    options.tls_ca_pem_path = ca;
    options.tls_server_name = server_name;
    options.timeout = std::chrono::seconds(5);
    auto client = Client::Connect(options);
    if (!client.ok()) return client.status().code();
    return (*client)->WhoAmI().status().code();
  }

  FakeFondbokd fake_{ServerCredentials()};
  const std::string ca_ = std::string(FONDBOK_CLIENT_TESTDATA_DIR) + "/ca.pem";
};

TEST_F(TlsTest, VerifiesTheServerAgainstTheGivenCa) {
  const std::string port = fake_.address().substr(fake_.address().rfind(':') + 1);
  EXPECT_EQ(WhoAmIOver("127.0.0.1:" + port, ca_, ""), absl::StatusCode::kOk);
  EXPECT_EQ(WhoAmIOver("localhost:" + port, ca_, ""), absl::StatusCode::kOk);
  EXPECT_EQ(WhoAmIOver("127.0.0.1:" + port, ca_, "localhost"), absl::StatusCode::kOk);
  // The certificate is not for this name; and a plaintext client cannot talk to a TLS server.
  EXPECT_EQ(WhoAmIOver("127.0.0.1:" + port, ca_, "fund.example"), absl::StatusCode::kUnavailable);
  EXPECT_EQ(WhoAmIOver("127.0.0.1:" + port, "", ""), absl::StatusCode::kUnavailable);
  // A CA that did not sign the server's certificate.
  EXPECT_EQ(WhoAmIOver("127.0.0.1:" + port, std::string(FONDBOK_CLIENT_TESTDATA_DIR) + "/other_ca.pem", ""),
            absl::StatusCode::kUnavailable);
}

TEST(ClientUnreachableTest, FailsWithUnavailable) {
  ClientOptions options;
  options.address = "127.0.0.1:1";  // nothing listens on port 1
  options.timeout = std::chrono::seconds(5);
  auto client = Client::Connect(options);
  ASSERT_TRUE(client.ok());
  EXPECT_EQ((*client)->WhoAmI().status().code(), absl::StatusCode::kUnavailable);
}

}  // namespace
}  // namespace fondbok::client
