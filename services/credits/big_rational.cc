#include "services/credits/big_rational.h"

#include <algorithm>
#include <limits>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "ledger/status_macros.h"

namespace fondbok::credits {
namespace {

using Limbs = std::vector<uint32_t>;
constexpr int kLimbBits = 32;

void Trim(Limbs& limbs) {
  while (!limbs.empty() && limbs.back() == 0) limbs.pop_back();
}

void CheckSize(const Limbs& limbs) {
  FONDBOK_CHECK(limbs.size() * kLimbBits <= kBigIntBitsMax + kLimbBits);
}

size_t BitLengthOf(const Limbs& limbs) {
  if (limbs.empty()) return 0;
  return (limbs.size() - 1) * kLimbBits + static_cast<size_t>(32 - __builtin_clz(limbs.back()));
}

bool TestBit(const Limbs& limbs, size_t bit) {
  return (limbs[bit / kLimbBits] >> (bit % kLimbBits)) & 1u;
}

int CompareMagnitude(const Limbs& a, const Limbs& b) {
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  for (size_t i = a.size(); i-- > 0;) {
    if (a[i] != b[i]) return a[i] < b[i] ? -1 : 1;
  }
  return 0;
}

Limbs AddMagnitude(const Limbs& a, const Limbs& b) {
  const Limbs& longer = a.size() >= b.size() ? a : b;
  const Limbs& shorter = a.size() >= b.size() ? b : a;
  Limbs sum(longer.size() + 1, 0);
  uint64_t carry = 0;
  for (size_t i = 0; i < longer.size(); ++i) {
    carry += uint64_t{longer[i]} + (i < shorter.size() ? shorter[i] : 0u);
    sum[i] = static_cast<uint32_t>(carry);
    carry >>= kLimbBits;
  }
  sum[longer.size()] = static_cast<uint32_t>(carry);
  Trim(sum);
  CheckSize(sum);
  return sum;
}

// a -= b. REQUIRES: a >= b.
void SubtractMagnitudeInPlace(Limbs& a, const Limbs& b) {
  int64_t borrow = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    int64_t diff = int64_t{a[i]} - (i < b.size() ? int64_t{b[i]} : 0) - borrow;
    borrow = diff < 0 ? 1 : 0;
    a[i] = static_cast<uint32_t>(diff + (borrow << kLimbBits));
  }
  FONDBOK_CHECK(borrow == 0);
  Trim(a);
}

Limbs MultiplyMagnitude(const Limbs& a, const Limbs& b) {
  if (a.empty() || b.empty()) return {};
  FONDBOK_CHECK((a.size() + b.size()) * kLimbBits <= kBigIntBitsMax + 2 * kLimbBits);
  Limbs product(a.size() + b.size(), 0);
  for (size_t i = 0; i < a.size(); ++i) {
    uint64_t carry = 0;
    for (size_t j = 0; j < b.size(); ++j) {
      carry += uint64_t{a[i]} * b[j] + product[i + j];
      product[i + j] = static_cast<uint32_t>(carry);
      carry >>= kLimbBits;
    }
    product[i + b.size()] = static_cast<uint32_t>(carry);
  }
  Trim(product);
  return product;
}

Limbs ShiftRight(const Limbs& a, size_t bits) {
  const size_t limbs = bits / kLimbBits;
  const unsigned shift = bits % kLimbBits;
  if (limbs >= a.size()) return {};
  Limbs out(a.size() - limbs, 0);
  for (size_t i = 0; i < out.size(); ++i) {
    uint64_t window = a[i + limbs];
    if (i + limbs + 1 < a.size()) window |= uint64_t{a[i + limbs + 1]} << kLimbBits;
    out[i] = static_cast<uint32_t>(window >> shift);
  }
  Trim(out);
  return out;
}

// value = value·2 + bit.
void ShiftLeftOneInPlace(Limbs& value, bool bit) {
  uint32_t carry = bit ? 1u : 0u;
  for (uint32_t& limb : value) {
    uint32_t next = limb >> (kLimbBits - 1);
    limb = (limb << 1) | carry;
    carry = next;
  }
  if (carry != 0) value.push_back(carry);
}

// Shift-subtract long division. The remainder starts as the top bits of the dividend that are
// certainly below the divisor, so only quotient-many bits are iterated.
void DivModMagnitude(const Limbs& dividend, const Limbs& divisor, Limbs& quotient, Limbs& remainder) {
  FONDBOK_CHECK(!divisor.empty());
  quotient.clear();
  if (CompareMagnitude(dividend, divisor) < 0) {
    remainder = dividend;
    return;
  }
  const size_t shift = BitLengthOf(dividend) - BitLengthOf(divisor);
  remainder = ShiftRight(dividend, shift + 1);
  quotient.assign(shift / kLimbBits + 1, 0);
  for (size_t bit = shift + 1; bit-- > 0;) {
    ShiftLeftOneInPlace(remainder, TestBit(dividend, bit));
    if (CompareMagnitude(remainder, divisor) >= 0) {
      SubtractMagnitudeInPlace(remainder, divisor);
      quotient[bit / kLimbBits] |= 1u << (bit % kLimbBits);
    }
  }
  Trim(quotient);
}

// value /= divisor, returning the remainder. REQUIRES: divisor > 0.
uint32_t DivModSmallInPlace(Limbs& value, uint32_t divisor) {
  uint64_t remainder = 0;
  for (size_t i = value.size(); i-- > 0;) {
    uint64_t current = (remainder << kLimbBits) | value[i];
    value[i] = static_cast<uint32_t>(current / divisor);
    remainder = current % divisor;
  }
  Trim(value);
  return static_cast<uint32_t>(remainder);
}

}  // namespace

