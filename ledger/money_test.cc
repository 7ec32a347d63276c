#include "ledger/money.h"

#include <cstdint>
#include <limits>
#include <numeric>
#include <string>
#include <vector>

#include "absl/numeric/int128.h"
#include "absl/status/status.h"
#include "gtest/gtest.h"

namespace fondbok::ledger {
namespace {

constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
constexpr int64_t kMin = std::numeric_limits<int64_t>::min();

struct AcceptCase {
  const char* text;
  int64_t ore;
};

TEST(ParseAmount, AcceptsSwedishAndPlainDecimals) {
  const AcceptCase cases[] = {
      {"1250", 125000},
      {"1250.5", 125050},
      {"1250.50", 125050},
      {"1250,50", 125050},
      {"1 250,50", 125050},
      {"1 250.50", 125050},
      {"0.01", 1},
      {"0,1", 10},
      {"0", 0},
      {"7", 700},
      {"1 250 000", 125000000},
      {"12 345 678,90", 1234567890},
      {"1\xC2\xA0" "250,50", 125050},          // no-break space
      {"1\xE2\x80\xAF" "250\xE2\x80\xAF" "000", 125000000},  // narrow no-break space
      {"999 999", 99999900},
      {"92233720368547758.07", kMax},
      {"92 233 720 368 547 758,07", kMax},
  };
  for (const AcceptCase& c : cases) {
    SCOPED_TRACE(c.text);
    auto parsed = ParseAmount(c.text);
    ASSERT_TRUE(parsed.ok()) << parsed.status();
    EXPECT_EQ(*parsed, c.ore);
  }
}

struct RefuseCase {
  const char* text;
  absl::StatusCode code;
  const char* why;  // part of the message besides the text itself
};

TEST(ParseAmount, RefusesMalformedAmountsNamingThem) {
  const RefuseCase cases[] = {
      {"12,5.0", absl::StatusCode::kInvalidArgument, "more than one decimal separator"},
      {"1,2,3", absl::StatusCode::kInvalidArgument, "more than one decimal separator"},
      {"1e3", absl::StatusCode::kInvalidArgument, "unexpected character 'e'"},
      {"0.001", absl::StatusCode::kInvalidArgument, "more than two decimals"},
      {"", absl::StatusCode::kInvalidArgument, "empty"},
      {" 12", absl::StatusCode::kInvalidArgument, "starts with a space"},
      {"12 34", absl::StatusCode::kInvalidArgument, "grouped by three"},
      {"1234 567", absl::StatusCode::kInvalidArgument, "grouped by three"},
      {"1 2345", absl::StatusCode::kInvalidArgument, "grouped by three"},
      {"1  250", absl::StatusCode::kInvalidArgument, "followed by digits"},
      {"12 ", absl::StatusCode::kInvalidArgument, "followed by digits"},
      {".5", absl::StatusCode::kInvalidArgument, "no digits before"},
      {",5", absl::StatusCode::kInvalidArgument, "no digits before"},
      {"5.", absl::StatusCode::kInvalidArgument, "no digits after"},
      {"-5", absl::StatusCode::kInvalidArgument, "negative"},
      {"abc", absl::StatusCode::kInvalidArgument, "no digits before"},
      {"12kr", absl::StatusCode::kInvalidArgument, "unexpected character 'k'"},
      {"+5", absl::StatusCode::kInvalidArgument, "no digits before"},
      {"1.5x", absl::StatusCode::kInvalidArgument, "after the decimal separator"},
      {"92233720368547758.08", absl::StatusCode::kOutOfRange, "too large"},
      {"92233720368547759", absl::StatusCode::kOutOfRange, "too large"},
      {"100000000000000000000", absl::StatusCode::kOutOfRange, "too large"},
      {"99999999999999999999999999999999", absl::StatusCode::kOutOfRange, "too large"},
  };
  for (const RefuseCase& c : cases) {
    SCOPED_TRACE(c.text);
    auto parsed = ParseAmount(c.text);
    ASSERT_FALSE(parsed.ok()) << "parsed as " << *parsed;
    EXPECT_EQ(parsed.status().code(), c.code) << parsed.status();
    EXPECT_NE(parsed.status().message().find(std::string("\"") + c.text + "\""), std::string::npos)
        << "message does not quote the offending text: " << parsed.status().message();
    EXPECT_NE(parsed.status().message().find(c.why), std::string::npos) << parsed.status().message();
  }
}

TEST(ParseAmount, ErrorMessageTellsHowToWriteAnAmount) {
  auto parsed = ParseAmount("12,5.0");
  ASSERT_FALSE(parsed.ok());
  EXPECT_NE(parsed.status().message().find("1250.50"), std::string::npos) << parsed.status().message();
}

TEST(ParseAmount, OverlongTextIsRefusedAndQuotedShort) {
  std::string text(100, '1');
  auto parsed = ParseAmount(text);
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(parsed.status().message().find("longer than 64 characters"), std::string::npos);
  EXPECT_NE(parsed.status().message().find(text.substr(0, 64)), std::string::npos);
  EXPECT_EQ(parsed.status().message().find(text.substr(0, 65)), std::string::npos) << "quotes all of it";
}

TEST(ParseAmount, NegativeOnlyWhenAllowed) {
  const AcceptCase cases[] = {
      {"-5", -500},
      {"-12.00", -1200},
      {"-1 250,50", -125050},
      {"-0.01", -1},
      {"-92233720368547758.07", -kMax},
      {"5", 500},
  };
  for (const AcceptCase& c : cases) {
    SCOPED_TRACE(c.text);
    auto parsed = ParseAmount(c.text, /*allow_negative=*/true);
    ASSERT_TRUE(parsed.ok()) << parsed.status();
    EXPECT_EQ(*parsed, c.ore);
  }
  for (const char* bad : {"-", "--5", "- 5", "-.5"}) {
    SCOPED_TRACE(bad);
    auto parsed = ParseAmount(bad, true);
    ASSERT_FALSE(parsed.ok()) << *parsed;
    EXPECT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument);
  }
  auto too_small = ParseAmount("-92233720368547758.08", true);
  ASSERT_FALSE(too_small.ok());
  EXPECT_EQ(too_small.status().code(), absl::StatusCode::kOutOfRange);
}

TEST(ParseAmount, RoundTripsThroughFormatDecimal) {
  for (int64_t ore : {int64_t{0}, int64_t{1}, int64_t{99}, int64_t{100}, int64_t{125050}, kMax}) {
    SCOPED_TRACE(ore);
    auto parsed = ParseAmount(FormatDecimal(ore));
    ASSERT_TRUE(parsed.ok()) << parsed.status();
    EXPECT_EQ(*parsed, ore);
  }
}

struct FormatCase {
  int64_t ore;
  const char* currency;
  const char* text;
};

TEST(FormatAmount, SwedishGroupingAndCurrency) {
  const FormatCase cases[] = {
      {125050, "SEK", "1 250,50 kr"},
      {-125050, "SEK", "-1 250,50 kr"},
      {0, "SEK", "0,00 kr"},
      {5, "SEK", "0,05 kr"},
      {-5, "SEK", "-0,05 kr"},
      {100, "SEK", "1,00 kr"},
      {99999, "SEK", "999,99 kr"},
      {100000, "SEK", "1 000,00 kr"},
      {123456789012, "SEK", "1 234 567 890,12 kr"},
      {kMax, "SEK", "92 233 720 368 547 758,07 kr"},
      {kMin, "SEK", "-92 233 720 368 547 758,08 kr"},
      {125050, "EUR", "1 250,50 EUR"},
      {-1, "EUR", "-0,01 EUR"},
      {1234567, "PTS", "1 234 567 PTS"},
      {-1000, "PTS", "-1 000 PTS"},
      {0, "PTS", "0 PTS"},
  };
  for (const FormatCase& c : cases) {
    SCOPED_TRACE(c.text);
    EXPECT_EQ(FormatAmount(c.ore, c.currency), c.text);
  }
  EXPECT_EQ(FormatAmount(125050), "1 250,50 kr") << "SEK is the default";
}

TEST(FormatAmount, OutputParsesBackForSek) {
  for (int64_t ore : {int64_t{1}, int64_t{125050}, int64_t{100000000}, kMax}) {
    std::string text = FormatAmount(ore, "SEK");
    text.resize(text.size() - 3);  // " kr"
    auto parsed = ParseAmount(text);
    ASSERT_TRUE(parsed.ok()) << text << ": " << parsed.status();
    EXPECT_EQ(*parsed, ore);
  }
}

TEST(FormatDecimal, PlainDotDecimal) {
  const std::pair<int64_t, const char*> cases[] = {
      {125050, "1250.50"}, {0, "0.00"},     {1, "0.01"},       {-1, "-0.01"},       {-125005, "-1250.05"},
      {10, "0.10"},        {100, "1.00"},   {kMax, "92233720368547758.07"},           {kMin, "-92233720368547758.08"},
  };
  for (const auto& [ore, text] : cases) {
    SCOPED_TRACE(text);
    EXPECT_EQ(FormatDecimal(ore), text);
  }
}

TEST(CheckedArithmetic, AddSubtractMultiply) {
  EXPECT_EQ(*AddOre(1, 2), 3);
  EXPECT_EQ(*AddOre(kMax - 1, 1), kMax);
  EXPECT_EQ(*AddOre(kMin, kMax), -1);
  EXPECT_EQ(*SubtractOre(5, 7), -2);
  EXPECT_EQ(*SubtractOre(kMin + 1, 1), kMin);
  EXPECT_EQ(*MultiplyOre(-3, 7), -21);
  EXPECT_EQ(*MultiplyOre(kMax, 1), kMax);
  EXPECT_EQ(*MultiplyOre(kMin, 1), kMin);

  struct Overflow {
    const char* what;
    absl::StatusOr<int64_t> result;
  };
  const Overflow overflows[] = {
      {"max + 1", AddOre(kMax, 1)},
      {"min + -1", AddOre(kMin, -1)},
      {"max + max", AddOre(kMax, kMax)},
      {"min - 1", SubtractOre(kMin, 1)},
      {"0 - min", SubtractOre(0, kMin)},
      {"max - -1", SubtractOre(kMax, -1)},
      {"max * 2", MultiplyOre(kMax, 2)},
      {"min * -1", MultiplyOre(kMin, -1)},
      {"2^32 * 2^32", MultiplyOre(int64_t{1} << 32, int64_t{1} << 32)},
  };
  for (const Overflow& o : overflows) {
    SCOPED_TRACE(o.what);
    ASSERT_FALSE(o.result.ok()) << *o.result;
    EXPECT_EQ(o.result.status().code(), absl::StatusCode::kOutOfRange);
    EXPECT_NE(o.result.status().message().find("overflow"), std::string::npos);
  }
}

struct RatioCase {
  int64_t amount, numerator, denominator, expected;
};

TEST(MultiplyRatioHalfEven, TiesGoToEvenOnBothSides) {
  const RatioCase cases[] = {
      // x / 2 for x = -7..7: exact halves round to the even neighbour.
      {1, 1, 2, 0},     // 0.5 -> 0
      {3, 1, 2, 2},     // 1.5 -> 2
      {5, 1, 2, 2},     // 2.5 -> 2
      {7, 1, 2, 4},     // 3.5 -> 4
      {-1, 1, 2, 0},    // -0.5 -> 0
      {-3, 1, 2, -2},   // -1.5 -> -2
      {-5, 1, 2, -2},   // -2.5 -> -2
      {-7, 1, 2, -4},   // -3.5 -> -4
      {5, -1, 2, -2},   // sign from the numerator
      // Not ties: ordinary rounding.
      {1, 1, 3, 0},     // 0.333
      {2, 1, 3, 1},     // 0.667
      {-2, 1, 3, -1},
      {-1, 1, 3, 0},
      {251, 1, 100, 3},     // 2.51
      {249, 1, 100, 2},     // 2.49
      {-251, 1, 100, -3},
      {10, 3, 4, 8},    // 7.5 -> 8
      {14, 3, 4, 10},   // 10.5 -> 10
      {0, 5, 7, 0},
      {kMax, 1, 1, kMax},
      {kMax, 2, 2, kMax},  // the intermediate product exceeds int64
      {kMin, 1, 1, kMin},
      {kMax, kMax, kMax, kMax},
  };
  for (const RatioCase& c : cases) {
    SCOPED_TRACE(testing::Message() << c.amount << " * " << c.numerator << " / " << c.denominator);
    auto result = MultiplyRatioHalfEven(c.amount, c.numerator, c.denominator);
    ASSERT_TRUE(result.ok()) << result.status();
    EXPECT_EQ(*result, c.expected);
  }
}

TEST(MultiplyRatioHalfEven, RefusesBadDenominatorAndOverflow) {
  for (int64_t denominator : {int64_t{0}, int64_t{-1}, kMin}) {
    auto result = MultiplyRatioHalfEven(10, 1, denominator);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);
  }
  for (auto result : {MultiplyRatioHalfEven(kMax, 2, 1), MultiplyRatioHalfEven(kMin, -1, 1),
                      MultiplyRatioHalfEven(kMax, kMax, 2)}) {
    ASSERT_FALSE(result.ok()) << *result;
    EXPECT_EQ(result.status().code(), absl::StatusCode::kOutOfRange);
  }
}

