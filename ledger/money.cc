#include "ledger/money.h"

#include <limits>

#include "absl/numeric/int128.h"
#include "absl/strings/str_cat.h"

namespace fondbok::ledger {
namespace {

constexpr char kAmountHelp[] =
    "use digits with at most two decimals, e.g. 1250.50 or 1 250,50";

absl::Status BadAmount(absl::string_view text, absl::string_view why) {
  return absl::InvalidArgumentError(
      absl::StrCat("amount \"", text, "\" is not a decimal amount (", why, "): ", kAmountHelp));
}

// |value| without overflow, also for INT64_MIN.
uint64_t Magnitude(int64_t value) {
  return value < 0 ? static_cast<uint64_t>(-(value + 1)) + 1 : static_cast<uint64_t>(value);
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Length of a group separator at text[i]: a space, a no-break space (C2 A0) or a narrow no-break
// space (E2 80 AF) as Swedish formatting produces; 0 when there is none.
size_t SeparatorLength(absl::string_view text, size_t i) {
  if (text[i] == ' ') return 1;
  if (text.substr(i, 2) == "\xC2\xA0") return 2;
  if (text.substr(i, 3) == "\xE2\x80\xAF") return 3;
  return 0;
}

}  // namespace

absl::StatusOr<int64_t> AddOre(int64_t a, int64_t b) {
  int64_t result;
  if (__builtin_add_overflow(a, b, &result)) {
    return absl::OutOfRangeError(absl::StrCat("amount overflow: ", a, " + ", b, " öre exceeds int64"));
  }
  return result;
}

absl::StatusOr<int64_t> SubtractOre(int64_t a, int64_t b) {
  int64_t result;
  if (__builtin_sub_overflow(a, b, &result)) {
    return absl::OutOfRangeError(absl::StrCat("amount overflow: ", a, " - ", b, " öre exceeds int64"));
  }
  return result;
}

absl::StatusOr<int64_t> MultiplyOre(int64_t a, int64_t b) {
  int64_t result;
  if (__builtin_mul_overflow(a, b, &result)) {
    return absl::OutOfRangeError(absl::StrCat("amount overflow: ", a, " × ", b, " exceeds int64"));
  }
  return result;
}

absl::StatusOr<int64_t> ParseAmount(absl::string_view text, bool allow_negative) {
  if (text.empty()) return BadAmount(text, "it is empty");
  if (text.size() > 64) return BadAmount(text.substr(0, 64), "it is longer than 64 characters");
  size_t i = 0;
  bool negative = false;
  if (text[0] == '-') {
    if (!allow_negative) {
      return absl::InvalidArgumentError(
          absl::StrCat("amount \"", text, "\" is negative: amounts must be greater than zero"));
    }
    negative = true;
    i = 1;
  }
  // Integer part: digits, optionally in groups of three separated by spaces ("1 250 000").
  absl::uint128 ore = 0;
  int integer_digits = 0;
  int group_digits = 0;
  bool grouped = false;
  const absl::uint128 kMax = static_cast<uint64_t>(std::numeric_limits<int64_t>::max());
  for (; i < text.size(); ++i) {
    char c = text[i];
    if (IsDigit(c)) {
      ore = ore * 10 + static_cast<unsigned>(c - '0');
      if (ore * 100 > kMax) return absl::OutOfRangeError(
          absl::StrCat("amount \"", text, "\" is too large: at most 92 233 720 368 547 758,07"));
      ++integer_digits;
      ++group_digits;
      continue;
    }
    size_t separator = SeparatorLength(text, i);
    if (separator == 0) break;
    if (integer_digits == 0) return BadAmount(text, "it starts with a space");
    if ((grouped && group_digits != 3) || (!grouped && group_digits > 3)) {
      return BadAmount(text, "thousands must be grouped by three digits");
    }
    grouped = true;
    group_digits = 0;
    i += separator - 1;
    if (i + 1 >= text.size() || !IsDigit(text[i + 1])) {
      return BadAmount(text, "a space must be followed by digits");
    }
  }
  if (integer_digits == 0) return BadAmount(text, "it has no digits before the decimals");
  if (grouped && group_digits != 3) return BadAmount(text, "thousands must be grouped by three digits");
  int decimals = 0;
  int64_t fraction = 0;
  if (i < text.size()) {
    char c = text[i];
    if (c != '.' && c != ',') {
      return BadAmount(text, absl::StrCat("unexpected character '", absl::string_view(&text[i], 1), "'"));
    }
    ++i;
    for (; i < text.size(); ++i) {
      if (!IsDigit(text[i])) {
        return BadAmount(text, text[i] == '.' || text[i] == ','
                                   ? "it has more than one decimal separator"
                                   : "unexpected character after the decimal separator");
      }
      if (++decimals > 2) return BadAmount(text, "it has more than two decimals");
      fraction = fraction * 10 + (text[i] - '0');
    }
    if (decimals == 0) return BadAmount(text, "no digits after the decimal separator");
  }
  if (decimals == 1) fraction *= 10;
  absl::uint128 total = ore * 100 + static_cast<uint64_t>(fraction);
  if (total > kMax) {
    return absl::OutOfRangeError(
        absl::StrCat("amount \"", text, "\" is too large: at most 92 233 720 368 547 758,07"));
  }
  int64_t value = static_cast<int64_t>(absl::Uint128Low64(total));
  return negative ? -value : value;
}

std::string FormatDecimal(int64_t amount_ore) {
  uint64_t mag = Magnitude(amount_ore);
  std::string out = amount_ore < 0 ? "-" : "";
  absl::StrAppend(&out, mag / 100, ".");
  uint64_t cents = mag % 100;
  if (cents < 10) out.push_back('0');
  absl::StrAppend(&out, cents);
  return out;
}

std::string FormatAmount(int64_t amount_ore, absl::string_view currency) {
  const bool has_minor_unit = currency != "PTS";
  uint64_t mag = Magnitude(amount_ore);
  uint64_t whole = has_minor_unit ? mag / 100 : mag;
  std::string digits = absl::StrCat(whole);
  std::string grouped;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) grouped.push_back(' ');
    grouped.push_back(digits[i]);
  }
  std::string out = amount_ore < 0 ? "-" : "";
  out += grouped;
  if (has_minor_unit) {
    uint64_t cents = mag % 100;
    absl::StrAppend(&out, ",", cents < 10 ? "0" : "", cents);
  }
  absl::StrAppend(&out, " ", currency == "SEK" ? "kr" : currency);
  return out;
}

