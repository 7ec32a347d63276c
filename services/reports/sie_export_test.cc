#include "services/reports/sie_export.h"

#include <gtest/gtest.h>

#include "absl/strings/match.h"
#include "ledger/books.h"
#include "ledger/date.h"
#include "services/reports/bas_mapping.h"
#include "services/reports/sie_reader_test_util.h"
#include "services/reports/reports_test_util.h"

namespace fondbok::reports {
namespace {

using ledger::testutil::PostPendingCommand;
using ledger::testutil::ReverseCommand;
using ledger::testutil::VoidPendingCommand;

// A fund over two years: 2025 places capital, lends and earns interest (carried into 2026's
// opening equity); 2026 has a reservation posted in part, a voided one, a reversed entry, an
// off-balance entry and an unused, unmapped account.
class SieExportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    h_.Open("asset:bank", v1::ASSET);
    h_.Open("asset:loans:C-000001", v1::ASSET);
    h_.Open("liability:capital:SRC-1", v1::LIABILITY);
    h_.Open("equity:retained", v1::EQUITY);
    h_.Open("income:interest", v1::INCOME);
    h_.Open("offbalance:guarantee-capacity", v1::OFF_BALANCE);
    h_.Open("offbalance:guarantee-exposure:G-1", v1::OFF_BALANCE);
    h_.Open("asset:unused", v1::ASSET);
    h_.Post("asset:bank", "liability:capital:SRC-1", 1000'00, "2025-03-01", false, "Kommunens insats");
    h_.Post("asset:loans:C-000001", "asset:bank", 300'00, "2025-06-01");
    h_.Post("asset:bank", "income:interest", 15'00, "2025-12-01");
    reserve_seq_ = h_.Post("asset:loans:C-000001", "asset:bank", 200'00, "2026-01-10", true);
    post_seq_ = h_.MustRun(PostPendingCommand(reserve_seq_, 150'00, "2026-02-01"));
    const uint64_t voided = h_.Post("asset:loans:C-000001", "asset:bank", 99'00, "2026-02-02", true);
    void_seq_ = h_.MustRun(VoidPendingCommand(voided));
    interest_seq_ = h_.Post("asset:bank", "income:interest", 7'00, "2026-02-05", false, "Ränta \"feb\"");
    reversal_seq_ = h_.MustRun(ReverseCommand(interest_seq_, "2026-02-06"));
    offbalance_seq_ = h_.Post("offbalance:guarantee-exposure:G-1", "offbalance:guarantee-capacity", 50'00, "2026-02-07");
  }

  absl::StatusOr<SieExport> Export(int32_t year, const std::string& from = "", const std::string& to = "",
                                   const v1::BasMapping& mapping = DefaultBasMapping()) {
    SieExportOptions options;
    options.year = year;
    options.period_from = from;
    options.period_to = to;
    options.generated = absl::CivilDay(2026, 3, 15);
    options.program_version = "test";
    auto snapshot = h_.storage().NewSnapshot();
    return BuildSieExport(*snapshot, mapping, options);
  }
  // Writes and reads back `in` with the test's own reader; checks its invariants.
  sietest::ParsedSie RoundTrip(const SieExport& in) {
    auto bytes = WriteSie(in);
    EXPECT_TRUE(bytes.ok()) << bytes.status();
    auto parsed = sietest::ParseSie(bytes.ok() ? *bytes : "");
    EXPECT_TRUE(parsed.ok()) << parsed.status();
    if (!parsed.ok()) return {};
    absl::Status invariants = sietest::CheckSieInvariants(*parsed);
    EXPECT_TRUE(invariants.ok()) << invariants;
    return *parsed;
  }
  // The ledger's posted balance (debit-positive) of `code` as of `date`.
  int64_t Ledger(const std::string& code, const std::string& date) {
    auto snapshot = h_.storage().NewSnapshot();
    auto state = ledger::ReadAccount(*snapshot, code);
    EXPECT_TRUE(state.ok() && state->has_value()) << code;
    auto balance = ledger::BalanceAsOfDate(*snapshot, **state, *ledger::ParseDate(date));
    EXPECT_TRUE(balance.ok());
    return balance->posted_debits() - balance->posted_credits();
  }
  static std::vector<std::string> Numbers(const sietest::ParsedSie& sie) {
    std::vector<std::string> out;
    for (const auto& v : sie.vouchers) out.push_back(v.number);
    return out;
  }

  testing::ReportsHarness h_;
  uint64_t reserve_seq_ = 0, post_seq_ = 0, void_seq_ = 0, interest_seq_ = 0, reversal_seq_ = 0, offbalance_seq_ = 0;
};

TEST_F(SieExportTest, SecondYearBooksOnlyWhatChangedPostedBalances) {
  auto in = Export(2026);
  ASSERT_TRUE(in.ok()) << in.status();
  EXPECT_EQ(in->fund_name, "Mikrofonden Väst");
  EXPECT_EQ(in->year_start, absl::CivilDay(2026, 1, 1));
  sietest::ParsedSie sie = RoundTrip(*in);
  // The reservation, the void and the off-balance entry book nothing.
  EXPECT_EQ(Numbers(sie), (std::vector<std::string>{absl::StrCat(post_seq_), absl::StrCat(interest_seq_),
                                                    absl::StrCat(reversal_seq_)}));
  EXPECT_EQ(sie.vouchers[0].date, "20260201");
  EXPECT_EQ(sie.vouchers[0].transactions[0].amount_ore, 150'00);
  EXPECT_EQ(sie.vouchers[0].transactions[0].text, "asset:loans:C-000001");
  EXPECT_EQ(sie.vouchers[1].text, "Ränta \"feb\"");
  EXPECT_TRUE(absl::StartsWith(sie.vouchers[2].text, "reversal of entry")) << sie.vouchers[2].text;
  // #IB/#UB against the ledger; 2025's interest is carried into 2091's opening balance.
  EXPECT_EQ(sie.ib[1930], Ledger("asset:bank", "2025-12-31"));
  EXPECT_EQ(sie.ub[1930], Ledger("asset:bank", "2026-12-31"));
  EXPECT_EQ(sie.ub[1930], 715'00 - 150'00);
  EXPECT_EQ(sie.ub[1380], Ledger("asset:loans:C-000001", "2026-12-31"));
  EXPECT_EQ(sie.ub[2390], Ledger("liability:capital:SRC-1", "2026-12-31"));
  EXPECT_EQ(sie.ib[2091], Ledger("equity:retained", "2025-12-31") + Ledger("income:interest", "2025-12-31"));
  EXPECT_EQ(sie.ib[2091], -15'00);
  EXPECT_EQ(sie.res[8250], 0);  // 7.00 earned and reversed
  EXPECT_EQ(sie.account_types[8250], "I");
  EXPECT_EQ(sie.account_types[2091], "S");
  EXPECT_EQ(sie.account_names.count(1999), 0u);  // no off-balance, no unused account
}

TEST_F(SieExportTest, FirstYearHasNoOpeningBalances) {
  auto in = Export(2025);
  ASSERT_TRUE(in.ok()) << in.status();
  sietest::ParsedSie sie = RoundTrip(*in);
  EXPECT_EQ(sie.vouchers.size(), 3u);
  EXPECT_EQ(sie.vouchers[0].text, "Kommunens insats");
  for (const auto& [account, ib] : sie.ib) EXPECT_EQ(ib, 0) << account;
  EXPECT_EQ(sie.res[8250], -15'00);
  EXPECT_EQ(sie.ub[1930], Ledger("asset:bank", "2025-12-31"));
  EXPECT_EQ(sie.ub[1930], 715'00);
}

TEST_F(SieExportTest, APeriodHasBalancesAtItsBounds) {
  auto in = Export(2026, "2026-02", "2026-02");
  ASSERT_TRUE(in.ok()) << in.status();
  sietest::ParsedSie sie = RoundTrip(*in);
  EXPECT_EQ(sie.vouchers.size(), 3u);
  EXPECT_EQ(sie.ib[1930], Ledger("asset:bank", "2026-01-31"));  // the reservation did not move it
  EXPECT_EQ(sie.ub[1930], Ledger("asset:bank", "2026-02-28"));
  auto january = Export(2026, "2026-01", "2026-01");
  ASSERT_TRUE(january.ok());
  EXPECT_TRUE(RoundTrip(*january).vouchers.empty());
  auto empty_year = Export(2024);
  ASSERT_TRUE(empty_year.ok());
  EXPECT_TRUE(RoundTrip(*empty_year).vouchers.empty());
}

TEST_F(SieExportTest, AnUnmappedAccountRefusesTheWholeExport) {
  v1::BasMapping mapping = DefaultBasMapping();
  for (int i = 0; i < mapping.rules_size(); ++i) {
    if (mapping.rules(i).prefix() == "asset:loans") mapping.mutable_rules()->DeleteSubrange(i, 1);
  }
  auto in = Export(2026, "", "", mapping);
  EXPECT_EQ(in.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(absl::StrContains(in.status().message(), "asset:loans:C-000001")) << in.status();
  EXPECT_FALSE(absl::StrContains(in.status().message(), "asset:unused")) << "never used: not needed";
}

TEST_F(SieExportTest, WrongClassAndMissingRetainedEarnings) {
  v1::BasMapping mapping = DefaultBasMapping();
  v1::BasRule* odd = mapping.add_rules();
  odd->set_prefix("asset:loans:C-000001");
  odd->set_bas_account(2390);  // ValidateBasMapping refuses this; the export checks again
  odd->set_bas_name("x");
  auto in = Export(2026, "", "", mapping);
  EXPECT_EQ(in.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(absl::StrContains(in.status().message(), "wrong class")) << in.status();

  mapping = DefaultBasMapping();
  for (int i = 0; i < mapping.rules_size(); ++i) {
    if (mapping.rules(i).prefix() == "equity:retained") mapping.mutable_rules()->DeleteSubrange(i, 1);
  }
  in = Export(2026, "", "", mapping);
  EXPECT_EQ(in.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(absl::StrContains(in.status().message(), "equity:retained")) << in.status();
  EXPECT_TRUE(Export(2025, "", "", mapping).ok()) << "nothing to carry in the first year";
}

TEST_F(SieExportTest, OtherCurrenciesAreRefusedByName) {
  h_.Open("asset:bank-eur", v1::ASSET, "EUR");
  h_.Open("liability:capital:ESF", v1::LIABILITY, "EUR");
  h_.Post("asset:bank-eur", "liability:capital:ESF", 10'00, "2026-03-01");
  auto in = Export(2026);
  EXPECT_EQ(in.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(absl::StrContains(in.status().message(), "EUR")) << in.status();
  EXPECT_TRUE(absl::StrContains(in.status().message(), "asset:bank-eur")) << in.status();
}

TEST_F(SieExportTest, AnEntryMixingLedgerAndOffBalanceIsRefused) {
  h_.Post("asset:bank", "offbalance:guarantee-capacity", 1'00, "2026-03-02");
  auto in = Export(2026);
  EXPECT_EQ(in.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(absl::StrContains(in.status().message(), "off-balance")) << in.status();
}

TEST(ExportPeriodTest, Table) {
  struct Case {
    int32_t year;
    const char* from;
    const char* to;
    bool ok;
    absl::CivilDay first, last;
  };
  for (const Case& c : {Case{2025, "", "", true, absl::CivilDay(2025, 1, 1), absl::CivilDay(2025, 12, 31)},
                        Case{2024, "2024-02", "2024-02", true, absl::CivilDay(2024, 2, 1), absl::CivilDay(2024, 2, 29)},
                        Case{2025, "2025-03", "", true, absl::CivilDay(2025, 3, 1), absl::CivilDay(2025, 12, 31)},
                        Case{2025, "2025-05", "2025-04", false, {}, {}},
                        Case{2025, "2024-05", "2025-06", false, {}, {}},
                        Case{2025, "2025-13", "", false, {}, {}}, Case{0, "", "", false, {}, {}},
                        Case{10000, "", "", false, {}, {}}}) {
    SieExportOptions options;
    options.year = c.year;
    options.period_from = c.from;
    options.period_to = c.to;
    auto period = ExportPeriod(options);
    EXPECT_EQ(period.ok(), c.ok) << c.year << " " << c.from << ".." << c.to;
    if (period.ok() && c.ok) {
      EXPECT_EQ(period->first, c.first);
      EXPECT_EQ(period->second, c.last);
    } else if (!period.ok()) {
      EXPECT_EQ(period.status().code(), absl::StatusCode::kInvalidArgument);
    }
  }
}

TEST(EntrySummaryTest, MemoEventAndCredit) {
  v1::JournalEntry entry;
  entry.set_seq(4);
  entry.mutable_event()->mutable_entry_posted()->set_memo("Insats");
  EXPECT_EQ(EntrySummary(entry), "Insats");
  entry.mutable_event()->mutable_entry_posted()->clear_memo();
  EXPECT_EQ(EntrySummary(entry), "entry posted");
  entry.mutable_event()->mutable_pending_posted()->set_pending_seq(3);
  EXPECT_EQ(EntrySummary(entry), "reservation 3 posted");
  entry.mutable_event()->mutable_credit_disbursed()->set_credit_id("C-000007");
  EXPECT_EQ(EntrySummary(entry), "credit disbursed C-000007");
}

}  // namespace
}  // namespace fondbok::reports
