#include "services/reports/sie.h"

#include <gtest/gtest.h>

#include "absl/strings/match.h"
#include "services/reports/sie_reader_test_util.h"

namespace fondbok::reports {
namespace {

SieExport SmallExport() {
  SieExport in;
  in.program_version = "0.1.0";
  in.fund_name = "Mikrofonden Väst \"ek. för.\"";
  in.organisation_number = "769600-0001";
  in.generated = absl::CivilDay(2026, 3, 15);
  in.year_start = absl::CivilDay(2025, 1, 1);
  in.year_end = absl::CivilDay(2025, 12, 31);
  in.accounts = {
      SieAccount{2390, "Övriga långfristiga skulder", SieAccountType::kDebt, -100000, -350000, 0},
      SieAccount{1930, "Företagskonto", SieAccountType::kAsset, 100000, 355000, 0},
      SieAccount{8250, "Ränteintäkter", SieAccountType::kIncome, 0, 0, -5000},
      SieAccount{2091, "Balanserad vinst", SieAccountType::kDebt, 0, 0, 0},
  };
  SieVoucher v1{"A", 7, absl::CivilDay(2025, 2, 1), "Kommunens insats åäö", absl::CivilDay(2025, 2, 2), {}};
  v1.transactions = {{1930, 250000, "asset:bank"}, {2390, -250000, "liability:capital:SRC-1"}};
  SieVoucher v2{"A", 9, absl::CivilDay(2025, 6, 30), "Ränta", absl::CivilDay(2025, 6, 30), {}};
  v2.transactions = {{1930, 5000, "asset:bank"}, {8250, -2000, "income:interest"}, {8250, -3000, "income:interest:x"}};
  in.vouchers = {v1, v2};
  return in;
}

TEST(FormatSieAmountTest, ExactFromOre) {
  struct Case {
    int64_t ore;
    const char* text;
  };
  for (const Case& c : {Case{0, "0.00"}, Case{5, "0.05"}, Case{-5, "-0.05"}, Case{125050, "1250.50"},
                        Case{-125050, "-1250.50"}, Case{100, "1.00"},
                        Case{INT64_MAX, "92233720368547758.07"}, Case{INT64_MIN, "-92233720368547758.08"}}) {
    EXPECT_EQ(FormatSieAmount(c.ore), c.text) << c.ore;
  }
}

TEST(Utf8ToCp437Test, SwedishLettersAsciiAndUnknowns) {
  EXPECT_EQ(Utf8ToCp437("abc XYZ 0-9 #{}"), "abc XYZ 0-9 #{}");
  EXPECT_EQ(Utf8ToCp437("åäöÅÄÖéÉüÜ"), "\x86\x84\x94\x8F\x8E\x99\x82\x90\x81\x9A");
  EXPECT_EQ(Utf8ToCp437("€ ł 中"), "? ? ?");  // not in CP437
  EXPECT_EQ(Utf8ToCp437("a\xC3"), "a?");       // cut UTF-8
  EXPECT_EQ(Utf8ToCp437("\xFF"), "?");
  EXPECT_EQ(sietest::Cp437ToUtf8(Utf8ToCp437("Göteborgs Stadsmission")), "Göteborgs Stadsmission");
}

TEST(WriteSieTest, HeaderAndRecordsInOrder) {
  auto bytes = WriteSie(SmallExport());
  ASSERT_TRUE(bytes.ok()) << bytes.status();
  const std::string text = sietest::Cp437ToUtf8(*bytes);
  const char* expected_start =
      "#FLAGGA 0\r\n#PROGRAM \"fondbok\" \"0.1.0\"\r\n#FORMAT PC8\r\n#GEN 20260315 \"fondbok\"\r\n#SIETYP 4\r\n"
      "#FNAMN \"Mikrofonden Väst \\\"ek. för.\\\"\"\r\n#ORGNR 769600-0001\r\n#RAR 0 20250101 20251231\r\n"
      "#KPTYP BAS2014\r\n#VALUTA SEK\r\n#KONTO 1930 \"Företagskonto\"\r\n#KTYP 1930 T\r\n";
  EXPECT_TRUE(absl::StartsWith(text, expected_start)) << text;
  for (const char* line : {"#IB 0 1930 1000.00\r\n", "#UB 0 2390 -3500.00\r\n", "#RES 0 8250 -50.00\r\n",
                           "#KTYP 8250 I\r\n", "#KTYP 2390 S\r\n",
                           "#VER \"A\" 7 20250201 \"Kommunens insats åäö\" 20250202\r\n{\r\n"
                           "#TRANS 1930 {} 2500.00 20250201 \"asset:bank\"\r\n"
                           "#TRANS 2390 {} -2500.00 20250201 \"liability:capital:SRC-1\"\r\n}\r\n"}) {
    EXPECT_TRUE(absl::StrContains(text, line)) << line;
  }
  EXPECT_FALSE(absl::StrContains(text, "#IB 0 8250")) << "result accounts have no opening balance";
  EXPECT_LT(text.find("#KONTO 2091"), text.find("#KONTO 2390")) << "accounts sorted by number";
  // Raw bytes are CP437, not UTF-8: ö is 0x94.
  EXPECT_TRUE(absl::StrContains(*bytes, "F\x94retagskonto"));
}

TEST(WriteSieTest, OwnReaderSeesZeroSumVouchersAndBalancesThatAddUp) {
  SieExport in = SmallExport();
  auto bytes = WriteSie(in);
  ASSERT_TRUE(bytes.ok()) << bytes.status();
  auto parsed = sietest::ParseSie(*bytes);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_TRUE(parsed->crlf);
  EXPECT_EQ(parsed->header["#FNAMN"][0], "Mikrofonden Väst \"ek. för.\"");
  ASSERT_EQ(parsed->vouchers.size(), 2u);
  EXPECT_EQ(parsed->vouchers[1].number, "9");
  ASSERT_EQ(parsed->vouchers[1].transactions.size(), 3u) << "same BAS account kept as separate lines";
  EXPECT_EQ(parsed->vouchers[1].transactions[2].text, "income:interest:x");
  // 1930: 1000 + 2500 + 50 = 3550; 2390: -1000 - 2500 = -3500; 8250: -50; Σ IB = 0.
  EXPECT_TRUE(sietest::CheckSieInvariants(*parsed).ok()) << sietest::CheckSieInvariants(*parsed);
  // The reader's check can fail: a wrong closing balance is caught.
  in.accounts[1].closing_ore += 1;
  auto broken = sietest::ParseSie(*WriteSie(in));
  ASSERT_TRUE(broken.ok());
  EXPECT_FALSE(sietest::CheckSieInvariants(*broken).ok());
}

TEST(WriteSieTest, RefusesBadInput) {
  struct Case {
    const char* name;
    std::function<void(SieExport&)> damage;
    const char* message;
  };
  const std::vector<Case> cases = {
      {"unbalanced", [](SieExport& in) { in.vouchers[0].transactions[0].amount_ore += 1; }, "does not sum to zero"},
      {"unlisted", [](SieExport& in) { in.vouchers[0].transactions[0].account = 1510; }, "not listed"},
      {"duplicate", [](SieExport& in) { in.accounts.push_back(in.accounts[0]); }, "listed twice"},
      {"range", [](SieExport& in) { in.accounts[0].number = 999; }, "1000–8999"},
      {"year", [](SieExport& in) { in.year_end = absl::CivilDay(2024, 12, 31); }, "ends before"},
  };
  for (const Case& c : cases) {
    SieExport in = SmallExport();
    c.damage(in);
    auto bytes = WriteSie(in);
    EXPECT_EQ(bytes.status().code(), absl::StatusCode::kInvalidArgument) << c.name;
    EXPECT_TRUE(absl::StrContains(bytes.status().message(), c.message)) << c.name << ": " << bytes.status();
  }
}

TEST(WriteSieTest, TextsAreEscapedCutAndFreeOfControlCharacters) {
  SieExport in = SmallExport();
  in.vouchers[0].text = std::string("back\\slash \"quote\"\ttab\r\nnewline ") + std::string(200, 'x');
  auto bytes = WriteSie(in);
  ASSERT_TRUE(bytes.ok());
  auto parsed = sietest::ParseSie(*bytes);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  const std::string& text = parsed->vouchers[0].text;
  EXPECT_TRUE(absl::StartsWith(text, "back\\slash \"quote\" tab  newline xxx")) << text;
  EXPECT_EQ(text.size(), kSieTextCharsMax);
}

}  // namespace
}  // namespace fondbok::reports
