#include "services/credits/big_rational.h"

#include <cstdint>
#include <iostream>
#include <limits>
#include <random>
#include <string>

#include "absl/numeric/int128.h"
#include "absl/status/status.h"
#include "gtest/gtest.h"
#include "ledger/money.h"

namespace fondbok::credits {
namespace {

constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
constexpr int64_t kMin = std::numeric_limits<int64_t>::min();

// Decimal text of an int128, written independently of BigInt::ToString.
std::string Decimal(absl::int128 value) {
  if (value == 0) return "0";
  const bool negative = value < 0;
  absl::uint128 magnitude = negative ? absl::uint128(-(value + 1)) + 1 : absl::uint128(value);
  std::string digits;
  while (magnitude != 0) {
    digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(absl::Uint128Low64(magnitude % 10))));
    magnitude /= 10;
  }
  return negative ? "-" + digits : digits;
}

TEST(BigInt, MatchesInt128OnEdgeValues) {
  const int64_t values[] = {0, 1, -1, 2, -2, 4294967295, 4294967296, -4294967296, 123456789012345, kMax, kMin, kMin + 1};
  for (int64_t a : values) {
    for (int64_t b : values) {
      SCOPED_TRACE(Decimal(a) + " and " + Decimal(b));
      EXPECT_EQ((BigInt(a) + BigInt(b)).ToString(), Decimal(absl::int128(a) + b));
      EXPECT_EQ((BigInt(a) - BigInt(b)).ToString(), Decimal(absl::int128(a) - b));
      EXPECT_EQ((BigInt(a) * BigInt(b)).ToString(), Decimal(absl::int128(a) * b));
      EXPECT_EQ(BigInt(a) < BigInt(b), a < b);
      EXPECT_EQ(BigInt(a) == BigInt(b), a == b);
      if (b != 0) {
        BigDivMod division = DivMod(BigInt(a), BigInt(b));
        EXPECT_EQ(division.quotient.ToString(), Decimal(absl::int128(a) / b));
        EXPECT_EQ(division.remainder.ToString(), Decimal(absl::int128(a) % b));
      }
    }
  }
}

