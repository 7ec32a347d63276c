#include "services/parties/check_digits.h"

#include <gtest/gtest.h>

#include "absl/strings/match.h"

namespace fondbok::parties {
namespace {

constexpr absl::StatusCode kOk = absl::StatusCode::kOk;
constexpr absl::StatusCode kInvalid = absl::StatusCode::kInvalidArgument;

// A normalizer's case: input, expected code, expected result (when OK) or a part of the message.
struct Case {
  std::string input;
  absl::StatusCode code;
  std::string want;
};

template <typename Normalize>
void RunCases(const std::vector<Case>& cases, Normalize normalize) {
  for (const Case& c : cases) {
    absl::StatusOr<std::string> got = normalize(c.input);
    EXPECT_EQ(got.status().code(), c.code) << "input \"" << c.input << "\": " << got.status();
    if (got.ok() && c.code == kOk) {
      EXPECT_EQ(*got, c.want) << c.input;
    } else if (!got.ok()) {
      EXPECT_TRUE(absl::StrContains(got.status().message(), c.want)) << got.status() << " lacks \"" << c.want << "\"";
      EXPECT_TRUE(absl::StrContains(got.status().message(), c.input)) << got.status() << " does not name the value";
    }
  }
}

TEST(CheckDigitsTest, Luhn) {
  struct LuhnCase {
    std::string body;
    int check;
  } cases[] = {
      {"212000135", 5}, {"556036079", 3}, {"5402968", 1}, {"811218987", 6}, {"1235", 1},
      {"123", 0},       {"0", 0},         {"1", 8},       {"9", 1},         {"00000000", 0},
  };
  for (const LuhnCase& c : cases) {
    EXPECT_EQ(LuhnCheckDigit(c.body), c.check) << c.body;
    EXPECT_TRUE(LuhnValid(c.body + std::to_string(c.check))) << c.body;
    EXPECT_FALSE(LuhnValid(c.body + std::to_string((c.check + 1) % 10))) << c.body;
  }
  EXPECT_FALSE(LuhnValid(""));
  EXPECT_FALSE(LuhnValid("0"));
  EXPECT_FALSE(LuhnValid("12a3"));
}

TEST(CheckDigitsTest, MakeOcr) {
  RunCases(
      {
          {"123", kOk, "12351"},  // FORMATS.md's example
          {"99", kOk, "9944"},
          {"1", kOk, "133"},
          {std::string(23, '1'), kOk, std::string(22, '1') + "155"},
          {std::string(24, '1'), kInvalid, "1–23 digits"},
          {"", kInvalid, "1–23 digits"},
          {"12 3", kInvalid, "1–23 digits"},
          {"12a", kInvalid, "1–23 digits"},
      },
      [](const std::string& body) { return MakeOcr(body); });
  // Everything MakeOcr issues validates.
  for (const std::string& body : std::vector<std::string>{"1", "42", "123", "2026031500017", std::string(23, '9')}) {
    auto ocr = MakeOcr(body);
    ASSERT_TRUE(ocr.ok()) << ocr.status();
    EXPECT_TRUE(ValidateOcr(*ocr).ok()) << *ocr;
  }
}

TEST(CheckDigitsTest, ValidateOcr) {
  RunCases(
      {
          {"12351", kOk, "12351"},
          {"123 51", kOk, "12351"},
          {"9944", kOk, "9944"},
          {"12352", kInvalid, "wrong check digit (expected 1)"},
          {"12341", kInvalid, "wrong length digit (expected 5 for 5 digits)"},
          {"1230", kInvalid, "wrong length digit"},  // valid Luhn, but no length digit
          {"1", kInvalid, "2–25 digits"},
          {std::string(26, '1'), kInvalid, "2–25 digits"},
          {"12-351", kInvalid, "2–25 digits"},
      },
      [](const std::string& text) { return ValidateOcr(text); });
}

TEST(CheckDigitsTest, OrgNumber) {
  RunCases(
      {
          {"212000-1355", kOk, "2120001355"},
          {"556036-0793", kOk, "5560360793"},
          {"5560360793", kOk, "5560360793"},
          {"165560360793", kOk, "5560360793"},  // the twelve-digit form of BgMax files
          {"802002-1237", kOk, "8020021237"},
          {"556036-0794", kInvalid, "has a wrong check digit (expected 3)"},
          {"811218-9876", kInvalid, "third and fourth digits"},  // a personnummer
          {"556036-079", kInvalid, "ten digits"},
          {"55603607931", kInvalid, "ten digits"},
          {"556036 0793", kInvalid, "ten digits"},
          {"5560-360793", kInvalid, "ten digits"},
          {"", kInvalid, "ten digits"},
      },
      [](const std::string& text) { return NormalizeOrgNumber(text); });
  auto wrong = NormalizeOrgNumber("556036-0794");
  EXPECT_EQ(wrong.status().message(), "organisation number \"556036-0794\" has a wrong check digit (expected 3)");
  EXPECT_EQ(FormatOrgNumber("5560360793"), "556036-0793");
  EXPECT_EQ(FormatOrgNumber("55603"), "55603");
}

TEST(CheckDigitsTest, Bankgiro) {
  RunCases(
      {
          {"5402-9681", kOk, "54029681"},
          {"54029681", kOk, "54029681"},
          {"123-4566", kOk, "1234566"},
          {"1234566", kOk, "1234566"},
          {"5402-9682", kInvalid, "wrong check digit (expected 1)"},
          {"540-29681", kInvalid, "7 or 8 digits"},
          {"54-02-9681", kInvalid, "7 or 8 digits"},
          {"123456", kInvalid, "7 or 8 digits"},
          {"123456789", kInvalid, "7 or 8 digits"},
      },
      [](const std::string& text) { return NormalizeBankgiro(text); });
  EXPECT_EQ(FormatBankgiro("54029681"), "5402-9681");
  EXPECT_EQ(FormatBankgiro("1234566"), "123-4566");
  EXPECT_EQ(FormatBankgiro(""), "");
}

TEST(CheckDigitsTest, Personnummer) {
  const absl::CivilDay today(2026, 3, 15);
  RunCases(
      {
          {"811218-9876", kOk, "198112189876"},
          {"8112189876", kOk, "198112189876"},
          {"19811218-9876", kOk, "198112189876"},
          {"198112189876", kOk, "198112189876"},
          {"811218+9876", kOk, "188112189876"},   // 100 or older
          {"000229-1235", kOk, "200002291235"},   // 2000 was a leap year
          {"260315-1230", kOk, "202603151230"},   // born today
          {"260316-1239", kOk, "192603161239"},   // "tomorrow" is a century ago
          {"701063-1237", kOk, "197010631237"},   // samordningsnummer: day 3 + 60
          {"811218-9875", kInvalid, "wrong check digit (expected 6)"},
          {"811318-9875", kInvalid, "no valid date"},
          {"010229-1234", kInvalid, "no valid date"},  // 2001 was not
          {"811218-987", kInvalid, "YYMMDD-NNNN"},
          {"81121-89876", kInvalid, "YYMMDD-NNNN"},
      },
      [&](const std::string& text) { return NormalizePersonnummer(text, today); });
}

TEST(CheckDigitsTest, Kommunkod) {
  struct KommunCase {
    std::string code;
    absl::StatusCode status;
    std::string message_part;
  } cases[] = {
      {"0583", kOk, ""},  // Motala (FORMATS.md)
      {"1480", kOk, ""},  // Göteborg
      {"2039", kOk, ""},  // Älvdalen
      {"0180", kOk, ""},  // Stockholm
      {"2584", kOk, ""},  // Kiruna
      {"0980", kOk, ""},  // Gotland
      {"0280", kInvalid, "not a county"},
      {"1180", kInvalid, "not a county"},
      {"2680", kInvalid, "not a county"},
      {"0199", kInvalid, "not a municipality in Stockholm county"},
      {"583", kInvalid, "four digits"},
      {"05833", kInvalid, "four digits"},
      {"05a3", kInvalid, "four digits"},
      {"", kInvalid, "four digits"},
  };
  for (const KommunCase& c : cases) {
    absl::Status status = ValidateKommunkod(c.code);
    EXPECT_EQ(status.code(), c.status) << c.code << ": " << status;
    EXPECT_TRUE(absl::StrContains(status.message(), c.message_part)) << status;
  }
}

TEST(CheckDigitsTest, MunicipalityTable) {
  const auto& table = Municipalities();
  EXPECT_EQ(table.size(), 290u);  // Sweden's municipalities since 2007 (Knivsta)
  EXPECT_EQ(table.at("0583"), "Motala");
  EXPECT_EQ(table.at("1480"), "Göteborg");
  EXPECT_EQ(table.at("2039"), "Älvdalen");
  int counties_seen = 0;
  for (const std::string county : {"01", "03", "04", "05", "06", "07", "08", "09", "10", "12", "13", "14", "17",
                                   "18", "19", "20", "21", "22", "23", "24", "25"}) {
    ASSERT_TRUE(CountyName(county).has_value()) << county;
    auto first = table.lower_bound(county);
    if (first != table.end() && first->first.substr(0, 2) == county) ++counties_seen;
  }
  EXPECT_EQ(counties_seen, 21);  // every county has municipalities
  EXPECT_FALSE(CountyName("02").has_value());
  EXPECT_FALSE(CountyName("11").has_value());

  struct TableCase {
    std::string text;
    absl::StatusCode code;
    size_t entries;
  } cases[] = {
      {"# comment\n\n0583\tMotala\n1480\tGöteborg\n", kOk, 2},
      {"0583\tMotala\n0583\tMotala\n", kInvalid, 0},
      {"0283\tNowhere\n", kInvalid, 0},
      {"583\tMotala\n", kInvalid, 0},
      {"0583 Motala\n", kInvalid, 0},
      {"0583\t\n", kInvalid, 0},
  };
  for (const TableCase& c : cases) {
    auto parsed = ParseMunicipalityTable(c.text);
    EXPECT_EQ(parsed.status().code(), c.code) << c.text << parsed.status();
    if (parsed.ok()) {
      EXPECT_EQ(parsed->size(), c.entries);
    }
  }
}

}  // namespace
}  // namespace fondbok::parties
