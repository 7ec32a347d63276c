// The SIE 4 export through the real fondbokd and the real `fondbok` CLI: entries in two years, a
// reservation posted in part, a reversal; the file is read back with the tests' own SIE reader
// (services/reports/sie_reader_test_util.h) and checked against `fondbok ledger balance`.
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <vector>

#include <gtest/gtest.h>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "services/reports/sie_reader_test_util.h"
#include "tests/test_server.h"

namespace fondbok::testing {
namespace {

using reports::sietest::CheckSieInvariants;
using reports::sietest::ParsedSie;
using reports::sietest::ParseSie;

// The first integer after `"field":` (quoted or not) in a JSON text.
int64_t JsonInt(const std::string& json, const std::string& field) {
  std::smatch match;
  const std::regex pattern("\"" + field + "\":\"?(-?[0-9]+)");
  if (!std::regex_search(json, match, pattern)) {
    ADD_FAILURE() << field << " not in " << json;
    return 0;
  }
  int64_t value = 0;
  EXPECT_TRUE(absl::SimpleAtoi(match[1].str(), &value));
  return value;
}

class SieSystemTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new TestServer();
    std::string error;
    ASSERT_TRUE(server_->Start(&error)) << error;
    Book();
  }
  static void TearDownTestSuite() {
    EXPECT_EQ(server_->Stop(), 0) << server_->log();
    delete server_;
    server_ = nullptr;
  }
  static CommandResult Cli(const std::vector<std::string>& args, const std::string& token = "") {
    return RunCli(server_->address(), token.empty() ? server_->admin_token() : token, args);
  }
  static uint64_t MustPost(std::vector<std::string> args) {
    static int request = 0;
    args.insert(args.begin() + 1, {"--request-id", absl::StrCat("sie-", ++request)});
    args.insert(args.begin(), {"--json", "ledger"});
    auto result = Cli(args);
    EXPECT_EQ(result.exit_code, 0) << result.err;
    return static_cast<uint64_t>(JsonInt(result.out, "seq"));
  }
  // Two years of a small fund, booked with the CLI.
  static void Book() {
    for (auto account : std::vector<std::vector<std::string>>{{"liability:capital:SRC-1", "liability"},
                                                              {"asset:loans:C-000001", "asset"}}) {
      auto created = Cli({"ledger", "account-create", "--code", account[0], "--type", account[1]});
      ASSERT_EQ(created.exit_code, 0) << created.err;
    }
    MustPost({"post", "--debit", "asset:bank=1000", "--credit", "liability:capital:SRC-1=1000", "--value-date",
              "2025-03-01", "--memo", "Kommunens insats, Göteborg"});
    MustPost({"post", "--debit", "asset:loans:C-000001=300", "--credit", "asset:bank=300", "--value-date",
              "2025-06-01"});
    MustPost({"post", "--debit", "asset:bank=15,50", "--credit", "income:interest=15.50", "--value-date",
              "2025-12-01"});
    reserve_seq_ = MustPost({"post", "--pending", "--debit", "asset:loans:C-000001=200", "--credit",
                             "asset:bank=200", "--value-date", "2026-01-10"});
    post_seq_ = MustPost({"post-pending", "--pending-seq", std::to_string(reserve_seq_), "--amount", "150",
                          "--value-date", "2026-02-01"});
    interest_seq_ = MustPost({"post", "--debit", "asset:bank=7", "--credit", "income:interest=7", "--value-date",
                              "2026-02-05", "--memo", "Ränta februari"});
    reversal_seq_ = MustPost({"reverse", "--seq", std::to_string(interest_seq_), "--value-date", "2026-02-06",
                              "--memo", "fel belopp"});
  }
  // Debit-positive posted balance of `account` as of `date`, through `fondbok ledger balance`.
  static int64_t LedgerBalance(const std::string& account, const std::string& date) {
    auto result = Cli({"--json", "ledger", "balance", "--account", account, "--as-of-date", date});
    EXPECT_EQ(result.exit_code, 0) << result.err;
    return JsonInt(result.out, "posted_debits") - JsonInt(result.out, "posted_credits");
  }
  static ParsedSie ExportAndParse(const std::vector<std::string>& extra = {}) {
    std::vector<std::string> args = {"export", "sie", "--year", "2026"};
    args.insert(args.end(), extra.begin(), extra.end());
    auto result = Cli(args);
    EXPECT_EQ(result.exit_code, 0) << result.err;
    auto parsed = ParseSie(result.out);
    EXPECT_TRUE(parsed.ok()) << parsed.status();
    if (!parsed.ok()) return {};
    absl::Status invariants = CheckSieInvariants(*parsed);
    EXPECT_TRUE(invariants.ok()) << invariants << "\n" << result.out;
    return *parsed;
  }

