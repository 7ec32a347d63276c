#include "services/common/auth.h"

#include <gtest/gtest.h>

#include "services/common/fingerprint.h"
#include "fondbok/v1/ledger_service.pb.h"

namespace fondbok::services {
namespace {

TEST(TokenTest, ShapeAndHash) {
  std::string token = NewToken();
  EXPECT_EQ(token.size(), 4u + 64u);
  EXPECT_EQ(token.substr(0, 4), "fbk_");
  EXPECT_NE(NewToken(), token);
  EXPECT_EQ(TokenSha256(token).size(), 32u);
  EXPECT_EQ(TokenId(TokenSha256(token)).size(), 4u + 16u);
}

TEST(RoleTest, AccessTable) {
  struct Case {
    v1::Role role;
    Access access;
    bool allowed;
  } cases[] = {
      {v1::ADMIN, Access::kLedgerWrite, true},    {v1::OFFICER, Access::kLedgerWrite, true},
      {v1::BOARD, Access::kLedgerWrite, false},   {v1::AUDITOR, Access::kLedgerWrite, false},
      {v1::MEMBER, Access::kLedgerWrite, false},  {v1::OFFICER, Access::kPeriodClose, false},
      {v1::ADMIN, Access::kPeriodClose, true},    {v1::AUDITOR, Access::kJournalRead, true},
      {v1::MEMBER, Access::kJournalRead, false},  {v1::BANK, Access::kLedgerRead, true},
      {v1::OFFICER, Access::kTokenAdmin, false},  {v1::AUDITOR, Access::kTokenRead, true},
      {v1::SUPPORTER, Access::kAnyPrincipal, true},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(RoleAllows(c.role, c.access), c.allowed) << RoleName(c.role) << " " << static_cast<int>(c.access);
  }
}

TEST(RoleTest, ParseRole) {
  EXPECT_EQ(*ParseRole("Officer"), v1::OFFICER);
  EXPECT_EQ(ParseRole("king").status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(FingerprintTest, IgnoresRequestIdOnly) {
  v1::PostRequest a;
  a.set_request_id("r-1");
  a.mutable_entry()->set_memo("x");
  v1::PostRequest b = a;
  b.set_request_id("r-2");
  EXPECT_EQ(RequestFingerprint(a), RequestFingerprint(b));
  b.mutable_entry()->set_memo("y");
  EXPECT_NE(RequestFingerprint(a), RequestFingerprint(b));
}

}  // namespace
}  // namespace fondbok::services
