#include "services/server/bootstrap.h"

#include <set>

#include <gtest/gtest.h>

#include "ledger/books.h"
#include "services/common/fund_chart.h"

namespace fondbok::services {
namespace {

TEST(BootstrapTest, ChartHasDesignAccountsOnceEach) {
  std::set<std::string> codes;
  for (const ChartAccount& a : MinimumChart()) {
    EXPECT_TRUE(ledger::ValidateAccountCode(a.code).ok()) << a.code;
    EXPECT_TRUE(codes.insert(std::string(a.code)).second) << "duplicate " << a.code;
  }
  for (const char* code : {"asset:bank", "liability:unallocated", "liability:payments-out", "equity:member-capital",
                           "equity:solidarity-fund",
                           "equity:guarantee-reserve", "equity:retained", "income:interest", "income:loan-fees",
                           "income:guarantee-fees", "income:recoveries", "expense:credit-losses",
                           "expense:guarantee-payouts", "offbalance:guarantee-capacity"}) {
    EXPECT_EQ(codes.count(code), 1u) << code;
  }
  // The accounts the credits and payments modules share (fund_chart.h) are opened in a new fund.
  for (absl::string_view code : {kBankAccount, kUnallocatedAccount, kPaymentsOutAccount}) {
    EXPECT_EQ(codes.count(std::string(code)), 1u) << code;
  }
}

TEST(BootstrapTest, CommandsCreateFundAccountsAndAdmin) {
  FundSettings fund;
  auto commands = BootstrapCommands(fund, std::string(32, 'x'));
  ASSERT_EQ(commands.size(), MinimumChart().size() + 2);
  EXPECT_TRUE(commands.front().has_create_fund());
  EXPECT_TRUE(commands.back().has_issue_token());
  EXPECT_EQ(commands.back().issue_token().principal().role(), v1::ADMIN);
  // Only liability:payments-out is limited: it never goes below zero.
  for (const v1::Command& c : commands) {
    if (!c.has_open_account()) continue;
    const v1::Account& a = c.open_account().account();
    EXPECT_EQ(a.flags().debits_must_not_exceed_credits(), a.code() == "liability:payments-out") << a.code();
    EXPECT_FALSE(a.flags().credits_must_not_exceed_debits()) << a.code();
  }
}

}  // namespace
}  // namespace fondbok::services
