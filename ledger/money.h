// Money: integer minor units (öre) with checked arithmetic, exact parsing of amount strings,
// half-to-even rounding and Swedish formatting. No floating point anywhere.
#ifndef FONDBOK_LEDGER_MONEY_H_
#define FONDBOK_LEDGER_MONEY_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace fondbok::ledger {

// Checked arithmetic on öre. Overflow is OUT_OF_RANGE naming the operands.
absl::StatusOr<int64_t> AddOre(int64_t a, int64_t b);
absl::StatusOr<int64_t> SubtractOre(int64_t a, int64_t b);
absl::StatusOr<int64_t> MultiplyOre(int64_t a, int64_t b);

// Parses a decimal amount in kronor into öre. Accepted: "1250", "1250.5", "1250.50", "1 250,50",
// "-12.00" when allow_negative. Refused: exponents ("1e3"), more than two decimals ("0.001"),
// misplaced separators ("12,5.0"), empty strings, values beyond int64 öre.
absl::StatusOr<int64_t> ParseAmount(absl::string_view text, bool allow_negative = false);

// "1 250,50 kr" for SEK; other currencies as "1 250,50 EUR"; units without minor part ("PTS")
// are shown as integers. A narrow no-break space is not used: plain ASCII space groups thousands.
std::string FormatAmount(int64_t amount_ore, absl::string_view currency = "SEK");

// "1250.50": a plain decimal with a dot, for machine-readable output.
std::string FormatDecimal(int64_t amount_ore);

// amount × numerator / denominator rounded half to even. REQUIRES: denominator > 0.
absl::StatusOr<int64_t> MultiplyRatioHalfEven(int64_t amount, int64_t numerator, int64_t denominator);

// amount × rate_bp / 10 000, half to even.
absl::StatusOr<int64_t> ApplyBasisPoints(int64_t amount_ore, int64_t rate_bp);

// Splits total into `parts` amounts that sum exactly to total; each part is total/parts rounded
// down and the remainder goes to the last part. REQUIRES: parts > 0, total >= 0.
std::vector<int64_t> SplitEvenly(int64_t total_ore, int parts);

// True for ISO 4217-shaped codes (three upper-case letters) and the unit "PTS".
bool IsValidCurrency(absl::string_view currency);

}  // namespace fondbok::ledger

#endif  // FONDBOK_LEDGER_MONEY_H_