TEST(BigInt, KnownPowersAndText) {
  struct Case {
    int64_t base;
    unsigned exponent;
    const char* text;
  };
  const Case cases[] = {
      {2, 100, "1267650600228229401496703205376"},
      {3, 100, "515377520732011331036461129765621272702107522001"},
      {-2, 3, "-8"},
      {0, 0, "1"},
      {0, 5, "0"},
      {10, 30, "1000000000000000000000000000000"},
      {-1, 1001, "-1"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    EXPECT_EQ(BigInt::Pow(c.base, c.exponent).ToString(), c.text);
  }
  const std::string big = BigInt::Pow(150000, 600).ToString();
  EXPECT_EQ(big.size(), 3106u);
  EXPECT_EQ(big.substr(0, 20), "45160155993586001032");
  EXPECT_EQ(BigInt::FromUnsigned(std::numeric_limits<uint64_t>::max()).ToString(), "18446744073709551615");
}

TEST(BigInt, DivModTruncatesTowardZero) {
  struct Case {
    BigInt dividend, divisor;
    const char* quotient;
    const char* remainder;
  };
  const BigInt ten30 = BigInt::Pow(10, 30);
  const Case cases[] = {
      {7, 2, "3", "1"},
      {-7, 2, "-3", "-1"},
      {7, -2, "-3", "1"},
      {-7, -2, "3", "-1"},
      {0, 5, "0", "0"},
      {3, 7, "0", "3"},
      {ten30, 7, "142857142857142857142857142857", "1"},
      {-ten30, 7, "-142857142857142857142857142857", "-1"},
      {ten30, ten30, "1", "0"},
      {ten30 + 5, BigInt::Pow(10, 15), "1000000000000000", "5"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.dividend.ToString() + " / " + c.divisor.ToString());
    BigDivMod division = DivMod(c.dividend, c.divisor);
    EXPECT_EQ(division.quotient.ToString(), c.quotient);
    EXPECT_EQ(division.remainder.ToString(), c.remainder);
  }
}

// Random multi-limb numbers: dividend = quotient·divisor + remainder must hold exactly.
TEST(BigInt, RandomDivisionIdentity) {
  const uint64_t seed = std::random_device{}();
  std::cout << "BigInt.RandomDivisionIdentity seed " << seed << "\n";
  SCOPED_TRACE("seed " + std::to_string(seed));
  std::mt19937_64 random(seed);
  auto random_big = [&random](int factors) {
    BigInt value = 1;
    for (int i = 0; i < factors; ++i) value = value * BigInt(static_cast<int64_t>(random())) + BigInt(static_cast<int64_t>(random() % 1000));
    return value;
  };
  for (int round = 0; round < 300; ++round) {
    const BigInt dividend = random_big(1 + static_cast<int>(random() % 12));
    BigInt divisor = random_big(1 + static_cast<int>(random() % 6));
    if (divisor.IsZero()) divisor = 3;
    const BigDivMod division = DivMod(dividend, divisor);
    ASSERT_EQ(division.quotient * divisor + division.remainder, dividend) << dividend.ToString() << " / " << divisor.ToString();
    ASSERT_LT(division.remainder.Abs(), divisor.Abs());
    ASSERT_TRUE(division.remainder.IsZero() || division.remainder.IsNegative() == dividend.IsNegative());
    ASSERT_EQ(dividend - divisor + divisor, dividend);
  }
}

TEST(BigInt, ToInt64Bounds) {
  EXPECT_EQ(*BigInt(kMax).ToInt64(), kMax);
  EXPECT_EQ(*BigInt(kMin).ToInt64(), kMin);
  EXPECT_EQ((BigInt(kMax) + 1).ToInt64().status().code(), absl::StatusCode::kOutOfRange);
  EXPECT_EQ((BigInt(kMin) - 1).ToInt64().status().code(), absl::StatusCode::kOutOfRange);
  EXPECT_EQ(*(BigInt(kMax) + 1 - 1).ToInt64(), kMax);
}

TEST(BigRational, ComparesValuesNotRepresentations) {
  EXPECT_EQ(BigRational(1, 2), BigRational(2, 4));
  EXPECT_EQ(BigRational(-1, 2), BigRational(1, -2));
  EXPECT_LT(BigRational(1, 3), BigRational(1, 2));
  EXPECT_LT(BigRational(-1, 2), BigRational(1, 3));
  EXPECT_GT(BigRational(-1, 3), BigRational(-1, 2));
  EXPECT_EQ(BigRational(1, 2) + BigRational(1, 3), BigRational(5, 6));
  EXPECT_EQ(BigRational(1, 2) - BigRational(1, 3), BigRational(1, 6));
  EXPECT_EQ(BigRational(2, 3) * BigRational(9, 4), BigRational(3, 2));
  EXPECT_EQ(BigRational(1, 2) / BigRational(-1, 4), BigRational(-2));
  const BigRational reduced = BigRational(6, -4).Reduced();
  EXPECT_EQ(reduced.numerator(), BigInt(-3));
  EXPECT_EQ(reduced.denominator(), BigInt(2));
  EXPECT_EQ(Gcd(BigInt::Pow(6, 40), BigInt::Pow(4, 30)), BigInt::Pow(2, 40));
  EXPECT_EQ(Gcd(0, -9), BigInt(9));
}

TEST(RoundHalfEven, TiesGoToEven) {
  struct Case {
    BigRational value;
    int64_t rounded;
  };
  const Case cases[] = {
      {BigRational(5, 2), 2},   {BigRational(7, 2), 4},    {BigRational(-5, 2), -2}, {BigRational(-7, 2), -4},
      {BigRational(1, 3), 0},   {BigRational(2, 3), 1},    {BigRational(-2, 3), -1}, {BigRational(0), 0},
      {BigRational(1, 2), 0},   {BigRational(3, 2), 2},    {BigRational(-1, 2), 0},  {BigRational(kMax), kMax},
      {BigRational(kMin), kMin}, {BigRational(BigInt::Pow(2, 1000) + 1, BigInt::Pow(2, 999)), 2},
      {BigRational(BigInt(2) * kMax - 1, 2), kMax - 1},  // (2^64 − 3)/2 = 2^63 − 1.5: tie, to even 2^63 − 2
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.value.ToString());
    auto rounded = RoundHalfEven(c.value);
    ASSERT_TRUE(rounded.ok()) << rounded.status();
    EXPECT_EQ(*rounded, c.rounded);
  }
}

TEST(RoundHalfEven, RefusesWhatDoesNotFit) {
  const BigRational cases[] = {
      BigRational(BigInt(kMax) + 1),
      BigRational(BigInt(kMin) - 1),
      BigRational(BigInt::Pow(2, 64) - 1, 2),  // 2^63 − 0.5 rounds to the even 2^63
      BigRational(BigInt::Pow(2, 1000)),
      BigRational(-BigInt::Pow(3, 5000), 7),
  };
  for (const BigRational& value : cases) {
    EXPECT_EQ(RoundHalfEven(value).status().code(), absl::StatusCode::kOutOfRange) << value.ToString();
  }
}

// Against the ledger's int128 MultiplyRatioHalfEven for random ratios.
TEST(RoundHalfEven, AgreesWithLedgerRatio) {
  const uint64_t seed = std::random_device{}();
  std::cout << "RoundHalfEven.AgreesWithLedgerRatio seed " << seed << "\n";
  SCOPED_TRACE("seed " + std::to_string(seed));
  std::mt19937_64 random(seed);
  for (int round = 0; round < 2000; ++round) {
    const int64_t amount = static_cast<int64_t>(random() % 2'000'000'000'000) - 1'000'000'000'000;
    const int64_t numerator = static_cast<int64_t>(random() % 1'000'000) - 500'000;
    const int64_t denominator = 1 + static_cast<int64_t>(random() % (round % 2 == 0 ? 10 : 3'650'000));
    auto expected = ledger::MultiplyRatioHalfEven(amount, numerator, denominator);
    ASSERT_TRUE(expected.ok());
    auto rounded = RoundHalfEven(BigRational(BigInt(amount) * numerator, denominator));
    ASSERT_TRUE(rounded.ok()) << rounded.status();
    ASSERT_EQ(*rounded, *expected) << amount << " × " << numerator << " / " << denominator;
  }
}

}  // namespace
}  // namespace fondbok::credits
