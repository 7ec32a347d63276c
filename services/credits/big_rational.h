// Exact big integers and rationals, just enough for annuity factors such as (1 + r)^360 with
// r = rate_bp · period_months / 120 000, and for exact reference figures in tests. No floating point.
//
// Values are immutable-by-convention value types; they are not thread-safe to mutate concurrently,
// like any std::vector. Every operation is exact. Sizes are bounded: a result wider than
// kBigIntBitsMax bits is a broken invariant (FONDBOK_CHECK), far beyond any schedule's needs
// (150 000^600 has about 10 300 bits).
#ifndef FONDBOK_SERVICES_CREDITS_BIG_RATIONAL_H_
#define FONDBOK_SERVICES_CREDITS_BIG_RATIONAL_H_

#include <compare>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace fondbok::credits {

inline constexpr size_t kBigIntBitsMax = size_t{1} << 21;

// A signed integer of any size (sign and magnitude). Implicitly constructible from int64_t, as
// absl::int128 is, so that `x * 3 + 1` reads naturally.
class BigInt {
 public:
  BigInt() = default;
  BigInt(int64_t value);  // NOLINT(google-explicit-constructor)
  static BigInt FromUnsigned(uint64_t value);
  // base^exponent by squaring; 0^0 is 1.
  static BigInt Pow(const BigInt& base, unsigned exponent);

  bool IsZero() const { return magnitude_.empty(); }
  bool IsNegative() const { return negative_; }
  bool IsOdd() const { return !magnitude_.empty() && (magnitude_[0] & 1u) != 0; }
  int Sign() const { return IsZero() ? 0 : (negative_ ? -1 : 1); }
  // Bits of |value|; 0 for zero.
  size_t BitLength() const;
  BigInt Abs() const;
  // Decimal, with a leading '-' when negative.
  std::string ToString() const;
  // OUT_OF_RANGE when the value does not fit in int64_t.
  absl::StatusOr<int64_t> ToInt64() const;

  BigInt operator-() const;
  BigInt& operator+=(const BigInt& other);
  BigInt& operator-=(const BigInt& other);
  BigInt& operator*=(const BigInt& other);
  friend BigInt operator+(BigInt a, const BigInt& b) { return a += b; }
  friend BigInt operator-(BigInt a, const BigInt& b) { return a -= b; }
  friend BigInt operator*(BigInt a, const BigInt& b) { return a *= b; }
  friend bool operator==(const BigInt& a, const BigInt& b) = default;
  friend std::strong_ordering operator<=>(const BigInt& a, const BigInt& b);

 private:
  friend struct BigIntAccess;
  bool negative_ = false;          // never true for zero
  std::vector<uint32_t> magnitude_;  // little-endian limbs, no leading zero limbs
};

struct BigDivMod {
  BigInt quotient;
  BigInt remainder;
};
// Division truncating toward zero, as C++ `/` and `%`: dividend = quotient·divisor + remainder,
// |remainder| < |divisor|, remainder has the sign of the dividend. Shift-subtract, O(quotient bits ·
// divisor limbs). REQUIRES: divisor != 0 (FONDBOK_CHECK).
BigDivMod DivMod(const BigInt& dividend, const BigInt& divisor);

// An exact fraction numerator/denominator with denominator > 0. Not reduced automatically (the
// schedules need no reduction and reducing costs more than it saves); equality and ordering compare
// values, not representations: 1/2 == 2/4.
class BigRational {
 public:
  BigRational() = default;                   // 0
  BigRational(BigInt integer);               // NOLINT(google-explicit-constructor)
  BigRational(int64_t integer) : BigRational(BigInt(integer)) {}  // NOLINT
  // REQUIRES: denominator != 0 (FONDBOK_CHECK). The sign moves to the numerator.
  BigRational(BigInt numerator, BigInt denominator);

  const BigInt& numerator() const { return numerator_; }
  const BigInt& denominator() const { return denominator_; }
  int Sign() const { return numerator_.Sign(); }
  // numerator/denominator divided by their greatest common divisor.
  BigRational Reduced() const;
  std::string ToString() const;  // "n/d"

  BigRational operator-() const;
  BigRational& operator+=(const BigRational& other);
  BigRational& operator-=(const BigRational& other);
  BigRational& operator*=(const BigRational& other);
  // REQUIRES: other != 0 (FONDBOK_CHECK).
  BigRational& operator/=(const BigRational& other);
  friend BigRational operator+(BigRational a, const BigRational& b) { return a += b; }
  friend BigRational operator-(BigRational a, const BigRational& b) { return a -= b; }
  friend BigRational operator*(BigRational a, const BigRational& b) { return a *= b; }
  friend BigRational operator/(BigRational a, const BigRational& b) { return a /= b; }
  friend bool operator==(const BigRational& a, const BigRational& b);
  friend std::strong_ordering operator<=>(const BigRational& a, const BigRational& b);

 private:
  BigInt numerator_;
  BigInt denominator_ = BigInt(1);
};

// Greatest common divisor of |a| and |b| (Euclid); Gcd(0, 0) is 0.
BigInt Gcd(const BigInt& a, const BigInt& b);

// The integer nearest to `value`, ties to the even neighbour (banker's rounding), as int64_t.
// OUT_OF_RANGE when it does not fit; that is decided from bit lengths before any long division,
// so huge values cost nothing.
absl::StatusOr<int64_t> RoundHalfEven(const BigRational& value);

}  // namespace fondbok::credits

#endif  // FONDBOK_SERVICES_CREDITS_BIG_RATIONAL_H_