struct BigIntAccess {
  static Limbs& Magnitude(BigInt& x) { return x.magnitude_; }
  static const Limbs& Magnitude(const BigInt& x) { return x.magnitude_; }
  static BigInt Make(bool negative, Limbs magnitude) {
    BigInt x;
    Trim(magnitude);
    x.negative_ = negative && !magnitude.empty();
    x.magnitude_ = std::move(magnitude);
    return x;
  }
};

BigInt::BigInt(int64_t value) {
  // |INT64_MIN| without overflow.
  uint64_t magnitude = value < 0 ? static_cast<uint64_t>(-(value + 1)) + 1 : static_cast<uint64_t>(value);
  *this = FromUnsigned(magnitude);
  negative_ = value < 0;
}

BigInt BigInt::FromUnsigned(uint64_t value) {
  return BigIntAccess::Make(false, {static_cast<uint32_t>(value), static_cast<uint32_t>(value >> 32)});
}

BigInt BigInt::Pow(const BigInt& base, unsigned exponent) {
  BigInt result(1);
  BigInt square = base;
  while (exponent != 0) {
    if (exponent & 1u) result *= square;
    exponent >>= 1;
    if (exponent != 0) square *= square;
  }
  return result;
}

size_t BigInt::BitLength() const { return BitLengthOf(magnitude_); }

BigInt BigInt::Abs() const { return BigIntAccess::Make(false, magnitude_); }

std::string BigInt::ToString() const {
  if (IsZero()) return "0";
  constexpr uint32_t kChunk = 1000000000;  // nine decimal digits
  Limbs rest = magnitude_;
  std::vector<uint32_t> chunks;
  while (!rest.empty()) chunks.push_back(DivModSmallInPlace(rest, kChunk));
  std::string out = negative_ ? "-" : "";
  absl::StrAppend(&out, chunks.back());
  for (size_t i = chunks.size() - 1; i-- > 0;) {
    std::string digits = absl::StrCat(chunks[i]);
    out.append(9 - digits.size(), '0');
    out += digits;
  }
  return out;
}

absl::StatusOr<int64_t> BigInt::ToInt64() const {
  const uint64_t limit = negative_ ? uint64_t{1} << 63 : (uint64_t{1} << 63) - 1;
  if (magnitude_.size() <= 2) {
    uint64_t value = magnitude_.empty() ? 0 : magnitude_[0];
    if (magnitude_.size() == 2) value |= uint64_t{magnitude_[1]} << 32;
    if (value <= limit) {
      return negative_ ? static_cast<int64_t>(~value + 1) : static_cast<int64_t>(value);
    }
  }
  return absl::OutOfRangeError(absl::StrCat("integer ", ToString(), " does not fit in int64"));
}

BigInt BigInt::operator-() const { return BigIntAccess::Make(!negative_, magnitude_); }

BigInt& BigInt::operator+=(const BigInt& other) {
  if (negative_ == other.negative_) {
    magnitude_ = AddMagnitude(magnitude_, other.magnitude_);
    return *this;
  }
  if (CompareMagnitude(magnitude_, other.magnitude_) >= 0) {
    SubtractMagnitudeInPlace(magnitude_, other.magnitude_);
  } else {
    Limbs larger = other.magnitude_;
    SubtractMagnitudeInPlace(larger, magnitude_);
    magnitude_ = std::move(larger);
    negative_ = other.negative_;
  }
  if (magnitude_.empty()) negative_ = false;
  return *this;
}

BigInt& BigInt::operator-=(const BigInt& other) { return *this += -other; }

BigInt& BigInt::operator*=(const BigInt& other) {
  *this = BigIntAccess::Make(negative_ != other.negative_, MultiplyMagnitude(magnitude_, other.magnitude_));
  return *this;
}