TEST(ApplyBasisPoints, RoundsHalfToEvenToTheOre) {
  const RatioCase cases[] = {
      // amount, rate_bp, (unused), expected
      {100000, 350, 0, 3500},    // 3.5 % of 1 000 kr = 35 kr
      {10000, 500, 0, 500},      // 5 %
      {10000, 10000, 0, 10000},  // 100 %
      {10000, 0, 0, 0},
      {50, 100, 0, 0},      // 0.50 öre -> 0
      {150, 100, 0, 2},     // 1.50 öre -> 2
      {250, 100, 0, 2},     // 2.50 öre -> 2
      {-250, 100, 0, -2},
      {-150, 100, 0, -2},
      {333, 750, 0, 25},    // 24.975 -> 25
      {12345678, 825, 0, 1018518},  // 1 018 518.435 -> 1 018 518
  };
  for (const RatioCase& c : cases) {
    SCOPED_TRACE(testing::Message() << c.amount << " at " << c.numerator << " bp");
    auto result = ApplyBasisPoints(c.amount, c.numerator);
    ASSERT_TRUE(result.ok()) << result.status();
    EXPECT_EQ(*result, c.expected);
  }
}

TEST(SplitEvenly, SumsExactlyWithTheRemainderLast) {
  struct Case {
    int64_t total;
    int parts;
    std::vector<int64_t> expected;
  };
  const Case cases[] = {
      {100, 3, {33, 33, 34}},
      {100, 4, {25, 25, 25, 25}},
      {1, 3, {0, 0, 1}},
      {0, 2, {0, 0}},
      {7, 1, {7}},
      {1000001, 12, {83333, 83333, 83333, 83333, 83333, 83333, 83333, 83333, 83333, 83333, 83333, 83338}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(testing::Message() << c.total << " / " << c.parts);
    EXPECT_EQ(SplitEvenly(c.total, c.parts), c.expected);
  }
  for (int64_t total : {int64_t{0}, int64_t{1}, int64_t{99}, int64_t{123456789}, kMax}) {
    for (int parts : {1, 2, 7, 12, 360}) {
      std::vector<int64_t> split = SplitEvenly(total, parts);
      ASSERT_EQ(split.size(), static_cast<size_t>(parts));
      absl::int128 sum = 0;
      for (int64_t part : split) sum += part;
      EXPECT_EQ(sum, absl::int128(total)) << total << " / " << parts;
      for (size_t i = 0; i + 1 < split.size(); ++i) {
        EXPECT_EQ(split[i], total / parts);
        EXPECT_LE(split[i], split.back());
      }
    }
  }
}

TEST(IsValidCurrency, ThreeUpperCaseLetters) {
  for (const char* ok : {"SEK", "EUR", "PTS", "USD"}) EXPECT_TRUE(IsValidCurrency(ok)) << ok;
  for (const char* bad : {"", "SE", "sek", "SEKK", "S1K", "SE ", "kr"}) EXPECT_FALSE(IsValidCurrency(bad)) << bad;
}

}  // namespace
}  // namespace fondbok::ledger
