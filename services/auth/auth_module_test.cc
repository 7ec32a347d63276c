#include "services/auth/auth_module.h"

#include <gtest/gtest.h>

#include "ledger/hash.h"
#include "services/common/auth.h"

namespace fondbok::services {
namespace {

class MemoryState final : public ledger::StateReader {
 public:
  explicit MemoryState(ledger::MemoryKv* kv) : kv_(kv) {}
  absl::StatusOr<std::optional<std::string>> Get(ledger::Space space, absl::string_view key) const override {
    return kv_->Get(space, key);
  }
  absl::Status Scan(ledger::Space space, absl::string_view start, absl::string_view end,
                    const ledger::ScanVisitor& visit) const override {
    return kv_->Scan(space, start, end, visit);
  }
  absl::StatusOr<std::optional<v1::JournalEntry>> GetEntry(uint64_t) const override { return std::nullopt; }

 private:
  ledger::MemoryKv* kv_;
};

class AuthModuleTest : public ::testing::Test {
 protected:
  absl::StatusOr<ledger::Decision> Decide(const v1::Command& command) {
    ledger::CommandContext context{"tok-admin", "r", absl::FromUnixSeconds(1'800'000'000),
                                   absl::CivilDay(2027, 1, 15)};
    return module_.Decide(context, command, state_);
  }
  void Project(const ledger::Decision& decision) {
    v1::JournalEntry entry;
    entry.set_seq(++seq_);
    *entry.mutable_event() = decision.event;
    ledger::ViewWriter views("auth/", &kv_);
    ASSERT_TRUE(module_.Project(entry, views).ok());
  }
  static v1::Command Issue(v1::Role role, const std::string& org, const std::string& sha) {
    v1::Command command;
    command.mutable_issue_token()->mutable_principal()->set_role(role);
    command.mutable_issue_token()->mutable_principal()->set_organisation(org);
    command.mutable_issue_token()->set_token_sha256(sha);
    return command;
  }

  AuthModule module_;
  ledger::MemoryKv kv_;
  MemoryState state_{&kv_};
  uint64_t seq_ = 0;
};

TEST_F(AuthModuleTest, IssueRules) {
  const std::string sha = ledger::Sha256("fbk_x");
  struct Case {
    v1::Command command;
    absl::StatusCode code;
  } cases[] = {
      {Issue(v1::OFFICER, "", sha), absl::StatusCode::kOk},
      {Issue(v1::ROLE_UNSPECIFIED, "", sha), absl::StatusCode::kInvalidArgument},
      {Issue(v1::MEMBER, "", sha), absl::StatusCode::kInvalidArgument},
      {Issue(v1::BANK, "", sha), absl::StatusCode::kInvalidArgument},
      {Issue(v1::MEMBER, "org-1", sha), absl::StatusCode::kOk},
      {Issue(v1::OFFICER, "", "short"), absl::StatusCode::kInvalidArgument},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(Decide(c.command).status().code(), c.code) << c.command.DebugString();
  }
  v1::Command expired = Issue(v1::OFFICER, "", sha);
  expired.mutable_issue_token()->mutable_principal()->set_expires_at_us(1);
  EXPECT_EQ(Decide(expired).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(AuthModuleTest, IssueThenRevokeOnce) {
  const std::string sha = ledger::Sha256("fbk_y");
  auto issued = Decide(Issue(v1::AUDITOR, "", sha));
  ASSERT_TRUE(issued.ok());
  Project(*issued);
  EXPECT_EQ(Decide(Issue(v1::AUDITOR, "", sha)).status().code(), absl::StatusCode::kAlreadyExists);
  auto principal = ReadPrincipal(kv_, sha);
  ASSERT_TRUE(principal.ok() && principal->has_value());
  EXPECT_EQ((*principal)->id(), TokenId(sha));
  EXPECT_EQ((*principal)->issued_seq(), 1u);

  v1::Command revoke;
  revoke.mutable_revoke_token()->set_token_id(TokenId(sha));
  auto revoked = Decide(revoke);
  ASSERT_TRUE(revoked.ok());
  Project(*revoked);
  EXPECT_TRUE((*ReadPrincipal(kv_, sha))->revoked());
  EXPECT_EQ(Decide(revoke).status().code(), absl::StatusCode::kFailedPrecondition);
  revoke.mutable_revoke_token()->set_token_id("tok-0000000000000000");
  EXPECT_EQ(Decide(revoke).status().code(), absl::StatusCode::kNotFound);
}

TEST_F(AuthModuleTest, TheLastUsableAdminTokenCannotBeRevoked) {
  const std::string first = ledger::Sha256("fbk_admin_1");
  auto issued = Decide(Issue(v1::ADMIN, "", first));
  ASSERT_TRUE(issued.ok());
  Project(*issued);
  v1::Command revoke;
  revoke.mutable_revoke_token()->set_token_id(TokenId(first));
  auto refused = Decide(revoke);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition) << refused.status();
  EXPECT_NE(refused.status().message().find("last usable admin token"), std::string::npos);

  // An expired second admin does not count; a live one does.
  const std::string expired = ledger::Sha256("fbk_admin_2");
  v1::Command issue_expired = Issue(v1::ADMIN, "", expired);
  issue_expired.mutable_issue_token()->mutable_principal()->set_expires_at_us(
      absl::ToUnixMicros(absl::FromUnixSeconds(1'800'000'000)) + 1);
  auto second = Decide(issue_expired);
  ASSERT_TRUE(second.ok()) << second.status();
  Project(*second);
  // Move past the second admin's expiry by deciding at a later time.
  ledger::CommandContext later{"tok-admin", "r", absl::FromUnixSeconds(1'800'000'001), absl::CivilDay(2027, 1, 15)};
  EXPECT_EQ(module_.Decide(later, revoke, state_).status().code(), absl::StatusCode::kFailedPrecondition);

  const std::string live = ledger::Sha256("fbk_admin_3");
  auto third = Decide(Issue(v1::ADMIN, "", live));
  ASSERT_TRUE(third.ok());
  Project(*third);
  EXPECT_TRUE(Decide(revoke).ok());
}

}  // namespace
}  // namespace fondbok::services
