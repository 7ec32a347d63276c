#include "clients/cli/ledger_requests.h"

#include "gtest/gtest.h"

namespace fondbok::cli {
namespace {

TEST(BuildAccountTest, NoOverdraftPicksTheFlagOfTheType) {
  const struct {
    const char* type;
    bool no_overdraft;
    bool debits_guarded;   // debits_must_not_exceed_credits
    bool credits_guarded;  // credits_must_not_exceed_debits
  } kCases[] = {
      {"asset", true, false, true},       {"expense", true, false, true},
      {"off-balance", true, false, true}, {"liability", true, true, false},
      {"equity", true, true, false},      {"income", true, true, false},
      {"asset", false, false, false},     {"liability", false, false, false},
  };
  for (const auto& c : kCases) {
    AccountCreateArgs args;
    args.code = "x:y";
    args.type = c.type;
    args.no_overdraft = c.no_overdraft;
    auto account = BuildAccount(args);
    ASSERT_TRUE(account.ok()) << account.status();
    EXPECT_EQ(account->flags().debits_must_not_exceed_credits(), c.debits_guarded) << c.type;
    EXPECT_EQ(account->flags().credits_must_not_exceed_debits(), c.credits_guarded) << c.type;
  }
}

TEST(BuildAccountTest, CopiesFieldsAndChecksThem) {
  AccountCreateArgs args;
  args.code = "liability:capital:kommun-1480";
  args.type = "liability";
  args.currency = "EUR";
  args.owner = "party-7";
  args.earmark = "1480";
  args.name = "Göteborgs Stad";
  auto account = BuildAccount(args);
  ASSERT_TRUE(account.ok());
  EXPECT_EQ(account->ShortDebugString(),
            "code: \"liability:capital:kommun-1480\" type: LIABILITY currency: \"EUR\" owner: "
            "\"party-7\" earmark: \"1480\" name: \"G\\303\\266teborgs Stad\"");
  for (auto change : {+[](AccountCreateArgs& a) { a.currency = "sek"; },
                      +[](AccountCreateArgs& a) { a.currency = "KRONA"; },
                      +[](AccountCreateArgs& a) { a.type = "assets"; },
                      +[](AccountCreateArgs& a) { a.code = ""; }}) {
    AccountCreateArgs bad = args;
    change(bad);
    EXPECT_EQ(BuildAccount(bad).status().code(), absl::StatusCode::kInvalidArgument);
  }
}

TEST(BuildPostEntryTest, Table) {
  const struct {
    const char* what;
    PostArgs args;
    bool ok;
  } kCases[] = {
      {"plain", {{"asset:bank=1 250,50"}, {"equity:member-capital=1250.50"}, "", "", false, ""}, true},
      {"dated pending with expiry", {{"a=1"}, {"b=1"}, "2024-02-29", "m", true, "30d"}, true},
      {"bad amount", {{"a=12,5.0"}, {"b=1"}, "", "", false, ""}, false},
      {"no credit", {{"a=1"}, {}, "", "", false, ""}, false},
      {"bad date", {{"a=1"}, {"b=1"}, "2023-02-29", "", false, ""}, false},
      {"expiry without pending", {{"a=1"}, {"b=1"}, "", "", false, "30d"}, false},
      {"bad expiry", {{"a=1"}, {"b=1"}, "", "", true, "soon"}, false},
  };
  for (const auto& c : kCases) {
    auto entry = BuildPostEntry(c.args);
    EXPECT_EQ(entry.ok(), c.ok) << c.what << ": " << entry.status();
    if (!entry.ok()) {
      EXPECT_EQ(entry.status().code(), absl::StatusCode::kInvalidArgument) << c.what;
    }
  }
  auto entry = BuildPostEntry(kCases[1].args);
  ASSERT_TRUE(entry.ok());
  EXPECT_TRUE(entry->pending());
  EXPECT_EQ(entry->expires_in_s(), 30 * 86400);
  EXPECT_EQ(entry->value_date(), "2024-02-29");
  EXPECT_EQ(entry->memo(), "m");
  ASSERT_EQ(entry->postings_size(), 2);
  EXPECT_EQ(entry->postings(0).amount_ore(), 100);
}

TEST(BuildPostPendingTest, Table) {
  const struct {
    PostPendingArgs args;
    bool ok;
    int64_t amount_ore;
  } kCases[] = {
      {{5, "", "", ""}, true, 0},
      {{5, "100,25", "2024-01-31", "part"}, true, 10025},
      {{0, "", "", ""}, false, 0},
      {{5, "0", "", ""}, false, 0},
      {{5, "1.234", "", ""}, false, 0},
      {{5, "", "31/01/2024", ""}, false, 0},
  };
  for (const auto& c : kCases) {
    auto post = BuildPostPending(c.args);
    ASSERT_EQ(post.ok(), c.ok) << c.args.amount << " " << post.status();
    if (post.ok()) {
      EXPECT_EQ(post->amount_ore(), c.amount_ore);
      EXPECT_EQ(post->pending_seq(), 5u);
    }
  }
}

TEST(BuildReverseTest, Table) {
  EXPECT_TRUE(BuildReverse({3, "", "wrong account"}).ok());
  EXPECT_FALSE(BuildReverse({0, "", ""}).ok());
  EXPECT_FALSE(BuildReverse({3, "2024-13-01", ""}).ok());
}

TEST(BuildClosePeriodTest, Table) {
  const struct {
    const char* period;
    bool ok;
  } kCases[] = {{"2024-05", true}, {"2024-5", false}, {"2024-13", false}, {"", false}, {"2024-05-01", false}};
  for (const auto& c : kCases) {
    auto close = BuildClosePeriod(c.period);
    EXPECT_EQ(close.ok(), c.ok) << c.period;
    if (close.ok()) {
      EXPECT_EQ(close->period(), c.period);
    }
  }
}

TEST(BuildBalanceRequestTest, Table) {
  auto now = BuildBalanceRequest({"asset:bank", 0, ""});
  ASSERT_TRUE(now.ok());
  EXPECT_EQ(now->as_of_case(), v1::GetBalanceRequest::AS_OF_NOT_SET);
  auto by_seq = BuildBalanceRequest({"asset:bank", 7, ""});
  ASSERT_TRUE(by_seq.ok());
  EXPECT_EQ(by_seq->as_of_seq(), 7u);
  auto by_date = BuildBalanceRequest({"asset:bank", 0, "2024-05-31"});
  ASSERT_TRUE(by_date.ok());
  EXPECT_EQ(by_date->as_of_date(), "2024-05-31");
  EXPECT_FALSE(BuildBalanceRequest({"asset:bank", 7, "2024-05-31"}).ok());
  EXPECT_FALSE(BuildBalanceRequest({"asset:bank", 0, "2024-05-32"}).ok());
  EXPECT_FALSE(BuildBalanceRequest({"", 0, ""}).ok());
}

}  // namespace
}  // namespace fondbok::cli
