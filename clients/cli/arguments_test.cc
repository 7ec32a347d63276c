#include "clients/cli/arguments.h"

#include <set>

#include "gtest/gtest.h"

namespace fondbok::cli {
namespace {

TEST(ParseAccountTypeTest, Table) {
  const struct {
    const char* text;
    bool ok;
    v1::AccountType type;
  } kCases[] = {
      {"asset", true, v1::ASSET},           {"liability", true, v1::LIABILITY},
      {"equity", true, v1::EQUITY},         {"income", true, v1::INCOME},
      {"expense", true, v1::EXPENSE},       {"off-balance", true, v1::OFF_BALANCE},
      {"OFF_BALANCE", true, v1::OFF_BALANCE}, {"Asset", true, v1::ASSET},
      {"", false, v1::ACCOUNT_TYPE_UNSPECIFIED}, {"assets", false, v1::ACCOUNT_TYPE_UNSPECIFIED},
      {"offbalance", false, v1::ACCOUNT_TYPE_UNSPECIFIED},
  };
  for (const auto& c : kCases) {
    auto type = ParseAccountType(c.text);
    ASSERT_EQ(type.ok(), c.ok) << c.text;
    if (type.ok()) {
      EXPECT_EQ(*type, c.type) << c.text;
      EXPECT_EQ(*ParseAccountType(AccountTypeWord(*type)), *type);  // round trip
    } else {
      EXPECT_NE(type.status().message().find("off-balance"), absl::string_view::npos);
    }
  }
}

TEST(NoOverdraftFlagsTest, GuardsTheNormalSide) {
  const struct {
    v1::AccountType type;
    bool debit_normal;
  } kCases[] = {
      {v1::ASSET, true},      {v1::EXPENSE, true}, {v1::OFF_BALANCE, true},
      {v1::LIABILITY, false}, {v1::EQUITY, false}, {v1::INCOME, false},
  };
  for (const auto& c : kCases) {
    EXPECT_EQ(IsDebitNormal(c.type), c.debit_normal) << c.type;
    v1::AccountFlags flags = NoOverdraftFlags(c.type);
    EXPECT_EQ(flags.credits_must_not_exceed_debits(), c.debit_normal) << c.type;
    EXPECT_EQ(flags.debits_must_not_exceed_credits(), !c.debit_normal) << c.type;
  }
}

TEST(ParseRoleTest, Table) {
  const struct {
    const char* text;
    bool ok;
    v1::Role role;
  } kCases[] = {
      {"admin", true, v1::ADMIN},         {"officer", true, v1::OFFICER},
      {"board", true, v1::BOARD},         {"auditor", true, v1::AUDITOR},
      {"supporter", true, v1::SUPPORTER}, {"member", true, v1::MEMBER},
      {"bank", true, v1::BANK},           {"BANK", true, v1::BANK},
      {"root", false, v1::ROLE_UNSPECIFIED}, {"", false, v1::ROLE_UNSPECIFIED},
  };
  for (const auto& c : kCases) {
    auto role = ParseRole(c.text);
    ASSERT_EQ(role.ok(), c.ok) << c.text;
    if (role.ok()) {
      EXPECT_EQ(*role, c.role);
      EXPECT_EQ(*ParseRole(RoleWord(*role)), *role);
    }
  }
  EXPECT_EQ(RoleWord(v1::ROLE_UNSPECIFIED), "unspecified");
}

TEST(ValidateRequestIdTest, Table) {
  const struct {
    std::string id;
    bool ok;
  } kCases[] = {
      {"r1", true},
      {"invoice-2024-05/17#3", true},
      {std::string(128, 'x'), true},
      {std::string(129, 'x'), false},
      {"", false},
      {"a b", false},
      {"a\tb", false},
      {"r\xC3\xA4ksm\xC3\xB6rg\xC3\xA5s", false},
  };
  for (const auto& c : kCases) {
    EXPECT_EQ(ValidateRequestId(c.id).ok(), c.ok) << c.id;
  }
}

TEST(NewRequestIdTest, IsValidAndFresh) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    std::string id = NewRequestId();
    EXPECT_TRUE(ValidateRequestId(id).ok()) << id;
    EXPECT_EQ(id.size(), 4u + 32u) << id;
    EXPECT_EQ(id.rfind("cli-", 0), 0u) << id;
    seen.insert(id);
  }
  EXPECT_EQ(seen.size(), 100u);
}

}  // namespace
}  // namespace fondbok::cli
