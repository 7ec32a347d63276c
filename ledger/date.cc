#include "ledger/date.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace fondbok::ledger {
namespace {

bool AllDigits(absl::string_view s) {
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return !s.empty();
}

}  // namespace

absl::StatusOr<absl::CivilDay> ParseDate(absl::string_view text, absl::string_view what) {
  auto bad = [&](absl::string_view why) {
    return absl::InvalidArgumentError(
        absl::StrCat(what, " \"", text, "\" is not a date (", why, "): use YYYY-MM-DD, e.g. 2026-11-23"));
  };
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return bad("wrong shape");
  if (!AllDigits(text.substr(0, 4)) || !AllDigits(text.substr(5, 2)) || !AllDigits(text.substr(8, 2))) {
    return bad("non-digits");
  }
  int year = 0, month = 0, day = 0;
  (void)absl::SimpleAtoi(text.substr(0, 4), &year);
  (void)absl::SimpleAtoi(text.substr(5, 2), &month);
  (void)absl::SimpleAtoi(text.substr(8, 2), &day);
  if (year < 1900) return bad("year before 1900");
  absl::CivilDay civil(year, month, day);
  if (civil.year() != year || civil.month() != month || civil.day() != day) {
    return bad("no such day in the calendar");
  }
  return civil;
}

std::string FormatDate(absl::CivilDay day) {
  const int64_t year = day.year();
  if (year < 0 || year > 9999) return absl::StrFormat("%04d-%02d-%02d", year, day.month(), day.day());
  // By hand: the sequencer formats a value date for almost every entry, and StrFormat took ~3 % of
  // its time.
  std::string text = "0000-00-00";
  auto put = [&](size_t at, int64_t value, size_t digits) {
    for (size_t i = digits; i > 0; --i, value /= 10) text[at + i - 1] = static_cast<char>('0' + value % 10);
  };
  put(0, year, 4);
  put(5, day.month(), 2);
  put(8, day.day(), 2);
  return text;
}

absl::StatusOr<absl::CivilMonth> ParsePeriod(absl::string_view text) {
  auto bad = [&](absl::string_view why) {
    return absl::InvalidArgumentError(
        absl::StrCat("period \"", text, "\" is not a month (", why, "): use YYYY-MM, e.g. 2026-10"));
  };
  if (text.size() != 7 || text[4] != '-') return bad("wrong shape");
  if (!AllDigits(text.substr(0, 4)) || !AllDigits(text.substr(5, 2))) return bad("non-digits");
  int year = 0, month = 0;
  (void)absl::SimpleAtoi(text.substr(0, 4), &year);
  (void)absl::SimpleAtoi(text.substr(5, 2), &month);
  if (year < 1900) return bad("year before 1900");
  if (month < 1 || month > 12) return bad("month outside 01-12");
  return absl::CivilMonth(year, month);
}

std::string FormatPeriod(absl::CivilMonth month) {
  return absl::StrFormat("%04d-%02d", month.year(), month.month());
}

int32_t DaysSinceEpoch(absl::CivilDay day) {
  return static_cast<int32_t>(day - absl::CivilDay(1970, 1, 1));
}

absl::CivilDay DayFromEpochDays(int32_t days) { return absl::CivilDay(1970, 1, 1) + days; }

absl::StatusOr<int64_t> ParseDurationSeconds(absl::string_view text) {
  auto bad = [&] {
    return absl::InvalidArgumentError(absl::StrCat(
        "duration \"", text, "\" is not understood: use a number and a unit, e.g. 45s, 90m, 12h, 30d, 2w"));
  };
  if (text.empty() || text.size() > 20) return bad();
  int64_t unit = 1;
  absl::string_view number = text;
  switch (text.back()) {
    case 's': unit = 1; number.remove_suffix(1); break;
    case 'm': unit = 60; number.remove_suffix(1); break;
    case 'h': unit = 3600; number.remove_suffix(1); break;
    case 'd': unit = 86400; number.remove_suffix(1); break;
    case 'w': unit = 7 * 86400; number.remove_suffix(1); break;
    default: break;
  }
  int64_t value = 0;
  if (!AllDigits(number) || !absl::SimpleAtoi(number, &value) || value <= 0) return bad();
  int64_t seconds = 0;
  if (__builtin_mul_overflow(value, unit, &seconds) || seconds > int64_t{100} * 366 * 86400) {
    return absl::InvalidArgumentError(absl::StrCat("duration \"", text, "\" is longer than 100 years"));
  }
  return seconds;
}


}  // namespace fondbok::ledger
