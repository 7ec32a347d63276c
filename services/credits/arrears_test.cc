#include "services/credits/arrears.h"

#include <cstdint>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "gtest/gtest.h"
#include "ledger/date.h"
#include "services/credits/big_rational.h"

namespace fondbok::credits {
namespace {

using absl::CivilDay;
using ledger::FormatDate;

constexpr CivilDay kJan(2024, 1, 25);
constexpr CivilDay kFeb(2024, 2, 25);

TEST(ArrearsBucket, Boundaries) {
  const std::pair<int, int> cases[] = {{-3, 0}, {0, 0}, {1, 1}, {30, 1}, {31, 2}, {60, 2},
                                       {61, 3}, {90, 3}, {91, 4}, {365, 4}};
  for (const auto& [days, bucket] : cases) EXPECT_EQ(ArrearsBucket(days), bucket) << days << " days";
}

TEST(ArrearsAsOfDate, DaysPastDueAndBucketsAtTheBoundaries) {
  const std::vector<Item> items = {{CivilDay(2024, 3, 25), ItemKind::kPrincipal, 1, 100'000}};
  const std::pair<int, int> cases[] = {{0, 0}, {1, 1}, {30, 1}, {31, 2}, {60, 2}, {61, 3}, {90, 3}, {91, 4}};
  for (const auto& [days, bucket] : cases) {
    SCOPED_TRACE(absl::StrCat(days, " days after the due date"));
    auto arrears = ArrearsAsOfDate(items, {}, CivilDay(2024, 3, 25) + days);
    ASSERT_TRUE(arrears.ok()) << arrears.status();
    EXPECT_EQ(arrears->days_past_due, days);
    EXPECT_EQ(arrears->bucket, bucket);
    EXPECT_EQ(arrears->overdue_ore, days == 0 ? 0 : 100'000);
    EXPECT_EQ(arrears->due_ore, 100'000);
  }
  // Paid in full on day 91: current again.
  auto paid = ArrearsAsOfDate(items, {{CivilDay(2024, 3, 25) + 91, 100'000}}, CivilDay(2024, 3, 25) + 91);
  ASSERT_TRUE(paid.ok()) << paid.status();
  EXPECT_EQ(paid->bucket, 0);
  EXPECT_EQ(paid->days_past_due, 0);
}

// Two instalments of fee 100, interest 1 000 and principal 10 000, due on the 25th of January and February.
std::vector<Item> TwoInstalments() {
  std::vector<Item> items = {
      {kJan, ItemKind::kFee, 1, 100}, {kJan, ItemKind::kInterest, 1, 1'000}, {kJan, ItemKind::kPrincipal, 1, 10'000},
      {kFeb, ItemKind::kFee, 2, 100}, {kFeb, ItemKind::kInterest, 2, 1'000}, {kFeb, ItemKind::kPrincipal, 2, 10'000},
  };
  OrderItems(items);
  return items;
}

TEST(ArrearsAsOfDate, FiguresAsOfADateIncludingBackdatedPayments) {
  const DatedPayment early = {CivilDay(2024, 1, 20), 5'000};      // before the first due date
  const DatedPayment backdated = {CivilDay(2024, 2, 10), 6'160};  // booked later, value date in February
  struct Case {
    const char* what;
    std::vector<DatedPayment> payments;
    CivilDay as_of;
    ArrearsAsOf expected;  // due, paid, overdue, overdue principal, outstanding principal, days, bucket
  };
  const Case cases[] = {
      {"prepaid, nothing due", {early}, CivilDay(2024, 1, 24), {0, 5'000, 0, 0, 16'100, 0, 0}},
      {"the due date itself is not overdue", {early}, kJan, {11'100, 5'000, 0, 0, 16'100, 0, 0}},
      {"one day late", {early}, CivilDay(2024, 1, 26), {11'100, 5'000, 6'100, 6'100, 16'100, 1, 1}},
      {"without the backdated payment", {early}, CivilDay(2024, 3, 1), {22'200, 5'000, 17'200, 16'100, 16'100, 36, 2}},
      {"with the backdated payment", {early, backdated}, CivilDay(2024, 3, 1),
       {22'200, 11'160, 11'040, 10'000, 10'000, 5, 1}},
      {"backdated payment not yet valued", {backdated, early}, CivilDay(2024, 2, 9),
       {11'100, 5'000, 6'100, 6'100, 16'100, 15, 1}},
      {"first instalment settled, 60 spilled", {early, backdated}, CivilDay(2024, 2, 10),
       {11'100, 11'160, 0, 0, 10'000, 0, 0}},
      {"oldest unpaid is February", {early, backdated}, CivilDay(2024, 4, 1),
       {22'200, 11'160, 11'040, 10'000, 10'000, 36, 2}},
      {"all paid", {early, backdated, {CivilDay(2024, 5, 1), 11'040}}, CivilDay(2024, 6, 1),
       {22'200, 22'200, 0, 0, 0, 0, 0}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    auto arrears = ArrearsAsOfDate(TwoInstalments(), c.payments, c.as_of);
    ASSERT_TRUE(arrears.ok()) << arrears.status();
    EXPECT_EQ(arrears->due_ore, c.expected.due_ore);
    EXPECT_EQ(arrears->paid_ore, c.expected.paid_ore);
    EXPECT_EQ(arrears->overdue_ore, c.expected.overdue_ore);
    EXPECT_EQ(arrears->overdue_principal_ore, c.expected.overdue_principal_ore);
    EXPECT_EQ(arrears->outstanding_principal_ore, c.expected.outstanding_principal_ore);
    EXPECT_EQ(arrears->days_past_due, c.expected.days_past_due);
    EXPECT_EQ(arrears->bucket, c.expected.bucket);
  }
}

TEST(ArrearsAsOfDate, RefusesSurplusAndBadInput) {
  struct Case {
    const char* what;
    std::vector<Item> items;
    std::vector<DatedPayment> payments;
    CivilDay as_of;
    absl::StatusCode code;
    const char* message;
  };
  const Case cases[] = {
      {"surplus", TwoInstalments(), {{kJan, 22'201}}, kFeb, absl::StatusCode::kFailedPrecondition, "surplus of 1 öre"},
      {"negative payment", TwoInstalments(), {{kJan, -1}}, kFeb, absl::StatusCode::kInvalidArgument,
       "payment 0 amount_ore -1 must not be negative"},
      {"unordered", {{kFeb, ItemKind::kFee, 2, 1}, {kJan, ItemKind::kFee, 1, 1}}, {}, kFeb,
       absl::StatusCode::kInvalidArgument, "call OrderItems first"},
      {"ancient payment", TwoInstalments(), {{CivilDay(1800, 1, 1), 1}}, kFeb, absl::StatusCode::kInvalidArgument,
       "payment 0 value_date 1800-01-01 is outside the years 1900..9999"},
      {"as_of", TwoInstalments(), {}, CivilDay(10000, 1, 1), absl::StatusCode::kInvalidArgument, "as_of 10000-01-01"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    auto arrears = ArrearsAsOfDate(c.items, c.payments, c.as_of);
    ASSERT_EQ(arrears.status().code(), c.code) << arrears.status();
    EXPECT_NE(arrears.status().message().find(c.message), absl::string_view::npos) << arrears.status();
    auto late = LateInterest(c.items, c.payments, c.as_of, 1200);
    EXPECT_EQ(late.status().code(), c.code) << late.status();
  }
  EXPECT_EQ(LateInterest(TwoInstalments(), {}, kFeb, 10'001).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(LateInterest(TwoInstalments(), {}, kFeb, -1).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(LateInterest, HandComputedExamples) {
  const CivilDay due(2024, 1, 31);
  const CivilDay as_of(2024, 3, 1);  // 30 days of arrears: 31 January .. 29 February
  const Item principal = {due, ItemKind::kPrincipal, 1, 100'000};
  struct Case {
    const char* what;
    std::vector<Item> items;
    std::vector<DatedPayment> payments;
    CivilDay as_of;
    int64_t rate_bp;
    int64_t late_interest_ore;
  };
  const Case cases[] = {
      // 100 000 · 12 % · 30/365 = 986,30.
      {"30 days unpaid", {principal}, {}, as_of, 1200, 986},
      {"interest items bear it too", {{due, ItemKind::kInterest, 1, 100'000}}, {}, as_of, 1200, 986},
      // (10 days · 100 000 + 20 days · 50 000) · 12 % / 365 = 657,53.
      {"half paid on 10 February", {principal}, {{CivilDay(2024, 2, 10), 50'000}}, as_of, 1200, 658},
      // The fee takes 5 000 of the payment first and bears nothing itself:
      // (10 · 100 000 + 20 · 55 000) · 12 % / 365 = 690,41.
      {"fee first", {{due, ItemKind::kFee, 1, 5'000}, principal}, {{CivilDay(2024, 2, 10), 50'000}}, as_of, 1200,
       690},
      {"paid on the due date", {principal}, {{due, 100'000}}, as_of, 1200, 0},
      {"prepaid", {principal}, {{CivilDay(2024, 1, 15), 100'000}}, as_of, 1200, 0},
      {"paid a day late", {principal}, {{due + 1, 100'000}}, as_of, 1200, 33},  // 32,88
      {"as of the due date", {principal}, {}, due, 1200, 0},
      {"as of before the due date", {principal}, {}, due - 10, 1200, 0},
      {"not on late interest or reminder fees",
       {{due, ItemKind::kReminderFee, 1, 6'000}, {due, ItemKind::kLateInterest, 1, 10'000}}, {}, as_of, 1200, 0},
      {"zero rate", {principal}, {}, as_of, 0, 0},
      // Ties go to even, and the sum is rounded once: 1 825 öre for a day at 10 % is 0,5 öre.
      {"tie to even 0", {{due, ItemKind::kPrincipal, 1, 1'825}}, {}, due + 1, 1000, 0},
      {"tie to even 2", {{due, ItemKind::kPrincipal, 1, 5'475}}, {}, due + 1, 1000, 2},
      {"tie to even 2 again", {{due, ItemKind::kPrincipal, 1, 9'125}}, {}, due + 1, 1000, 2},
      {"rounded once", {{due, ItemKind::kInterest, 1, 1'825}, {due, ItemKind::kPrincipal, 1, 1'825}}, {}, due + 1,
       1000, 1},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    auto late = LateInterest(c.items, c.payments, c.as_of, c.rate_bp);
    ASSERT_TRUE(late.ok()) << late.status();
    EXPECT_EQ(*late, c.late_interest_ore);
  }
}

// A day-by-day model: for every day, allocate the payments valued up to that day and charge the unpaid
// principal and interest that is due; sum exactly, round once.
int64_t DayByDayLateInterest(const std::vector<Item>& items, const std::vector<DatedPayment>& payments,
                             CivilDay as_of, int64_t rate_bp) {
  BigInt ore_days = 0;
  for (CivilDay day = CivilDay(2024, 1, 1); day < as_of; ++day) {
    int64_t paid = 0;
    for (const DatedPayment& payment : payments) paid += payment.value_date <= day ? payment.amount_ore : 0;
    auto waterfall = Allocate(items, paid);
    EXPECT_TRUE(waterfall.ok()) << waterfall.status();
    if (!waterfall.ok()) return -1;
    for (size_t i = 0; i < items.size(); ++i) {
      const bool bears = items[i].kind == ItemKind::kPrincipal || items[i].kind == ItemKind::kInterest;
      if (bears && items[i].due <= day) ore_days += items[i].amount_ore - waterfall->paid_ore[i];
    }
  }
  auto rounded = RoundHalfEven(BigRational(ore_days * rate_bp, 3'650'000));
  EXPECT_TRUE(rounded.ok());
  return rounded.ok() ? *rounded : -1;
}

TEST(LateInterest, MatchesADayByDayModel) {
  const uint64_t seed = std::random_device{}();
  std::cout << "LateInterest.MatchesADayByDayModel seed " << seed << "\n";
  SCOPED_TRACE("seed " + std::to_string(seed));
  std::mt19937_64 random(seed);
  for (int round = 0; round < 150; ++round) {
    std::vector<Item> items(1 + random() % 12);
    int64_t sum = 0;
    for (Item& item : items) {
      item.due = CivilDay(2024, 1, 1) + static_cast<int>(random() % 200);
      item.kind = static_cast<ItemKind>(random() % kItemKinds);
      item.instalment = static_cast<int>(random() % 6);
      item.amount_ore = static_cast<int64_t>(random() % 5 == 0 ? 0 : random() % 1'000'000);
      sum += item.amount_ore;
    }
    OrderItems(items);
    std::vector<DatedPayment> payments(random() % 6);
    int64_t left = sum;
    for (DatedPayment& payment : payments) {
      payment.value_date = CivilDay(2024, 1, 1) + static_cast<int>(random() % 260);
      payment.amount_ore = left == 0 ? 0 : static_cast<int64_t>(random() % static_cast<uint64_t>(left / 2 + 1));
      left -= payment.amount_ore;
    }
    const CivilDay as_of = CivilDay(2024, 1, 1) + static_cast<int>(random() % 300);
    const int64_t rate_bp = static_cast<int64_t>(random() % 2500);
    SCOPED_TRACE(absl::StrCat("round ", round, " as of ", FormatDate(as_of), " rate ", rate_bp));
    auto late = LateInterest(items, payments, as_of, rate_bp);
    ASSERT_TRUE(late.ok()) << late.status();
    ASSERT_EQ(*late, DayByDayLateInterest(items, payments, as_of, rate_bp));
  }
}

// A payment entered later with an earlier value date lowers every as-of figure after that date.
TEST(LateInterest, BackdatedPaymentLowersIt) {
  const std::vector<Item> items = TwoInstalments();
  const CivilDay as_of(2024, 4, 1);
  auto before = LateInterest(items, {{CivilDay(2024, 3, 20), 22'200}}, as_of, 1200);
  auto after = LateInterest(items, {{CivilDay(2024, 3, 20), 12'200}, {CivilDay(2024, 2, 1), 10'000}}, as_of, 1200);
  ASSERT_TRUE(before.ok() && after.ok());
  // Before: 1 Jan-instalment 11 000 bearing from 25 Jan for 55 days, 11 000 from 25 Feb for 24 days:
  // (11 000·55 + 11 000·24)·12 %/365 = 285,70. After: the 10 000 on 1 Feb leaves 1 100 of January's bearing
  // items (fee first) from 1 Feb: 11 000·7 + 1 100·48 + 11 000·24 = 393 800 ore-days → 129,47.
  EXPECT_EQ(*before, 286);
  EXPECT_EQ(*after, 129);
}

}  // namespace
}  // namespace fondbok::credits
