// Business dates ("YYYY-MM-DD") and accounting periods ("YYYY-MM") in the fund's time zone.
#ifndef FONDBOK_LEDGER_DATE_H_
#define FONDBOK_LEDGER_DATE_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace fondbok::ledger {

// Parses "YYYY-MM-DD" strictly (a real calendar day, years 1900–9999). `what` names the field.
absl::StatusOr<absl::CivilDay> ParseDate(absl::string_view text, absl::string_view what = "date");
std::string FormatDate(absl::CivilDay day);

// Parses "YYYY-MM".
absl::StatusOr<absl::CivilMonth> ParsePeriod(absl::string_view text);
std::string FormatPeriod(absl::CivilMonth month);

// Days since 1970-01-01 (may be negative); used in index keys.
int32_t DaysSinceEpoch(absl::CivilDay day);
absl::CivilDay DayFromEpochDays(int32_t days);

// Parses durations such as "30d", "12h", "90m", "45s", "2w" or a plain number of seconds.
absl::StatusOr<int64_t> ParseDurationSeconds(absl::string_view text);


}  // namespace fondbok::ledger

#endif  // FONDBOK_LEDGER_DATE_H_