std::strong_ordering operator<=>(const BigInt& a, const BigInt& b) {
  if (a.negative_ != b.negative_) return a.negative_ ? std::strong_ordering::less : std::strong_ordering::greater;
  int by_magnitude = CompareMagnitude(a.magnitude_, b.magnitude_);
  if (a.negative_) by_magnitude = -by_magnitude;
  return by_magnitude <=> 0;
}

BigDivMod DivMod(const BigInt& dividend, const BigInt& divisor) {
  FONDBOK_CHECK(!divisor.IsZero());
  Limbs quotient, remainder;
  DivModMagnitude(BigIntAccess::Magnitude(dividend), BigIntAccess::Magnitude(divisor), quotient, remainder);
  return BigDivMod{
      BigIntAccess::Make(dividend.IsNegative() != divisor.IsNegative(), std::move(quotient)),
      BigIntAccess::Make(dividend.IsNegative(), std::move(remainder))};
}

BigInt Gcd(const BigInt& a, const BigInt& b) {
  BigInt x = a.Abs();
  BigInt y = b.Abs();
  while (!y.IsZero()) {
    BigInt rest = DivMod(x, y).remainder;
    x = std::move(y);
    y = std::move(rest);
  }
  return x;
}

BigRational::BigRational(BigInt integer) : numerator_(std::move(integer)) {}

BigRational::BigRational(BigInt numerator, BigInt denominator)
    : numerator_(std::move(numerator)), denominator_(std::move(denominator)) {
  FONDBOK_CHECK(!denominator_.IsZero());
  if (denominator_.IsNegative()) {
    numerator_ = -numerator_;
    denominator_ = -denominator_;
  }
}

BigRational BigRational::Reduced() const {
  BigInt divisor = Gcd(numerator_, denominator_);
  if (divisor.IsZero() || divisor == BigInt(1)) return *this;
  return BigRational(DivMod(numerator_, divisor).quotient, DivMod(denominator_, divisor).quotient);
}

std::string BigRational::ToString() const {
  return absl::StrCat(numerator_.ToString(), "/", denominator_.ToString());
}

BigRational BigRational::operator-() const { return BigRational(-numerator_, denominator_); }

BigRational& BigRational::operator+=(const BigRational& other) {
  if (denominator_ == other.denominator_) {
    numerator_ += other.numerator_;
    return *this;
  }
  numerator_ = numerator_ * other.denominator_ + other.numerator_ * denominator_;
  denominator_ *= other.denominator_;
  return *this;
}

BigRational& BigRational::operator-=(const BigRational& other) { return *this += -other; }

BigRational& BigRational::operator*=(const BigRational& other) {
  numerator_ *= other.numerator_;
  denominator_ *= other.denominator_;
  return *this;
}

BigRational& BigRational::operator/=(const BigRational& other) {
  FONDBOK_CHECK(!other.numerator_.IsZero());
  *this = BigRational(numerator_ * other.denominator_, denominator_ * other.numerator_);
  return *this;
}

bool operator==(const BigRational& a, const BigRational& b) {
  return a.numerator_ * b.denominator_ == b.numerator_ * a.denominator_;
}

std::strong_ordering operator<=>(const BigRational& a, const BigRational& b) {
  // Both denominators are positive, so cross-multiplying keeps the order.
  return a.numerator_ * b.denominator_ <=> b.numerator_ * a.denominator_;
}

absl::StatusOr<int64_t> RoundHalfEven(const BigRational& value) {
  const BigInt& numerator = value.numerator();
  const BigInt& denominator = value.denominator();
  // |n/d| >= 2^(bits(n) - bits(d) - 1): beyond 64 it cannot fit, so refuse before dividing.
  if (numerator.BitLength() > denominator.BitLength() + 65) {
    return absl::OutOfRangeError(absl::StrCat("rational with a ", numerator.BitLength(), "-bit numerator and a ",
                                              denominator.BitLength(), "-bit denominator does not fit in int64"));
  }
  BigDivMod division = DivMod(numerator, denominator);
  BigInt twice_remainder = division.remainder.Abs() * 2;
  auto against_half = twice_remainder <=> denominator;
  if (against_half > 0 || (against_half == 0 && division.quotient.IsOdd())) {
    division.quotient += numerator.IsNegative() ? -1 : 1;
  }
  absl::StatusOr<int64_t> rounded = division.quotient.ToInt64();
  if (!rounded.ok()) {
    return absl::OutOfRangeError(
        absl::StrCat("rational rounds to ", division.quotient.ToString(), ", which does not fit in int64"));
  }
  return *rounded;
}

}  // namespace fondbok::credits
