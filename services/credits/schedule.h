// Repayment schedules of credits (lån) to the öre: annuity, straight-line, bullet, bridge loans against
// granted public funding, and interest-free loans with a loan fee (DESIGN.md §8).
//
// Pure functions of their arguments: thread-safe, no I/O. Money is int64 öre, rates are integer basis
// points; annuity factors are computed exactly with big rationals (never floating point), and every
// rounding is half-to-even to the öre. Principal always sums exactly to the credit; the remainder of any
// split goes to the last instalment.
#ifndef FONDBOK_SERVICES_CREDITS_SCHEDULE_H_
#define FONDBOK_SERVICES_CREDITS_SCHEDULE_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"

namespace fondbok::credits {

// Bounds on terms (anything beyond is INVALID_ARGUMENT).
inline constexpr int64_t kPrincipalMaxOre = 10'000'000'000'000;  // 100 000 000 000 kr
inline constexpr int64_t kRateMaxBp = 10'000;                    // 100 % a year
inline constexpr int kTermMaxMonths = 600;
inline constexpr int kPayoutsMax = 60;
// Longest span PeriodInterest accepts between its two dates (two centuries).
inline constexpr int64_t kInterestSpanMaxDays = 73'050;

enum class Amortisation { kAnnuity, kStraightLine, kBullet, kBridge, kInterestFreeWithFee };
enum class DayCount { k30E360, kActual365 };

struct Payout {  // bridge: an expected payout of the granted public funding
  absl::CivilDay date;
  int64_t amount_ore = 0;
};

struct ScheduleTerms {
  Amortisation amortisation = Amortisation::kAnnuity;
  // 1..kPrincipalMaxOre: what is repaid over this schedule.
  int64_t principal_ore = 0;
  // Interest runs from here (disbursement, or the restructuring date). Years 1900..9899.
  absl::CivilDay start;
  // Total months incl. grace, period_months..kTermMaxMonths, a multiple of period_months. Not used by
  // bridge loans. With level_payment_ore > 0 it is the longest the schedule may run.
  int term_months = 0;
  // 1 monthly, 3 quarterly (DESIGN.md §8 allows no other). Not used by bridge loans.
  int period_months = 1;
  // 1..28: day of month instalments fall due. Not used by bridge loans.
  int payment_day = 25;
  // The first grace_months/period_months instalments pay interest (and fees) only. A multiple of
  // period_months, below term_months. Must be 0 for bridge loans.
  int grace_months = 0;
  // Yearly rate, 0..kRateMaxBp. For kInterestFreeWithFee it is the yearly LOAN FEE on the current debt,
  // booked as fee (interest stays 0).
  int64_t rate_bp = 0;
  DayCount day_count = DayCount::k30E360;
  // 0..kPrincipalMaxOre, e.g. an arrangement fee, added to instalment 1's fee.
  int64_t first_fee_ore = 0;
  // 0..kPrincipalMaxOre, added to the fee of the first instalment of every loan year after the first
  // (instalments 1+12/period, 1+24/period, …). Must be 0 for bridge loans (their instalments follow
  // payouts, not loan years).
  int64_t yearly_fee_fixed_ore = 0;
  // 0..kRateMaxBp of the opening principal of that instalment, half-to-even (summed with the fixed fee).
  // Must be 0 for bridge loans.
  int64_t yearly_fee_bp = 0;
  // 0: derive. >0 (at most kPrincipalMaxOre): annuity = fixed instalment total (principal+interest),
  // straight-line and interest-free-with-fee = fixed principal per instalment; the number of instalments
  // follows (the last one takes the remainder), and must fit in term_months — used for "shorter term"
  // early repayment. An annuity level payment must exceed each instalment's interest. Must be 0 for
  // bullet and bridge loans.
  int64_t level_payment_ore = 0;
  // kBridge only (empty otherwise): 1..kPayoutsMax payouts, strictly increasing dates all after start and
  // within kTermMaxMonths of it, each amount > 0 and at most kPrincipalMaxOre, sum >= principal.
  std::vector<Payout> payouts;
  // Periodic products only. Unset: instalment k falls due DueDate(start, period, payment_day, k).
  // Set: the schedule continues an existing rhythm (a tranche or a rescheduling dated between two
  // due dates): instalment k falls due on payment_day of the month first_due + (k−1)·period_months.
  // REQUIRES: start < first_due ≤ DueDate(start, period, payment_day, 1), first_due.day() == payment_day.
  std::optional<absl::CivilDay> first_due;
};

struct Instalment {
  int number = 0;  // 1-based
  absl::CivilDay due;
  int64_t opening_principal_ore = 0;
  int64_t principal_ore = 0;
  int64_t interest_ore = 0;
  int64_t fee_ore = 0;
  // principal + interest + fee. Cannot overflow for instalments from BuildSchedule (its bounds keep each
  // part below 2^50); checked anyway (FONDBOK_CHECK).
  int64_t total_ore() const;
  friend bool operator==(const Instalment&, const Instalment&) = default;
};

// Validates terms (INVALID_ARGUMENT naming the field, its value and the rule) and builds the schedule.
//
// Interest of instalment k = PeriodInterest(opening principal, rate, day count, previous due date (or
// start), due date). Principal by product:
//  - annuity: level payment A = AnnuityPayment(principal, rate, period, n) with n the instalments after
//    grace; principal_k = A − interest_k, kept within 0..remaining (an irregular first period may cost
//    more interest than A); the last instalment takes the remaining principal. Rate 0: SplitEvenly.
//  - straight-line and interest-free-with-fee: SplitEvenly over the instalments after grace.
//  - bullet: everything in the last instalment; interest every period.
//  - bridge: one instalment per payout date, principal_k = min(payout_k, remaining), the last payout
//    takes whatever remains; interest from the previous payout date (or start).
// Interest-free-with-fee: interest 0 and fee_k = the PeriodInterest-like loan fee at rate_bp on the
// opening principal, plus the other fees. Grace instalments have principal 0.
// The result is never empty and its principal sums exactly to terms.principal_ore.
absl::StatusOr<std::vector<Instalment>> BuildSchedule(const ScheduleTerms& terms);

// The k-th due date: the payment_day of the month start + k·period_months (k = 0: start's own month).
// REQUIRES: 1 <= payment_day <= 28, k >= 0.
absl::CivilDay DueDate(absl::CivilDay start, int period_months, int payment_day, int k);

// Days between two dates by the day count: 30E/360 (both day-of-month 31 → 30, no February rule) or
// actual. REQUIRES: from <= to.
int64_t DayCountDays(DayCount dc, absl::CivilDay from, absl::CivilDay to);

// Interest for `principal` between two dates at rate_bp, half-to-even:
// principal·rate_bp·days / (10 000·360) for 30E/360, principal·rate_bp·days / (10 000·365) for actual/365.
// INVALID_ARGUMENT for principal < 0, rate outside 0..kRateMaxBp, to < from, or a span over
// kInterestSpanMaxDays; OUT_OF_RANGE when the result does not fit int64.
absl::StatusOr<int64_t> PeriodInterest(int64_t principal_ore, int64_t rate_bp, DayCount dc, absl::CivilDay from,
                                       absl::CivilDay to);

// The annuity level payment round_half_even(P·r·(1+r)^n / ((1+r)^n − 1)) with
// r = rate_bp·period_months/120 000, computed exactly; for rate 0 it is round_half_even(P/n).
// INVALID_ARGUMENT for principal outside 0..kPrincipalMaxOre, rate outside 0..kRateMaxBp,
// period_months outside 1..12, or instalments outside 1..kTermMaxMonths.
absl::StatusOr<int64_t> AnnuityPayment(int64_t principal_ore, int64_t rate_bp, int period_months, int instalments);

}  // namespace fondbok::credits

#endif  // FONDBOK_SERVICES_CREDITS_SCHEDULE_H_
