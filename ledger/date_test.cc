#include "ledger/date.h"

#include <string>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "gtest/gtest.h"

namespace fondbok::ledger {
namespace {

TEST(ParseDate, AcceptsRealCalendarDays) {
  struct Case {
    const char* text;
    absl::CivilDay day;
  };
  const Case cases[] = {
      {"2026-11-23", absl::CivilDay(2026, 11, 23)}, {"2024-02-29", absl::CivilDay(2024, 2, 29)},
      {"2000-02-29", absl::CivilDay(2000, 2, 29)},  {"1900-01-01", absl::CivilDay(1900, 1, 1)},
      {"9999-12-31", absl::CivilDay(9999, 12, 31)}, {"2026-04-30", absl::CivilDay(2026, 4, 30)},
      {"2026-12-31", absl::CivilDay(2026, 12, 31)},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    auto day = ParseDate(c.text);
    ASSERT_TRUE(day.ok()) << day.status();
    EXPECT_EQ(*day, c.day);
    EXPECT_EQ(FormatDate(*day), c.text) << "round trip";
  }
}

TEST(FormatDate, PadsEveryFieldAndKeepsYearsBeyondFourDigits) {
  struct Case {
    absl::CivilDay day;
    const char* text;
  };
  const Case cases[] = {
      {absl::CivilDay(2026, 11, 24), "2026-11-24"}, {absl::CivilDay(7, 1, 9), "0007-01-09"},
      {absl::CivilDay(0, 12, 31), "0000-12-31"},    {absl::CivilDay(9999, 12, 31), "9999-12-31"},
      {absl::CivilDay(10000, 1, 1), "10000-01-01"}, {absl::CivilDay(-1, 1, 1), "-001-01-01"},
  };
  for (const Case& c : cases) EXPECT_EQ(FormatDate(c.day), c.text);
}

TEST(ParseDate, RefusesWrongShapesAndImpossibleDays) {
  struct Case {
    const char* text;
    const char* why;
  };
  const Case cases[] = {
      {"2023-02-29", "no such day"},  // not a leap year
      {"1900-02-29", "no such day"},  // century, not a leap year
      {"2026-04-31", "no such day"},
      {"2026-13-01", "no such day"},
      {"2026-00-10", "no such day"},
      {"2026-01-00", "no such day"},
      {"2026-01-32", "no such day"},
      {"1899-12-31", "before 1900"},
      {"0000-01-01", "before 1900"},
      {"", "wrong shape"},
      {"2026-1-5", "wrong shape"},
      {"20261123", "wrong shape"},
      {"2026/11/23", "wrong shape"},
      {"2026-11-23 ", "wrong shape"},
      {" 2026-11-23", "wrong shape"},
      {"2026-11-23T10:00", "wrong shape"},
      {"26-11-2023", "wrong shape"},
      {"abcd-ef-gh", "non-digits"},
      {"+202-11-23", "non-digits"},
      {"2026-11-2a", "non-digits"},
      {"2026- 1-23", "non-digits"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    auto day = ParseDate(c.text, "value date");
    ASSERT_FALSE(day.ok()) << FormatDate(*day);
    EXPECT_EQ(day.status().code(), absl::StatusCode::kInvalidArgument);
    const std::string message(day.status().message());
    EXPECT_NE(message.find(std::string("value date \"") + c.text + "\""), std::string::npos) << message;
    EXPECT_NE(message.find(c.why), std::string::npos) << message;
    EXPECT_NE(message.find("YYYY-MM-DD"), std::string::npos) << message;
  }
}

TEST(ParsePeriod, AcceptsYearAndMonth) {
  struct Case {
    const char* text;
    absl::CivilMonth month;
  };
  const Case cases[] = {
      {"2026-10", absl::CivilMonth(2026, 10)},
      {"2026-01", absl::CivilMonth(2026, 1)},
      {"2026-12", absl::CivilMonth(2026, 12)},
      {"1900-01", absl::CivilMonth(1900, 1)},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    auto month = ParsePeriod(c.text);
    ASSERT_TRUE(month.ok()) << month.status();
    EXPECT_EQ(*month, c.month);
    EXPECT_EQ(FormatPeriod(*month), c.text);
  }
}

TEST(ParsePeriod, RefusesOtherShapes) {
  for (const char* text : {"2026-13", "2026-00", "2026-1", "202610", "2026-10-01", "", "1899-12", "2026/10",
                           "20x6-10", "2026-1a"}) {
    SCOPED_TRACE(text);
    auto month = ParsePeriod(text);
    ASSERT_FALSE(month.ok()) << FormatPeriod(*month);
    EXPECT_EQ(month.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_NE(month.status().message().find(std::string("\"") + text + "\""), std::string::npos);
    EXPECT_NE(month.status().message().find("YYYY-MM"), std::string::npos);
  }
}

TEST(ParseDurationSeconds, NumberAndUnit) {
  struct Case {
    const char* text;
    int64_t seconds;
  };
  const Case cases[] = {
      {"45s", 45},         {"90m", 5400},         {"12h", 43200},   {"30d", 2592000},
      {"2w", 1209600},     {"3600", 3600},        {"1", 1},         {"36600d", int64_t{100} * 366 * 86400},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    auto seconds = ParseDurationSeconds(c.text);
    ASSERT_TRUE(seconds.ok()) << seconds.status();
    EXPECT_EQ(*seconds, c.seconds);
  }
}

TEST(ParseDurationSeconds, RefusesWhatItCannotRead) {
  for (const char* text : {"", "0s", "0", "-5s", "1.5h", "s", "5x", "5 d", "d5", "1h30m", "100000000000000000000",
                           "36601d", "99999999999999w", "5S", "5D"}) {
    SCOPED_TRACE(text);
    auto seconds = ParseDurationSeconds(text);
    ASSERT_FALSE(seconds.ok()) << *seconds;
    EXPECT_EQ(seconds.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_NE(seconds.status().message().find(std::string("\"") + text + "\""), std::string::npos)
        << seconds.status().message();
  }
}

TEST(DaysSinceEpoch, KnownDays) {
  struct Case {
    absl::CivilDay day;
    int32_t days;
  };
  const Case cases[] = {
      {absl::CivilDay(1970, 1, 1), 0},          {absl::CivilDay(1970, 1, 2), 1},
      {absl::CivilDay(1969, 12, 31), -1},       {absl::CivilDay(2000, 1, 1), 10957},
      {absl::CivilDay(2024, 2, 29), 19782},     {absl::CivilDay(2026, 3, 15), 20527},
      {absl::CivilDay(1900, 1, 1), -25567},     {absl::CivilDay(9999, 12, 31), 2932896},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(FormatDate(c.day));
    EXPECT_EQ(DaysSinceEpoch(c.day), c.days);
    EXPECT_EQ(DayFromEpochDays(c.days), c.day);
  }
}

TEST(DaysSinceEpoch, RoundTripsAndIsMonotonic) {
  int32_t previous = DaysSinceEpoch(absl::CivilDay(1900, 1, 1)) - 13;
  for (absl::CivilDay day(1900, 1, 1); day <= absl::CivilDay(2100, 12, 31); day += 13) {
    const int32_t days = DaysSinceEpoch(day);
    ASSERT_EQ(DayFromEpochDays(days), day) << FormatDate(day);
    ASSERT_EQ(days - previous, 13) << FormatDate(day);
    previous = days;
  }
}

}  // namespace
}  // namespace fondbok::ledger
