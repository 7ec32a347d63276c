#include "services/credits/schedule.h"

#include <algorithm>
#include <cstdint>
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

// ---- An exact reference, written independently of schedule.cc --------------------------------------

// 30E/360 as a difference of "30/360 serial days" (31st → 30th); actual days otherwise.
int64_t RefDays(DayCount dc, CivilDay from, CivilDay to) {
  if (dc == DayCount::kActual365) return to - from;
  auto serial = [](CivilDay d) { return d.year() * 360 + (d.month() - 1) * 30 + std::min(d.day(), 30); };
  return serial(to) - serial(from);
}

int64_t Round(const BigRational& value) {
  auto rounded = RoundHalfEven(value);
  EXPECT_TRUE(rounded.ok()) << rounded.status();
  return rounded.ok() ? *rounded : -1;
}

int64_t RefInterest(int64_t principal_ore, int64_t rate_bp, DayCount dc, CivilDay from, CivilDay to) {
  const int64_t year_days = dc == DayCount::kActual365 ? 365 : 360;
  return Round(BigRational(BigInt(principal_ore) * rate_bp * RefDays(dc, from, to), BigInt(10'000) * year_days));
}

CivilDay RefDue(CivilDay start, int period_months, int payment_day, int k) {
  const int64_t months = start.year() * 12 + (start.month() - 1) + int64_t{k} * period_months;
  return CivilDay(months / 12, months % 12 + 1, payment_day);
}

// The level payment A* that brings the balance to zero after n periods, from the balance recursion
// B_k = B_(k−1)·(1+r) − A: B_n = P·(1+r)^n − A·S_n with S_n = Σ (1+r)^j, both built step by step.
int64_t RefAnnuity(int64_t principal_ore, int64_t rate_bp, int period_months, int n) {
  const BigRational growth_step(BigInt(120'000) + rate_bp * period_months, 120'000);
  BigRational growth = 1;
  BigRational payments = 0;
  for (int j = 0; j < n; ++j) {
    payments = payments * growth_step + 1;
    growth *= growth_step;
  }
  return Round(BigRational(principal_ore) * growth / payments);
}

std::vector<Instalment> RefBridge(const ScheduleTerms& t) {
  std::vector<Instalment> out;
  int64_t remaining = t.principal_ore;
  CivilDay previous = t.start;
  for (size_t i = 0; i < t.payouts.size(); ++i) {
    Instalment in;
    in.number = static_cast<int>(i + 1);
    in.due = t.payouts[i].date;
    in.opening_principal_ore = remaining;
    in.interest_ore = RefInterest(remaining, t.rate_bp, t.day_count, previous, in.due);
    in.principal_ore = i + 1 == t.payouts.size() ? remaining : std::min(remaining, t.payouts[i].amount_ore);
    in.fee_ore = i == 0 ? t.first_fee_ore : 0;
    remaining -= in.principal_ore;
    previous = in.due;
    out.push_back(in);
  }
  return out;
}

std::vector<Instalment> RefSchedule(const ScheduleTerms& t) {
  if (t.amortisation == Amortisation::kBridge) return RefBridge(t);
  const int count = t.term_months / t.period_months;
  const int grace = t.grace_months / t.period_months;
  const bool fee_loan = t.amortisation == Amortisation::kInterestFreeWithFee;
  const bool annuity = t.amortisation == Amortisation::kAnnuity && t.rate_bp > 0;
  const int64_t level = annuity ? RefAnnuity(t.principal_ore, t.rate_bp, t.period_months, count - grace) : 0;
  std::vector<Instalment> out;
  int64_t remaining = t.principal_ore;
  CivilDay previous = t.start;
  for (int k = 1; k <= count; ++k) {
    Instalment in;
    in.number = k;
    in.due = RefDue(t.start, t.period_months, t.payment_day, k);
    in.opening_principal_ore = remaining;
    const int64_t cost = RefInterest(remaining, t.rate_bp, t.day_count, previous, in.due);
    in.interest_ore = fee_loan ? 0 : cost;
    if (k <= grace) {
      in.principal_ore = 0;
    } else if (k == count) {
      in.principal_ore = remaining;
    } else if (annuity) {
      in.principal_ore = std::max<int64_t>(0, std::min(level - in.interest_ore, remaining));
    } else if (t.amortisation != Amortisation::kBullet) {
      in.principal_ore = t.principal_ore / (count - grace);
    }
    in.fee_ore = (fee_loan ? cost : 0) + (k == 1 ? t.first_fee_ore : 0);
    if (k > 1 && (k - 1) * t.period_months % 12 == 0) {
      in.fee_ore += t.yearly_fee_fixed_ore + Round(BigRational(BigInt(remaining) * t.yearly_fee_bp, 10'000));
    }
    remaining -= in.principal_ore;
    previous = in.due;
    out.push_back(in);
  }
  return out;
}

std::string Show(const Instalment& in) {
  return absl::StrCat("#", in.number, " due ", FormatDate(in.due), " opening ", in.opening_principal_ore,
                      " principal ", in.principal_ore, " interest ", in.interest_ore, " fee ", in.fee_ore);
}

::testing::AssertionResult SameSchedule(const std::vector<Instalment>& actual, const std::vector<Instalment>& expected) {
  if (actual.size() != expected.size()) {
    return ::testing::AssertionFailure() << actual.size() << " instalments, expected " << expected.size();
  }
  for (size_t i = 0; i < actual.size(); ++i) {
    if (!(actual[i] == expected[i])) {
      return ::testing::AssertionFailure() << "got      " << Show(actual[i]) << "\nexpected " << Show(expected[i]);
    }
  }
  return ::testing::AssertionSuccess();
}

const char* Name(Amortisation a) {
  switch (a) {
    case Amortisation::kAnnuity: return "annuity";
    case Amortisation::kStraightLine: return "straight-line";
    case Amortisation::kBullet: return "bullet";
    case Amortisation::kBridge: return "bridge";
    case Amortisation::kInterestFreeWithFee: return "interest-free-with-fee";
  }
  return "?";
}

std::string Describe(const ScheduleTerms& t) {
  return absl::StrCat(Name(t.amortisation), " principal ", t.principal_ore, " rate ", t.rate_bp, " term ",
                      t.term_months, " period ", t.period_months, " grace ", t.grace_months, " day ", t.payment_day,
                      " start ", FormatDate(t.start), t.day_count == DayCount::kActual365 ? " act/365" : " 30E/360",
                      " fees ", t.first_fee_ore, "/", t.yearly_fee_fixed_ore, "/", t.yearly_fee_bp, "bp");
}

// ---- The wide table ------------------------------------------------------------------------------

struct Shape {
  int term_months, period_months, grace_months, payment_day;
  CivilDay start;
  int64_t first_fee_ore, yearly_fee_fixed_ore, yearly_fee_bp;
};

TEST(BuildSchedule, WideTableMatchesExactReference) {
  const int64_t amounts[] = {1, 12'345, 100'001, 99'999'999, 1'000'000'000};  // 0,01 kr .. 10 MSEK
  const int64_t rates[] = {0, 1, 250, 475, 1200, 2500};
  const Shape shapes[] = {
      {1, 1, 0, 25, CivilDay(2024, 1, 10), 0, 0, 0},
      {12, 1, 0, 28, CivilDay(2024, 1, 31), 50'000, 0, 0},
      {12, 3, 3, 25, CivilDay(2023, 12, 25), 0, 0, 0},
      {24, 1, 23, 1, CivilDay(2024, 2, 29), 0, 10'000, 0},   // one amortising instalment
      {60, 1, 6, 1, CivilDay(2024, 2, 29), 25'000, 30'000, 50},
      {120, 3, 0, 15, CivilDay(2024, 3, 31), 0, 0, 25},
      {360, 1, 0, 25, CivilDay(2024, 5, 5), 0, 12'000, 0},
      {360, 3, 12, 28, CivilDay(2025, 8, 31), 100'000, 0, 10},
  };
  const Amortisation products[] = {Amortisation::kAnnuity, Amortisation::kStraightLine, Amortisation::kBullet,
                                   Amortisation::kInterestFreeWithFee};
  int combinations = 0;
  for (Amortisation product : products) {
    for (const Shape& shape : shapes) {
      for (DayCount dc : {DayCount::k30E360, DayCount::kActual365}) {
        for (int64_t amount : amounts) {
          for (int64_t rate : rates) {
            ScheduleTerms t;
            t.amortisation = product;
            t.principal_ore = amount;
            t.rate_bp = rate;
            t.day_count = dc;
            t.term_months = shape.term_months;
            t.period_months = shape.period_months;
            t.grace_months = shape.grace_months;
            t.payment_day = shape.payment_day;
            t.start = shape.start;
            t.first_fee_ore = shape.first_fee_ore;
            t.yearly_fee_fixed_ore = shape.yearly_fee_fixed_ore;
            t.yearly_fee_bp = shape.yearly_fee_bp;
            SCOPED_TRACE(Describe(t));
            ++combinations;
            auto schedule = BuildSchedule(t);
            ASSERT_TRUE(schedule.ok()) << schedule.status();
            ASSERT_TRUE(SameSchedule(*schedule, RefSchedule(t)));
            int64_t principal_sum = 0;
            for (const Instalment& in : *schedule) principal_sum += in.principal_ore;
            ASSERT_EQ(principal_sum, amount);
            if (product == Amortisation::kAnnuity && rate > 0) {
              const int n = (t.term_months - t.grace_months) / t.period_months;
              ASSERT_EQ(*AnnuityPayment(amount, rate, t.period_months, n), RefAnnuity(amount, rate, t.period_months, n));
            }
          }
        }
      }
    }
  }
  EXPECT_GE(combinations, 200);
}

// ---- Hand-computed examples (3 instalments each) --------------------------------------------------

ScheduleTerms ThreeMonths(Amortisation product) {
  ScheduleTerms t;
  t.amortisation = product;
  t.principal_ore = 10'000'000;  // 100 000 kr
  t.start = CivilDay(2024, 1, 25);
  t.term_months = 3;
  t.period_months = 1;
  t.payment_day = 25;
  t.rate_bp = 600;  // 6 %: 0,5 % a 30E/360 month
  t.first_fee_ore = 50'000;
  return t;
}

TEST(BuildSchedule, HandComputedThreeInstalments) {
  struct Case {
    const char* name;
    ScheduleTerms terms;
    std::vector<Instalment> expected;  // number, due, opening, principal, interest, fee
  };
  ScheduleTerms bridge = ThreeMonths(Amortisation::kBridge);
  bridge.start = CivilDay(2024, 1, 10);
  bridge.term_months = 0;
  bridge.day_count = DayCount::kActual365;
  bridge.payouts = {{CivilDay(2024, 3, 10), 4'000'000}, {CivilDay(2024, 6, 10), 4'000'000},
                    {CivilDay(2024, 9, 10), 5'000'000}};
  ScheduleTerms quarterly = ThreeMonths(Amortisation::kAnnuity);
  quarterly.principal_ore = 1'000'000;
  quarterly.rate_bp = 475;
  quarterly.start = CivilDay(2024, 1, 10);
  quarterly.term_months = 9;
  quarterly.period_months = 3;
  quarterly.day_count = DayCount::kActual365;
  quarterly.first_fee_ore = 0;
  const Case cases[] = {
      // A = 10 000 000·0,005·1,005^3/(1,005^3 − 1) = 406 030 050 000/120 601 = 3 366 722,08 → 3 366 722.
      // Interest 0,5 % of the opening principal: 50 000; 33 416,39 → 33 416; 16 749,86 → 16 750.
      {"annuity", ThreeMonths(Amortisation::kAnnuity),
       {{1, CivilDay(2024, 2, 25), 10'000'000, 3'316'722, 50'000, 50'000},
        {2, CivilDay(2024, 3, 25), 6'683'278, 3'333'306, 33'416, 0},
        {3, CivilDay(2024, 4, 25), 3'349'972, 3'349'972, 16'750, 0}}},
      // 10 000 000 / 3 = 3 333 333 rest 1 → last. Interest 33 333,335 → 33 333; 16 666,67 → 16 667.
      {"straight-line", ThreeMonths(Amortisation::kStraightLine),
       {{1, CivilDay(2024, 2, 25), 10'000'000, 3'333'333, 50'000, 50'000},
        {2, CivilDay(2024, 3, 25), 6'666'667, 3'333'333, 33'333, 0},
        {3, CivilDay(2024, 4, 25), 3'333'334, 3'333'334, 16'667, 0}}},
      {"bullet", ThreeMonths(Amortisation::kBullet),
       {{1, CivilDay(2024, 2, 25), 10'000'000, 0, 50'000, 50'000},
        {2, CivilDay(2024, 3, 25), 10'000'000, 0, 50'000, 0},
        {3, CivilDay(2024, 4, 25), 10'000'000, 10'000'000, 50'000, 0}}},
      // As straight-line, but the 6 % is a loan fee on current debt: fee, not interest.
      {"interest-free-with-fee", ThreeMonths(Amortisation::kInterestFreeWithFee),
       {{1, CivilDay(2024, 2, 25), 10'000'000, 3'333'333, 0, 100'000},
        {2, CivilDay(2024, 3, 25), 6'666'667, 3'333'333, 0, 33'333},
        {3, CivilDay(2024, 4, 25), 3'333'334, 3'333'334, 0, 16'667}}},
      // Actual/365 at 6 %: 60 days on 10 MSEK·0,01 = 98 630,14 → 98 630; 92 days on 6 000 000: 90 739,73 →
      // 90 740; 92 days on 2 000 000: 30 246,58 → 30 247. The last payout (5 000 000) takes only what remains.
      {"bridge", bridge,
       {{1, CivilDay(2024, 3, 10), 10'000'000, 4'000'000, 98'630, 50'000},
        {2, CivilDay(2024, 6, 10), 6'000'000, 4'000'000, 90'740, 0},
        {3, CivilDay(2024, 9, 10), 2'000'000, 2'000'000, 30'247, 0}}},
      // Quarterly 4,75 % actual/365: A = 341 281. First period 2024-01-10 → 04-25 is 106 days:
      // 13 794,52 → 13 795; then 91 days on 672 514: 7 964,43 → 7 964; 92 days on 339 197: 4 061,00 → 4 061.
      {"annuity quarterly actual/365, long first period", quarterly,
       {{1, CivilDay(2024, 4, 25), 1'000'000, 327'486, 13'795, 0},
        {2, CivilDay(2024, 7, 25), 672'514, 333'317, 7'964, 0},
        {3, CivilDay(2024, 10, 25), 339'197, 339'197, 4'061, 0}}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    auto schedule = BuildSchedule(c.terms);
    ASSERT_TRUE(schedule.ok()) << schedule.status();
    EXPECT_TRUE(SameSchedule(*schedule, c.expected));
  }
  EXPECT_EQ(*AnnuityPayment(10'000'000, 600, 1, 3), 3'366'722);
  EXPECT_EQ(*AnnuityPayment(1'000'000, 475, 3, 3), 341'281);
  Instalment first = (*BuildSchedule(ThreeMonths(Amortisation::kAnnuity)))[0];
  EXPECT_EQ(first.total_ore(), 3'316'722 + 50'000 + 50'000);
}

TEST(BuildSchedule, BridgeWithPartialPayouts) {
  struct Case {
    const char* name;
    std::vector<Payout> payouts;
    std::vector<int64_t> principal_ore;
  };
  const Case cases[] = {
      // The first payout already covers the loan: later instalments repay nothing and cost no interest.
      {"first covers all", {{CivilDay(2024, 2, 1), 6'000'000}, {CivilDay(2024, 3, 1), 1'000'000}}, {5'000'000, 0}},
      // Partial payouts, the last one larger than what remains.
      {"partial then rest",
       {{CivilDay(2024, 2, 1), 1'000'000}, {CivilDay(2024, 5, 1), 1'500'000}, {CivilDay(2024, 12, 1), 9'000'000}},
       {1'000'000, 1'500'000, 2'500'000}},
      {"exact", {{CivilDay(2024, 2, 1), 2'500'000}, {CivilDay(2024, 4, 1), 2'500'000}}, {2'500'000, 2'500'000}},
      {"one payout", {{CivilDay(2025, 1, 1), 5'000'000}}, {5'000'000}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    ScheduleTerms t;
    t.amortisation = Amortisation::kBridge;
    t.principal_ore = 5'000'000;
    t.start = CivilDay(2024, 1, 1);
    t.rate_bp = 800;
    t.payouts = c.payouts;
    auto schedule = BuildSchedule(t);
    ASSERT_TRUE(schedule.ok()) << schedule.status();
    ASSERT_EQ(schedule->size(), c.principal_ore.size());
    for (size_t i = 0; i < schedule->size(); ++i) {
      EXPECT_EQ((*schedule)[i].principal_ore, c.principal_ore[i]) << "instalment " << i + 1;
      EXPECT_EQ((*schedule)[i].due, c.payouts[i].date);
    }
    EXPECT_TRUE(SameSchedule(*schedule, RefSchedule(t)));
    for (DayCount dc : {DayCount::k30E360, DayCount::kActual365}) {
      t.day_count = dc;
      EXPECT_TRUE(SameSchedule(*BuildSchedule(t), RefSchedule(t)));
    }
  }
}

TEST(BuildSchedule, YearlyFeesFallOnTheFirstInstalmentOfEachLoanYear) {
  struct Case {
    int period_months, term_months;
    std::vector<int> with_yearly_fee;
  };
  const Case cases[] = {{1, 36, {13, 25}}, {3, 36, {5, 9}}, {1, 12, {}}, {3, 24, {5}}};
  for (const Case& c : cases) {
    SCOPED_TRACE(absl::StrCat("period ", c.period_months, " term ", c.term_months));
    ScheduleTerms t;
    t.principal_ore = 1'200'000;
    t.start = CivilDay(2024, 1, 25);
    t.term_months = c.term_months;
    t.period_months = c.period_months;
    t.amortisation = Amortisation::kStraightLine;
    t.yearly_fee_fixed_ore = 10'000;
    t.yearly_fee_bp = 100;  // 1 % of the opening principal
    auto schedule = BuildSchedule(t);
    ASSERT_TRUE(schedule.ok()) << schedule.status();
    std::vector<int> with_fee;
    for (const Instalment& in : *schedule) {
      if (in.fee_ore == 0) continue;
      with_fee.push_back(in.number);
      EXPECT_EQ(in.fee_ore, 10'000 + in.opening_principal_ore / 100);
    }
    EXPECT_EQ(with_fee, c.with_yearly_fee);
  }
}

// "Shorter term" early repayment: keep the payment, let the count follow.
TEST(BuildSchedule, LevelPaymentShortensTheSchedule) {
  struct Case {
    Amortisation product;
    int64_t level_payment_ore;
    size_t instalments;
    int64_t last_principal_ore;
  };
  // 1 000 000 öre over at most 24 months; interest 1 % a 30E/360 month.
  const Case cases[] = {
      {Amortisation::kStraightLine, 300'000, 4, 100'000},
      {Amortisation::kStraightLine, 1'000'000, 1, 1'000'000},
      {Amortisation::kInterestFreeWithFee, 250'000, 4, 250'000},
      {Amortisation::kAnnuity, 100'000, 0, 0},  // checked against the recursion below
      {Amortisation::kAnnuity, 520'000, 2, 0},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(absl::StrCat(Name(c.product), " level ", c.level_payment_ore));
    ScheduleTerms t;
    t.amortisation = c.product;
    t.principal_ore = 1'000'000;
    t.start = CivilDay(2024, 1, 25);
    t.term_months = 24;
    t.rate_bp = 1200;
    t.level_payment_ore = c.level_payment_ore;
    auto schedule = BuildSchedule(t);
    ASSERT_TRUE(schedule.ok()) << schedule.status();
    if (c.instalments != 0) {
      EXPECT_EQ(schedule->size(), c.instalments);
    }
    if (c.last_principal_ore != 0) {
      EXPECT_EQ(schedule->back().principal_ore, c.last_principal_ore);
    }
    // Every instalment but the last pays exactly the level amount; the last takes the remainder.
    int64_t remaining = t.principal_ore;
    for (size_t i = 0; i < schedule->size(); ++i) {
      const Instalment& in = (*schedule)[i];
      const int64_t interest = RefInterest(remaining, t.rate_bp, t.day_count, i == 0 ? t.start : (*schedule)[i - 1].due, in.due);
      const bool last = i + 1 == schedule->size();
      if (c.product == Amortisation::kAnnuity) {
        EXPECT_EQ(in.interest_ore, interest);
        EXPECT_EQ(in.principal_ore, last ? remaining : c.level_payment_ore - interest) << Show(in);
        if (last) {
          EXPECT_LE(in.principal_ore + in.interest_ore, c.level_payment_ore);
        }
      } else {
        EXPECT_EQ(in.principal_ore, last ? remaining : c.level_payment_ore) << Show(in);
      }
      remaining -= in.principal_ore;
    }
    EXPECT_EQ(remaining, 0);
  }
}

TEST(DueDate, FallsOnThePaymentDayOfTheMonth) {
  struct Case {
    CivilDay start;
    int period_months, payment_day, k;
    CivilDay due;
  };
  const Case cases[] = {
      {CivilDay(2024, 1, 31), 1, 28, 1, CivilDay(2024, 2, 28)},
      {CivilDay(2024, 1, 31), 1, 28, 11, CivilDay(2024, 12, 28)},
      {CivilDay(2024, 1, 31), 1, 28, 12, CivilDay(2025, 1, 28)},
      {CivilDay(2024, 11, 15), 3, 25, 1, CivilDay(2025, 2, 25)},
      {CivilDay(2024, 12, 1), 1, 1, 1, CivilDay(2025, 1, 1)},
      {CivilDay(2024, 1, 25), 1, 25, 360, CivilDay(2054, 1, 25)},
      {CivilDay(2024, 1, 25), 3, 10, 200, CivilDay(2074, 1, 10)},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(FormatDate(c.due));
    EXPECT_EQ(DueDate(c.start, c.period_months, c.payment_day, c.k), c.due);
    EXPECT_EQ(RefDue(c.start, c.period_months, c.payment_day, c.k), c.due);
  }
}

TEST(PeriodInterest, DayCountsAndHalfEvenTies) {
  struct Case {
    int64_t principal_ore, rate_bp;
    DayCount dc;
    CivilDay from, to;
    int64_t days, interest_ore;
  };
  const auto k30 = DayCount::k30E360;
  const auto kAct = DayCount::kActual365;
  const Case cases[] = {
      // 12 % over 30/360 days = 1 %: 50 → 0,5 → 0; 150 → 1,5 → 2; 250 → 2,5 → 2; 350 → 3,5 → 4.
      {50, 1200, k30, CivilDay(2024, 1, 25), CivilDay(2024, 2, 25), 30, 0},
      {150, 1200, k30, CivilDay(2024, 1, 25), CivilDay(2024, 2, 25), 30, 2},
      {250, 1200, k30, CivilDay(2024, 1, 25), CivilDay(2024, 2, 25), 30, 2},
      {350, 1200, k30, CivilDay(2024, 1, 25), CivilDay(2024, 2, 25), 30, 4},
      {1'000'000, 1200, k30, CivilDay(2024, 1, 31), CivilDay(2024, 2, 29), 29, 9'667},   // 31st → 30th
      {1'000'000, 1200, k30, CivilDay(2024, 1, 30), CivilDay(2024, 3, 31), 60, 20'000},  // both 31 → 30
      {1'000'000, 1200, k30, CivilDay(2024, 2, 28), CivilDay(2024, 3, 31), 32, 10'667},  // no February rule
      {1'000'000, 1200, k30, CivilDay(2024, 3, 30), CivilDay(2024, 3, 31), 0, 0},
      {1'000'000, 1200, k30, CivilDay(2024, 1, 1), CivilDay(2025, 1, 1), 360, 120'000},
      {1'000'000, 1200, kAct, CivilDay(2024, 1, 1), CivilDay(2025, 1, 1), 366, 120'329},  // 120 328,77
      {1'000'000, 1200, kAct, CivilDay(2023, 1, 1), CivilDay(2024, 1, 1), 365, 120'000},
      {73, 1000, kAct, CivilDay(2023, 1, 1), CivilDay(2023, 3, 2), 60, 1},  // 73·0,1·60/365 = 1,2
      {1'000'000, 0, kAct, CivilDay(2023, 1, 1), CivilDay(2024, 1, 1), 365, 0},
      {0, 1200, kAct, CivilDay(2023, 1, 1), CivilDay(2024, 1, 1), 365, 0},
      {kPrincipalMaxOre, kRateMaxBp, kAct, CivilDay(2024, 1, 1), CivilDay(2024, 1, 1), 0, 0},
      {kPrincipalMaxOre, kRateMaxBp, kAct, CivilDay(2023, 1, 1), CivilDay(2024, 1, 1), 365, kPrincipalMaxOre},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(absl::StrCat(c.principal_ore, " at ", c.rate_bp, "bp ", FormatDate(c.from), " to ", FormatDate(c.to)));
    EXPECT_EQ(DayCountDays(c.dc, c.from, c.to), c.days);
    EXPECT_EQ(RefDays(c.dc, c.from, c.to), c.days);
    auto interest = PeriodInterest(c.principal_ore, c.rate_bp, c.dc, c.from, c.to);
    ASSERT_TRUE(interest.ok()) << interest.status();
    EXPECT_EQ(*interest, c.interest_ore);
  }
}

TEST(PeriodInterest, RefusesBadInput) {
  struct Case {
    int64_t principal_ore, rate_bp;
    CivilDay from, to;
    const char* why;
  };
  const Case cases[] = {
      {-1, 100, CivilDay(2024, 1, 1), CivilDay(2024, 2, 1), "principal_ore -1 must not be negative"},
      {100, -1, CivilDay(2024, 1, 1), CivilDay(2024, 2, 1), "rate_bp -1 is out of range: must be 0..10000"},
      {100, 10'001, CivilDay(2024, 1, 1), CivilDay(2024, 2, 1), "rate_bp 10001 is out of range"},
      {100, 100, CivilDay(2024, 2, 1), CivilDay(2024, 1, 1), "2024-02-01 to 2024-01-01 must run forward"},
      {100, 100, CivilDay(1900, 1, 1), CivilDay(2200, 1, 1), "span at most 73050 days"},
  };
  for (const Case& c : cases) {
    auto interest = PeriodInterest(c.principal_ore, c.rate_bp, DayCount::kActual365, c.from, c.to);
    EXPECT_EQ(interest.status().code(), absl::StatusCode::kInvalidArgument) << c.why;
    EXPECT_NE(interest.status().message().find(c.why), absl::string_view::npos) << interest.status();
  }
}

TEST(BuildSchedule, RefusesBadTermsWithAReadableMessage) {
  struct Case {
    const char* what;
    void (*change)(ScheduleTerms&);
    const char* message;
  };
  const Case cases[] = {
      {"no principal", [](ScheduleTerms& t) { t.principal_ore = 0; },
       "principal_ore 0 is out of range: must be 1..10000000000000"},
      {"too much principal", [](ScheduleTerms& t) { t.principal_ore = kPrincipalMaxOre + 1; },
       "principal_ore 10000000000001 is out of range"},
      {"negative rate", [](ScheduleTerms& t) { t.rate_bp = -5; }, "rate_bp -5 is out of range: must be 0..10000"},
      {"usurious rate", [](ScheduleTerms& t) { t.rate_bp = 10'001; }, "rate_bp 10001 is out of range"},
      {"no term", [](ScheduleTerms& t) { t.term_months = 0; }, "term_months 0 is out of range: must be 1..600"},
      {"term too long", [](ScheduleTerms& t) { t.term_months = 601; }, "term_months 601 is out of range"},
      {"term not in quarters",
       [](ScheduleTerms& t) {
         t.period_months = 3;
         t.term_months = 7;
       },
       "term_months 7 must be a multiple of period_months 3"},
      {"semi-monthly", [](ScheduleTerms& t) { t.period_months = 2; },
       "period_months 2 is not allowed: use 1 (monthly) or 3 (quarterly)"},
      {"payment day 29", [](ScheduleTerms& t) { t.payment_day = 29; }, "payment_day 29 is out of range: must be 1..28"},
      {"payment day 0", [](ScheduleTerms& t) { t.payment_day = 0; }, "payment_day 0 is out of range"},
      {"grace = term", [](ScheduleTerms& t) { t.grace_months = 12; }, "grace_months 12 is out of range: must be 0..11"},
      {"grace not in quarters",
       [](ScheduleTerms& t) {
         t.period_months = 3;
         t.grace_months = 2;
       },
       "grace_months 2 must be a multiple of period_months 3"},
      {"negative fee", [](ScheduleTerms& t) { t.first_fee_ore = -1; }, "first_fee_ore -1 is out of range"},
      {"yearly fee bp", [](ScheduleTerms& t) { t.yearly_fee_bp = 20'000; }, "yearly_fee_bp 20000 is out of range"},
      {"start 1899", [](ScheduleTerms& t) { t.start = CivilDay(1899, 12, 31); },
       "start 1899-12-31 is out of range: must be in the years 1900..9899"},
      {"bullet level payment",
       [](ScheduleTerms& t) {
         t.amortisation = Amortisation::kBullet;
         t.level_payment_ore = 100;
       },
       "level_payment_ore 100 must be 0 for a bullet loan"},
      {"level payment below interest", [](ScheduleTerms& t) { t.level_payment_ore = 5'000; },
       "level_payment_ore 5000 does not repay principal_ore 1000000 within term_months 12"},
      {"straight-line level too small",
       [](ScheduleTerms& t) {
         t.amortisation = Amortisation::kStraightLine;
         t.level_payment_ore = 50'000;
       },
       "level_payment_ore 50000 does not repay principal_ore 1000000 within term_months 12: 400000 öre would remain"},
      {"payouts on an annuity", [](ScheduleTerms& t) { t.payouts = {{CivilDay(2024, 6, 1), 100}}; },
       "payouts (1 of them) are only for bridge loans"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    ScheduleTerms t;
    t.principal_ore = 1'000'000;
    t.start = CivilDay(2024, 1, 25);
    t.term_months = 12;
    t.rate_bp = 1200;
    c.change(t);
    auto schedule = BuildSchedule(t);
    ASSERT_EQ(schedule.status().code(), absl::StatusCode::kInvalidArgument) << schedule.status();
    EXPECT_NE(schedule.status().message().find(c.message), absl::string_view::npos) << schedule.status();
  }
}

TEST(BuildSchedule, RefusesBadBridgeTerms) {
  struct Case {
    const char* what;
    void (*change)(ScheduleTerms&);
    const char* message;
  };
  const Case cases[] = {
      {"no payouts", [](ScheduleTerms& t) { t.payouts.clear(); }, "number of payouts 0 is out of range: must be 1..60"},
      {"too many payouts",
       [](ScheduleTerms& t) {
         t.payouts.clear();
         for (int i = 1; i <= 61; ++i) t.payouts.push_back({CivilDay(2024, 1, 1) + i, 100'000});
       },
       "number of payouts 61 is out of range"},
      {"payout on start", [](ScheduleTerms& t) { t.payouts[0].date = t.start; },
       "payouts[0].date 2024-01-01 must be after start 2024-01-01"},
      {"unsorted", [](ScheduleTerms& t) { t.payouts[1].date = CivilDay(2024, 2, 1); },
       "payouts[1].date 2024-02-01 must be after the previous payout date 2024-03-01"},
      {"same date twice", [](ScheduleTerms& t) { t.payouts[1].date = t.payouts[0].date; },
       "payouts[1].date 2024-03-01 must be after the previous payout date 2024-03-01"},
      {"zero payout", [](ScheduleTerms& t) { t.payouts[1].amount_ore = 0; },
       "payouts[1].amount_ore 0 is out of range: must be 1.."},
      {"too far", [](ScheduleTerms& t) { t.payouts[1].date = CivilDay(2074, 2, 1); },
       "payouts[1].date 2074-02-01 is more than 600 months after start 2024-01-01"},
      {"not covered", [](ScheduleTerms& t) { t.payouts[1].amount_ore = 100; },
       "payouts summing to 600100 öre do not cover principal_ore 1000000"},
      {"grace", [](ScheduleTerms& t) { t.grace_months = 3; }, "grace_months 3 must be 0 for a bridge loan"},
      {"yearly fee", [](ScheduleTerms& t) { t.yearly_fee_fixed_ore = 100; },
       "yearly_fee_fixed_ore 100 must be 0 for a bridge loan"},
      {"level payment", [](ScheduleTerms& t) { t.level_payment_ore = 100; },
       "level_payment_ore 100 must be 0 for a bridge loan"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    ScheduleTerms t;
    t.amortisation = Amortisation::kBridge;
    t.principal_ore = 1'000'000;
    t.start = CivilDay(2024, 1, 1);
    t.rate_bp = 500;
    t.payouts = {{CivilDay(2024, 3, 1), 600'000}, {CivilDay(2024, 9, 1), 600'000}};
    ASSERT_TRUE(BuildSchedule(t).ok()) << "the unchanged terms are valid";
    c.change(t);
    auto schedule = BuildSchedule(t);
    ASSERT_EQ(schedule.status().code(), absl::StatusCode::kInvalidArgument) << schedule.status();
    EXPECT_NE(schedule.status().message().find(c.message), absl::string_view::npos) << schedule.status();
  }
}

TEST(AnnuityPayment, BoundsAndZeroRate) {
  EXPECT_EQ(*AnnuityPayment(1'000, 0, 1, 3), 333);           // 333,33
  EXPECT_EQ(*AnnuityPayment(1'000, 0, 1, 6), 167);           // 166,67
  EXPECT_EQ(*AnnuityPayment(0, 500, 1, 12), 0);
  EXPECT_EQ(*AnnuityPayment(1'200, 1200, 12, 1), 1'344);     // one yearly period at 12 %: P·1,12
  EXPECT_EQ(AnnuityPayment(1, 500, 1, 601).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(AnnuityPayment(1, 500, 13, 1).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(AnnuityPayment(-1, 500, 1, 1).status().code(), absl::StatusCode::kInvalidArgument);
  // The largest case stays exact: 100 bn kr at 100 % over 600 months.
  EXPECT_EQ(*AnnuityPayment(kPrincipalMaxOre, kRateMaxBp, 1, 600), RefAnnuity(kPrincipalMaxOre, kRateMaxBp, 1, 600));
}

}  // namespace
}  // namespace fondbok::credits

namespace fondbok::credits {
namespace {

// A schedule that continues an existing rhythm (a tranche or rescheduling dated 2026-06-01 on a
// credit paid on the 25th) starts on 2026-06-25, not a whole period later.
TEST(BuildSchedule, FirstDueContinuesTheRhythm) {
  ScheduleTerms terms;
  terms.amortisation = Amortisation::kStraightLine;
  terms.principal_ore = 300'00;
  terms.start = absl::CivilDay(2026, 6, 1);
  terms.term_months = 3;
  terms.payment_day = 25;
  terms.rate_bp = 1200;
  terms.first_due = absl::CivilDay(2026, 6, 25);
  auto schedule = BuildSchedule(terms);
  ASSERT_TRUE(schedule.ok()) << schedule.status();
  ASSERT_EQ(schedule->size(), 3u);
  EXPECT_EQ((*schedule)[0].due, absl::CivilDay(2026, 6, 25));
  EXPECT_EQ((*schedule)[2].due, absl::CivilDay(2026, 8, 25));
  EXPECT_EQ((*schedule)[0].interest_ore, 2'40);  // 300 kr × 12 % × 24/360, interest from the start
  const struct {
    absl::CivilDay first_due;
  } bad[] = {{absl::CivilDay(2026, 6, 1)}, {absl::CivilDay(2026, 6, 24)}, {absl::CivilDay(2026, 7, 26)},
             {absl::CivilDay(2026, 8, 25)}};
  for (const auto& c : bad) {
    terms.first_due = c.first_due;
    auto refused = BuildSchedule(terms);
    EXPECT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument) << absl::FormatCivilTime(c.first_due);
  }
}

}  // namespace
}  // namespace fondbok::credits