absl::StatusOr<int64_t> MultiplyRatioHalfEven(int64_t amount, int64_t numerator, int64_t denominator) {
  if (denominator <= 0) return absl::InvalidArgumentError("ratio denominator must be positive");
  absl::int128 product = absl::int128(amount) * numerator;
  absl::int128 quotient = product / denominator;
  absl::int128 remainder = product % denominator;  // same sign as product
  absl::int128 twice = (remainder < 0 ? -remainder : remainder) * 2;
  if (twice > denominator || (twice == denominator && (quotient % 2 != 0))) {
    quotient += product < 0 ? -1 : 1;
  }
  if (quotient > std::numeric_limits<int64_t>::max() || quotient < std::numeric_limits<int64_t>::min()) {
    return absl::OutOfRangeError(absl::StrCat("amount overflow: ", amount, " × ", numerator, " / ",
                                              denominator, " exceeds int64"));
  }
  return static_cast<int64_t>(quotient);
}

absl::StatusOr<int64_t> ApplyBasisPoints(int64_t amount_ore, int64_t rate_bp) {
  return MultiplyRatioHalfEven(amount_ore, rate_bp, 10000);
}

std::vector<int64_t> SplitEvenly(int64_t total_ore, int parts) {
  std::vector<int64_t> out(static_cast<size_t>(parts), total_ore / parts);
  out.back() += total_ore % parts;
  return out;
}

bool IsValidCurrency(absl::string_view currency) {
  if (currency.size() != 3) return false;
  for (char c : currency) {
    if (c < 'A' || c > 'Z') return false;
  }
  return true;
}

}  // namespace fondbok::ledger
