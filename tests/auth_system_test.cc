// Tokens, roles and per-resource visibility through the real server.
#include <thread>

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include "absl/strings/match.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "tests/system_test_util.h"

namespace fondbok::testing {
namespace {

class AuthSystemTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new TestServer();
    std::string error;
    ASSERT_TRUE(server_->Start(&error)) << error;
    admin_ = Connect(server_->address(), server_->admin_token()).release();
  }
  static void TearDownTestSuite() {
    delete admin_;
    EXPECT_EQ(server_->Stop(), 0);
    delete server_;
  }
  static std::string Token(v1::Role role, const std::string& org = "", int64_t expires_in_s = 0) {
    v1::CreateTokenRequest request;
    request.set_request_id(NextId("token"));
    request.set_role(role);
    request.set_organisation(org);
    request.set_expires_in_s(expires_in_s);
    auto response = admin_->CreateToken(request);
    EXPECT_TRUE(response.ok()) << response.status();
    return response.ok() ? response->token() : "";
  }

  static TestServer* server_;
  static client::Client* admin_;
};

TestServer* AuthSystemTest::server_ = nullptr;
client::Client* AuthSystemTest::admin_ = nullptr;

TEST_F(AuthSystemTest, HealthAnswersWithoutAToken) {
  auto channel = grpc::CreateChannel(server_->address(), grpc::InsecureChannelCredentials());
  auto stub = grpc::health::v1::Health::NewStub(channel);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  grpc::health::v1::HealthCheckRequest request;
  grpc::health::v1::HealthCheckResponse response;
  grpc::Status status = stub->Check(&context, request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.status(), grpc::health::v1::HealthCheckResponse::SERVING);
}

TEST_F(AuthSystemTest, EveryOtherRpcNeedsAValidToken) {
  v1::GetBalanceRequest balance;
  balance.set_account("asset:bank");
  for (const std::string& token : {std::string(), std::string("fbk_") + std::string(64, '0'), std::string("nonsense")}) {
    auto c = Connect(server_->address(), token);
    EXPECT_EQ(c->GetBalance(balance).status().code(), absl::StatusCode::kUnauthenticated) << token;
    EXPECT_EQ(c->Post(Transfer(NextId("x"), "asset:bank", "equity:retained", 1)).status().code(),
              absl::StatusCode::kUnauthenticated);
    EXPECT_EQ(c->WhoAmI().status().code(), absl::StatusCode::kUnauthenticated);
  }
  auto missing = RunCli(server_->address(), "", {"ledger", "balance", "--account", "asset:bank"});
  EXPECT_NE(missing.exit_code, 0);
  EXPECT_TRUE(absl::StrContains(missing.err, "UNAUTHENTICATED")) << missing.err;
}

TEST_F(AuthSystemTest, RevokedAndExpiredTokensStopWorking) {
  const std::string token = Token(v1::OFFICER);
  auto officer = Connect(server_->address(), token);
  auto me = officer->WhoAmI();
  ASSERT_TRUE(me.ok()) << me.status();
  EXPECT_EQ(me->role(), v1::OFFICER);
  auto revoke = RunCli(server_->address(), server_->admin_token(), {"token", "revoke", me->id(), "--reason", "left"});
  ASSERT_EQ(revoke.exit_code, 0) << revoke.err;
  auto after = officer->WhoAmI();
  EXPECT_EQ(after.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_TRUE(absl::StrContains(after.status().message(), "revoked")) << after.status();

  auto short_lived = Connect(server_->address(), Token(v1::AUDITOR, "", 1));
  ASSERT_TRUE(short_lived->WhoAmI().ok());
  std::this_thread::sleep_for(std::chrono::milliseconds(1300));
  auto expired = short_lived->WhoAmI();
  EXPECT_EQ(expired.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_TRUE(absl::StrContains(expired.status().message(), "expired")) << expired.status();
}

TEST_F(AuthSystemTest, RolesAreCheckedPerRpc) {
  auto auditor = Connect(server_->address(), Token(v1::AUDITOR));
  auto officer = Connect(server_->address(), Token(v1::OFFICER));
  auto member = Connect(server_->address(), Token(v1::MEMBER, "org-1"));
  auto denied = auditor->Post(Transfer(NextId("aud"), "asset:bank", "equity:retained", 1));
  EXPECT_EQ(denied.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_TRUE(absl::StrContains(denied.status().message(), "auditor")) << denied.status();
  v1::ClosePeriodRequest close;
  close.set_request_id(NextId("close"));
  close.mutable_close()->set_period("2020-01");
  EXPECT_EQ(officer->ClosePeriod(close).status().code(), absl::StatusCode::kPermissionDenied);
  v1::CreateTokenRequest token;
  token.set_request_id(NextId("tok"));
  token.set_role(v1::ADMIN);
  EXPECT_EQ(officer->CreateToken(token).status().code(), absl::StatusCode::kPermissionDenied);
  v1::ListEntriesRequest entries;
  EXPECT_EQ(member->ListEntries(entries).status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_TRUE(auditor->ListEntries(entries).ok());
  // The officer's write is recorded with the officer as actor.
  auto write = officer->Post(Transfer(NextId("off"), "asset:bank", "equity:retained", 1));
  ASSERT_TRUE(write.ok()) << write.status();
  entries.set_from_seq(write->entries(0).seq());
  entries.set_limit(1);
  auto entry = auditor->ListEntries(entries);
  ASSERT_TRUE(entry.ok());
  EXPECT_EQ(entry->entries(0).actor(), officer->WhoAmI()->id());
}

TEST_F(AuthSystemTest, MembersSeeOnlyTheirOwnAccounts) {
  ASSERT_TRUE(OpenAccount(*admin_, "asset:receivable:fees:org-7", v1::ASSET, false, "org-7").ok());
  ASSERT_TRUE(OpenAccount(*admin_, "asset:receivable:fees:org-8", v1::ASSET, false, "org-8").ok());
  auto member = Connect(server_->address(), Token(v1::MEMBER, "org-7"));
  v1::GetBalanceRequest own;
  own.set_account("asset:receivable:fees:org-7");
  EXPECT_TRUE(member->GetBalance(own).ok());
  v1::GetBalanceRequest other;
  other.set_account("asset:receivable:fees:org-8");
  EXPECT_EQ(member->GetBalance(other).status().code(), absl::StatusCode::kPermissionDenied);
  v1::ListAccountsRequest list;
  list.set_prefix("asset:receivable:fees:");
  auto listed = member->ListAccounts(list);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->accounts_size(), 1);
  EXPECT_EQ(listed->accounts(0).owner(), "org-7");
}

TEST_F(AuthSystemTest, TokenCreatedByCliIsShownOnceAndWorks) {
  auto created = RunCli(server_->address(), server_->admin_token(),
                        {"--json", "token", "create", "--role", "board", "--name", "Styrelsen"});
  ASSERT_EQ(created.exit_code, 0) << created.err;
  auto pos = created.out.find("fbk_");
  ASSERT_NE(pos, std::string::npos) << created.out;
  auto board = Connect(server_->address(), created.out.substr(pos, 68));
  auto me = board->WhoAmI();
  ASSERT_TRUE(me.ok()) << me.status();
  EXPECT_EQ(me->role(), v1::BOARD);
  EXPECT_EQ(me->name(), "Styrelsen");
}

}  // namespace
}  // namespace fondbok::testing