  static TestServer* server_;
  static uint64_t reserve_seq_, post_seq_, interest_seq_, reversal_seq_;
};

TestServer* SieSystemTest::server_ = nullptr;
uint64_t SieSystemTest::reserve_seq_ = 0;
uint64_t SieSystemTest::post_seq_ = 0;
uint64_t SieSystemTest::interest_seq_ = 0;
uint64_t SieSystemTest::reversal_seq_ = 0;

TEST_F(SieSystemTest, ExportOfTheSecondYearAddsUpAgainstTheLedger) {
  ParsedSie sie = ExportAndParse();
  EXPECT_TRUE(sie.crlf);
  EXPECT_EQ(sie.header["#FORMAT"][0], "PC8");
  EXPECT_EQ(sie.header["#SIETYP"][0], "4");
  EXPECT_EQ(sie.header["#RAR"], (std::vector<std::string>{"0", "20260101", "20261231"}));
  // The reservation books nothing; its posting, the interest and the reversal do.
  std::vector<std::string> numbers;
  for (const auto& v : sie.vouchers) numbers.push_back(v.number);
  EXPECT_EQ(numbers, (std::vector<std::string>{absl::StrCat(post_seq_), absl::StrCat(interest_seq_),
                                               absl::StrCat(reversal_seq_)}));
  ASSERT_EQ(sie.vouchers.size(), 3u);
  EXPECT_EQ(sie.vouchers[1].text, "Ränta februari");
  EXPECT_EQ(sie.vouchers[0].transactions[0].amount_ore, 150'00);
  // #IB / #UB per BAS account equal the ledger's balances of the accounts mapped to it.
  const std::map<int32_t, std::string> accounts = {
      {1930, "asset:bank"}, {1380, "asset:loans:C-000001"}, {2390, "liability:capital:SRC-1"}};
  for (const auto& [bas, code] : accounts) {
    EXPECT_EQ(sie.ib[bas], LedgerBalance(code, "2025-12-31")) << bas;
    EXPECT_EQ(sie.ub[bas], LedgerBalance(code, "2026-12-31")) << bas;
  }
  // 2025's interest is carried into retained earnings (2091); 2026's was reversed.
  EXPECT_EQ(sie.ib[2091], LedgerBalance("equity:retained", "2025-12-31") +
                              LedgerBalance("income:interest", "2025-12-31"));
  EXPECT_EQ(sie.ib[2091], -15'50);
  EXPECT_EQ(sie.res[8250], LedgerBalance("income:interest", "2026-12-31") -
                               LedgerBalance("income:interest", "2025-12-31"));
}

TEST_F(SieSystemTest, PeriodOutFileAndJson) {
  ParsedSie february = ExportAndParse({"--period", "2026-02..2026-02"});
  EXPECT_EQ(february.vouchers.size(), 3u);
  EXPECT_EQ(february.ib[1930], LedgerBalance("asset:bank", "2026-01-31"));
  EXPECT_TRUE(ExportAndParse({"--period", "2026-01"}).vouchers.empty());

  const std::string path = MakeTempDir("sie") + "/fond.se";
  auto written = Cli({"--json", "export", "sie", "--year", "2025", "--out", path});
  ASSERT_EQ(written.exit_code, 0) << written.err;
  EXPECT_EQ(JsonInt(written.out, "vouchers"), 3);
  std::ifstream in(path, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  // CP437 on disk: "ö" of "Göteborg" is the byte 0x94.
  EXPECT_TRUE(absl::StrContains(bytes.str(), "G\x94teborg")) << bytes.str();
  auto parsed = ParseSie(bytes.str());
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_TRUE(CheckSieInvariants(*parsed).ok());
  EXPECT_EQ(parsed->ub[1930], LedgerBalance("asset:bank", "2025-12-31"));

  auto bad = Cli({"export", "sie", "--year", "2026", "--period", "2025-01..2026-02"});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_TRUE(absl::StrContains(bad.err, "INVALID_ARGUMENT")) << bad.err;
  auto usage = Cli({"export", "sie", "--year", "2026", "--period", "feb"});
  EXPECT_EQ(usage.exit_code, 2) << usage.err;
}

TEST_F(SieSystemTest, RolesAndTheMapping) {
  auto officer = Cli({"token", "create", "--role", "officer", "--name", "Olle"});
  ASSERT_EQ(officer.exit_code, 0) << officer.err;
  const std::string officer_token(absl::StripAsciiWhitespace(officer.out));
  auto member = Cli({"token", "create", "--role", "member", "--name", "M", "--org", "ORG-000001"});
  ASSERT_EQ(member.exit_code, 0) << member.err;
  const std::string member_token(absl::StripAsciiWhitespace(member.out));

  EXPECT_EQ(Cli({"export", "sie", "--year", "2026"}, officer_token).exit_code, 0);
  auto denied = Cli({"export", "sie", "--year", "2026"}, member_token);
  EXPECT_EQ(denied.exit_code, 1);
  EXPECT_TRUE(absl::StrContains(denied.err, "PERMISSION_DENIED")) << denied.err;

  auto shown = Cli({"export", "bas-mapping"}, officer_token);
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_TRUE(absl::StrContains(shown.out, "built-in default")) << shown.out;
  EXPECT_TRUE(absl::StrContains(shown.out, "1930")) << shown.out;

  const std::string dir = MakeTempDir("sie-mapping");
  std::ofstream(dir + "/bad.csv") << "asset:bank;19x0;Bank\n";
  EXPECT_EQ(Cli({"export", "set-bas-mapping", "--file", dir + "/bad.csv"}).exit_code, 2);
  // A mapping without loans: the officer may not set it; the admin may, and then the export
  // refuses by name instead of leaving the loans out.
  std::ofstream(dir + "/mapping.csv") << "prefix;bas;name\n# bank\nasset:bank;1930;Företagskonto\n"
                                      << "liability;2390;Skulder\nequity;2091;Eget kapital\nincome;8250;Ränta\n";
  auto refused = Cli({"export", "set-bas-mapping", "--file", dir + "/mapping.csv"}, officer_token);
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_TRUE(absl::StrContains(refused.err, "PERMISSION_DENIED")) << refused.err;
  auto set = Cli({"export", "set-bas-mapping", "--file", dir + "/mapping.csv", "--org-number", "556036-0793"});
  ASSERT_EQ(set.exit_code, 0) << set.err;
  auto incomplete = Cli({"export", "sie", "--year", "2026"});
  EXPECT_EQ(incomplete.exit_code, 1);
  EXPECT_TRUE(absl::StrContains(incomplete.err, "FAILED_PRECONDITION")) << incomplete.err;
  EXPECT_TRUE(absl::StrContains(incomplete.err, "asset:loans:C-000001")) << incomplete.err;
  EXPECT_TRUE(incomplete.out.empty()) << "no partial file";

  std::ofstream(dir + "/mapping.csv", std::ios::app) << "asset:loans;1380;Utlåning\n";
  ASSERT_EQ(Cli({"export", "set-bas-mapping", "--file", dir + "/mapping.csv"}).exit_code, 0);
  ParsedSie sie = ExportAndParse();
  EXPECT_EQ(sie.header["#ORGNR"][0], "556036-0793") << "kept from the earlier mapping";
  EXPECT_EQ(sie.account_names[2390], "Skulder");
  auto json = Cli({"--json", "export", "bas-mapping"});
  EXPECT_TRUE(absl::StrContains(json.out, "\"asset:loans\"")) << json.out;
}

}  // namespace
}  // namespace fondbok::testing
