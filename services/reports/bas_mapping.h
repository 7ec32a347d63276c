// The BAS mapping: which BAS account (the Swedish standard chart, BAS 2014) each fondbok account
// is exported on in the SIE 4 file (DESIGN.md §12). Pure: no storage, no gRPC.
//
// A mapping is an ordered list of rules {prefix, BAS number, BAS name}. A rule's prefix matches
// segment-wise: "asset:loans" matches "asset:loans" and "asset:loans:C-000001" but not
// "asset:loansx". The longest matching prefix wins, so the sub-accounts per credit, depositor or
// party roll up to their BAS account while a more specific rule can still split one out.
#ifndef FONDBOK_SERVICES_REPORTS_BAS_MAPPING_H_
#define FONDBOK_SERVICES_REPORTS_BAS_MAPPING_H_

#include <optional>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "fondbok/v1/ledger.pb.h"
#include "fondbok/v1/reports.pb.h"

namespace fondbok::reports {

inline constexpr int kBasRulesMax = 1000;
inline constexpr size_t kBasNameBytesMax = 100;
inline constexpr int32_t kBasAccountMin = 1000;
inline constexpr int32_t kBasAccountMax = 8999;

// The mapping in force until an admin sets one: covers the whole chart of DESIGN.md §3 and the
// accounts the modules open (loans, receivables, capital per depositor, …).
const v1::BasMapping& DefaultBasMapping();

// Whether `prefix` matches `code` segment-wise.
bool PrefixMatches(absl::string_view prefix, absl::string_view code);

// The rule with the longest prefix that matches `code`, or nullptr.
const v1::BasRule* FindBasRule(const v1::BasMapping& mapping, absl::string_view code);

// INVALID_ARGUMENT naming the rule and what is wrong, unless: 1–kBasRulesMax rules; each prefix a
// valid account code (ledger::ValidateAccountCode) and unique; numbers 1000–8999; names 1–100
// bytes of valid UTF-8 without control characters; off-balance prefixes ("offbalance", "points")
// never mapped; the number's class fits the prefix's type (asset → 1xxx; liability and equity →
// 2xxx; income and expense → 3xxx–8xxx); the organisation number, when given, a valid Swedish
// organisation number (it is normalised to "NNNNNN-NNNN" in `mapping`).
absl::Status ValidateBasMapping(v1::BasMapping& mapping);

// Whether BAS number `bas` may carry an account of fondbok type `type`: the class rule above.
// OFF_BALANCE never fits.
bool BasClassFits(v1::AccountType type, int32_t bas);

// The fondbok account type a prefix's first segment names ("asset" → ASSET …), or std::nullopt
// for a code outside the five general-ledger types.
std::optional<v1::AccountType> TypeOfPrefix(absl::string_view prefix);

}  // namespace fondbok::reports

#endif  // FONDBOK_SERVICES_REPORTS_BAS_MAPPING_H_
