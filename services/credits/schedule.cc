#include "services/credits/schedule.h"

#include <algorithm>
#include <numeric>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "ledger/date.h"
#include "ledger/money.h"
#include "ledger/status_macros.h"
#include "services/credits/big_rational.h"

namespace fondbok::credits {
namespace {

using ledger::AddOre;
using ledger::FormatDate;

absl::Status Invalid(absl::string_view field, absl::string_view value, absl::string_view rule) {
  return absl::InvalidArgumentError(absl::StrCat("schedule terms: ", field, " ", value, " ", rule));
}

absl::Status CheckRange(absl::string_view field, int64_t value, int64_t min, int64_t max) {
  if (value >= min && value <= max) return absl::OkStatus();
  return Invalid(field, absl::StrCat(value), absl::StrCat("is out of range: must be ", min, "..", max));
}

// Bounds shared by every product.
absl::Status ValidateAmounts(const ScheduleTerms& t) {
  RETURN_IF_ERROR(CheckRange("principal_ore", t.principal_ore, 1, kPrincipalMaxOre));
  RETURN_IF_ERROR(CheckRange("rate_bp", t.rate_bp, 0, kRateMaxBp));
  RETURN_IF_ERROR(CheckRange("first_fee_ore", t.first_fee_ore, 0, kPrincipalMaxOre));
  RETURN_IF_ERROR(CheckRange("yearly_fee_fixed_ore", t.yearly_fee_fixed_ore, 0, kPrincipalMaxOre));
  RETURN_IF_ERROR(CheckRange("yearly_fee_bp", t.yearly_fee_bp, 0, kRateMaxBp));
  RETURN_IF_ERROR(CheckRange("level_payment_ore", t.level_payment_ore, 0, kPrincipalMaxOre));
  // Keeps every due date (at most kTermMaxMonths later) inside the years ParseDate accepts.
  if (t.start.year() < 1900 || t.start.year() > 9899) {
    return Invalid("start", FormatDate(t.start), "is out of range: must be in the years 1900..9899");
  }
  return absl::OkStatus();
}

absl::Status ValidatePeriodic(const ScheduleTerms& t) {
  if (t.period_months != 1 && t.period_months != 3) {
    return Invalid("period_months", absl::StrCat(t.period_months), "is not allowed: use 1 (monthly) or 3 (quarterly)");
  }
  RETURN_IF_ERROR(CheckRange("payment_day", t.payment_day, 1, 28));
  if (t.first_due.has_value() &&
      (*t.first_due <= t.start || t.first_due->day() != t.payment_day ||
       *t.first_due > DueDate(t.start, t.period_months, t.payment_day, 1))) {
    return Invalid("first_due", FormatDate(*t.first_due),
                   absl::StrCat("must fall on payment_day ", t.payment_day, " after start ", FormatDate(t.start),
                                " and no later than one period after it"));
  }
  RETURN_IF_ERROR(CheckRange("term_months", t.term_months, t.period_months, kTermMaxMonths));
  if (t.term_months % t.period_months != 0) {
    return Invalid("term_months", absl::StrCat(t.term_months),
                   absl::StrCat("must be a multiple of period_months ", t.period_months));
  }
  RETURN_IF_ERROR(CheckRange("grace_months", t.grace_months, 0, t.term_months - t.period_months));
  if (t.grace_months % t.period_months != 0) {
    return Invalid("grace_months", absl::StrCat(t.grace_months),
                   absl::StrCat("must be a multiple of period_months ", t.period_months));
  }
  if (!t.payouts.empty()) {
    return Invalid("payouts", absl::StrCat("(", t.payouts.size(), " of them)"), "are only for bridge loans");
  }
  if (t.amortisation == Amortisation::kBullet && t.level_payment_ore != 0) {
    return Invalid("level_payment_ore", absl::StrCat(t.level_payment_ore), "must be 0 for a bullet loan");
  }
  return absl::OkStatus();
}

absl::Status ValidateBridge(const ScheduleTerms& t) {
  const std::pair<absl::string_view, int64_t> unused[] = {{"grace_months", t.grace_months},
                                                          {"yearly_fee_fixed_ore", t.yearly_fee_fixed_ore},
                                                          {"yearly_fee_bp", t.yearly_fee_bp},
                                                          {"level_payment_ore", t.level_payment_ore}};
  for (const auto& [field, value] : unused) {
    if (value != 0) return Invalid(field, absl::StrCat(value), "must be 0 for a bridge loan (instalments follow payouts)");
  }
  RETURN_IF_ERROR(CheckRange("number of payouts", static_cast<int64_t>(t.payouts.size()), 1, kPayoutsMax));
  const absl::CivilMonth last_month = absl::CivilMonth(t.start) + kTermMaxMonths;
  absl::CivilDay previous = t.start;
  int64_t sum_ore = 0;
  for (size_t i = 0; i < t.payouts.size(); ++i) {
    const Payout& payout = t.payouts[i];
    const std::string field = absl::StrCat("payouts[", i, "]");
    RETURN_IF_ERROR(CheckRange(field + ".amount_ore", payout.amount_ore, 1, kPrincipalMaxOre));
    if (payout.date <= previous) {
      return Invalid(field + ".date", FormatDate(payout.date),
                     absl::StrCat("must be after ", i == 0 ? "start " : "the previous payout date ",
                                  FormatDate(previous), " (payouts are sorted by date, one per date)"));
    }
    if (absl::CivilMonth(payout.date) > last_month) {
      return Invalid(field + ".date", FormatDate(payout.date),
                     absl::StrCat("is more than ", kTermMaxMonths, " months after start ", FormatDate(t.start)));
    }
    previous = payout.date;
    sum_ore += payout.amount_ore;  // at most kPayoutsMax · kPrincipalMaxOre: no overflow
  }
  if (sum_ore < t.principal_ore) {
    return Invalid("payouts", absl::StrCat("summing to ", sum_ore, " öre"),
                   absl::StrCat("do not cover principal_ore ", t.principal_ore, ": the bridge loan would never be repaid"));
  }
  return absl::OkStatus();
}

// How principal is repaid over a periodic (non-bridge) schedule.
struct PrincipalPlan {
  int grace_instalments = 0;
  int instalments_max = 0;      // the fixed count, or the cap when `level` is set
  bool level = false;           // the count follows from payment_ore; the last takes the remainder
  int64_t payment_ore = 0;      // annuity: A (principal + interest); otherwise principal per instalment
  std::vector<int64_t> parts;   // derived equal split of the instalments after grace (SplitEvenly)
};

absl::StatusOr<PrincipalPlan> PlanPrincipal(const ScheduleTerms& t) {
  PrincipalPlan plan;
  plan.grace_instalments = t.grace_months / t.period_months;
  plan.instalments_max = t.term_months / t.period_months;
  plan.level = t.level_payment_ore > 0;
  plan.payment_ore = t.level_payment_ore;
  const int amortising = plan.instalments_max - plan.grace_instalments;
  const bool split = t.amortisation == Amortisation::kStraightLine ||
                     t.amortisation == Amortisation::kInterestFreeWithFee ||
                     (t.amortisation == Amortisation::kAnnuity && t.rate_bp == 0);
  if (plan.level || t.amortisation == Amortisation::kBullet) return plan;
  if (split) {
    plan.parts = ledger::SplitEvenly(t.principal_ore, amortising);
  } else {
    ASSIGN_OR_RETURN(plan.payment_ore, AnnuityPayment(t.principal_ore, t.rate_bp, t.period_months, amortising));
  }
  return plan;
}

// Principal of instalment k, given its interest and the principal remaining before it.
int64_t PrincipalOf(Amortisation amortisation, const PrincipalPlan& plan, int k, int64_t interest_ore,
                    int64_t remaining_ore) {
  if (k <= plan.grace_instalments) return 0;
  if (!plan.level && k == plan.instalments_max) return remaining_ore;
  if (!plan.parts.empty()) return plan.parts[static_cast<size_t>(k - plan.grace_instalments - 1)];
  switch (amortisation) {
    case Amortisation::kBullet:
      return 0;
    case Amortisation::kAnnuity:
      // An irregular first period can cost more interest than A: no negative amortisation.
      return std::clamp<int64_t>(plan.payment_ore - interest_ore, 0, remaining_ore);
    default:
      return std::min(plan.payment_ore, remaining_ore);
  }
}

absl::StatusOr<int64_t> FeeOf(const ScheduleTerms& t, int k, int64_t opening_ore, int64_t loan_fee_ore) {
  int64_t fee_ore = loan_fee_ore;
  if (k == 1) {
    ASSIGN_OR_RETURN(fee_ore, AddOre(fee_ore, t.first_fee_ore));
  }
  const int instalments_per_year = 12 / t.period_months;
  if (k > 1 && (k - 1) % instalments_per_year == 0) {
    ASSIGN_OR_RETURN(int64_t by_rate_ore, ledger::ApplyBasisPoints(opening_ore, t.yearly_fee_bp));
    ASSIGN_OR_RETURN(fee_ore, AddOre(fee_ore, t.yearly_fee_fixed_ore));
    ASSIGN_OR_RETURN(fee_ore, AddOre(fee_ore, by_rate_ore));
  }
  return fee_ore;
}

absl::StatusOr<std::vector<Instalment>> BuildPeriodic(const ScheduleTerms& t) {
  ASSIGN_OR_RETURN(const PrincipalPlan plan, PlanPrincipal(t));
  const bool fee_loan = t.amortisation == Amortisation::kInterestFreeWithFee;
  std::vector<Instalment> schedule;
  int64_t remaining_ore = t.principal_ore;
  absl::CivilDay previous = t.start;
  for (int k = 1; k <= plan.instalments_max; ++k) {
    Instalment& instalment = schedule.emplace_back();
    instalment.number = k;
    instalment.due = t.first_due.has_value() ? DueDate(*t.first_due, t.period_months, t.payment_day, k - 1)
                                             : DueDate(t.start, t.period_months, t.payment_day, k);
    instalment.opening_principal_ore = remaining_ore;
    ASSIGN_OR_RETURN(int64_t period_interest_ore,
                     PeriodInterest(remaining_ore, t.rate_bp, t.day_count, previous, instalment.due));
    instalment.interest_ore = fee_loan ? 0 : period_interest_ore;
    instalment.principal_ore = PrincipalOf(t.amortisation, plan, k, instalment.interest_ore, remaining_ore);
    ASSIGN_OR_RETURN(instalment.fee_ore, FeeOf(t, k, remaining_ore, fee_loan ? period_interest_ore : 0));
    remaining_ore -= instalment.principal_ore;
    previous = instalment.due;
    if (plan.level && k > plan.grace_instalments && remaining_ore == 0) break;
  }
  if (remaining_ore != 0) {
    return Invalid("level_payment_ore", absl::StrCat(t.level_payment_ore),
                   absl::StrCat("does not repay principal_ore ", t.principal_ore, " within term_months ",
                                t.term_months, ": ", remaining_ore, " öre would remain"));
  }
  return schedule;
}

absl::StatusOr<std::vector<Instalment>> BuildBridge(const ScheduleTerms& t) {
  std::vector<Instalment> schedule;
  int64_t remaining_ore = t.principal_ore;
  absl::CivilDay previous = t.start;
  for (size_t i = 0; i < t.payouts.size(); ++i) {
    const Payout& payout = t.payouts[i];
    Instalment& instalment = schedule.emplace_back();
    instalment.number = static_cast<int>(i) + 1;
    instalment.due = payout.date;
    instalment.opening_principal_ore = remaining_ore;
    ASSIGN_OR_RETURN(instalment.interest_ore, PeriodInterest(remaining_ore, t.rate_bp, t.day_count, previous, payout.date));
    const bool last = i + 1 == t.payouts.size();
    instalment.principal_ore = last ? remaining_ore : std::min(payout.amount_ore, remaining_ore);
    instalment.fee_ore = i == 0 ? t.first_fee_ore : 0;
    remaining_ore -= instalment.principal_ore;
    previous = payout.date;
  }
  return schedule;
}

}  // namespace

int64_t Instalment::total_ore() const {
  int64_t total = 0;
  FONDBOK_CHECK(!__builtin_add_overflow(principal_ore, interest_ore, &total));
  FONDBOK_CHECK(!__builtin_add_overflow(total, fee_ore, &total));
  return total;
}

absl::StatusOr<std::vector<Instalment>> BuildSchedule(const ScheduleTerms& terms) {
  RETURN_IF_ERROR(ValidateAmounts(terms));
  const bool bridge = terms.amortisation == Amortisation::kBridge;
  RETURN_IF_ERROR(bridge ? ValidateBridge(terms) : ValidatePeriodic(terms));
  ASSIGN_OR_RETURN(std::vector<Instalment> schedule, bridge ? BuildBridge(terms) : BuildPeriodic(terms));
  // DESIGN.md §8: principal sums exactly to the credit, never negative; anything else corrupts the books.
  int64_t principal_sum_ore = 0;
  for (const Instalment& instalment : schedule) {
    FONDBOK_CHECK(instalment.principal_ore >= 0 && instalment.interest_ore >= 0 && instalment.fee_ore >= 0);
    principal_sum_ore += instalment.principal_ore;
  }
  FONDBOK_CHECK(!schedule.empty() && principal_sum_ore == terms.principal_ore);
  return schedule;
}

absl::CivilDay DueDate(absl::CivilDay start, int period_months, int payment_day, int k) {
  const absl::CivilMonth month = absl::CivilMonth(start) + int64_t{k} * period_months;
  return absl::CivilDay(month.year(), month.month(), payment_day);
}

int64_t DayCountDays(DayCount dc, absl::CivilDay from, absl::CivilDay to) {
  if (dc == DayCount::kActual365) return to - from;
  // 30E/360 (Eurobond basis): a 31st counts as the 30th on both ends; February is not adjusted.
  const int64_t from_day = std::min(from.day(), 30);
  const int64_t to_day = std::min(to.day(), 30);
  return 360 * (to.year() - from.year()) + 30 * (to.month() - from.month()) + (to_day - from_day);
}

absl::StatusOr<int64_t> PeriodInterest(int64_t principal_ore, int64_t rate_bp, DayCount dc, absl::CivilDay from,
                                       absl::CivilDay to) {
  if (principal_ore < 0) {
    return absl::InvalidArgumentError(absl::StrCat("interest: principal_ore ", principal_ore, " must not be negative"));
  }
  if (rate_bp < 0 || rate_bp > kRateMaxBp) {
    return absl::InvalidArgumentError(
        absl::StrCat("interest: rate_bp ", rate_bp, " is out of range: must be 0..", kRateMaxBp));
  }
  if (to < from || to - from > kInterestSpanMaxDays) {
    return absl::InvalidArgumentError(absl::StrCat("interest: period ", FormatDate(from), " to ", FormatDate(to),
                                                   " must run forward and span at most ", kInterestSpanMaxDays,
                                                   " days"));
  }
  const int64_t days = DayCountDays(dc, from, to);
  const int64_t year_days = dc == DayCount::kActual365 ? 365 : 360;
  // rate_bp · days <= 10^4 · 7.4·10^4: no overflow; the product with principal is taken in int128.
  return ledger::MultiplyRatioHalfEven(principal_ore, rate_bp * days, 10'000 * year_days);
}

absl::StatusOr<int64_t> AnnuityPayment(int64_t principal_ore, int64_t rate_bp, int period_months, int instalments) {
  RETURN_IF_ERROR(CheckRange("principal_ore", principal_ore, 0, kPrincipalMaxOre));
  RETURN_IF_ERROR(CheckRange("rate_bp", rate_bp, 0, kRateMaxBp));
  RETURN_IF_ERROR(CheckRange("period_months", period_months, 1, 12));
  RETURN_IF_ERROR(CheckRange("instalments", instalments, 1, kTermMaxMonths));
  if (rate_bp == 0) return RoundHalfEven(BigRational(principal_ore, instalments));
  // r = a/b, so P·r·(1+r)^n / ((1+r)^n − 1) = P·a·(a+b)^n / (b·((a+b)^n − b^n)).
  int64_t a = rate_bp * period_months;
  int64_t b = 120'000;
  const int64_t common = std::gcd(a, b);
  a /= common;
  b /= common;
  const unsigned n = static_cast<unsigned>(instalments);
  const BigInt growth = BigInt::Pow(a + b, n);
  const BigInt numerator = BigInt(principal_ore) * a * growth;
  const BigInt denominator = BigInt(b) * (growth - BigInt::Pow(b, n));
  return RoundHalfEven(BigRational(numerator, denominator));
}

}  // namespace fondbok::credits
