// Arrears and late-payment interest "as of a date", computed from the owed items and the dated payments
// alone — never stored by a nightly job — so a backdated payment changes every as-of figure after its
// value date (DESIGN.md §3 backdating, §8 arrears).
//
// Payments are applied by the waterfall of allocation.h: allocating the sum of the payments up to a date
// front to back over the ordered items is the same as applying each payment on its value date, because
// the item order does not depend on the date. Pure functions: thread-safe, no I/O.
#ifndef FONDBOK_SERVICES_CREDITS_ARREARS_H_
#define FONDBOK_SERVICES_CREDITS_ARREARS_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "services/credits/allocation.h"

namespace fondbok::credits {

struct DatedPayment {
  absl::CivilDay value_date;
  int64_t amount_ore = 0;  // >= 0
};

struct ArrearsAsOf {
  int64_t due_ore = 0;                    // items due on or before as_of
  int64_t paid_ore = 0;                   // payments with value_date <= as_of
  int64_t overdue_ore = 0;                // due and unpaid, items whose due date < as_of
  int64_t overdue_principal_ore = 0;
  int64_t outstanding_principal_ore = 0;  // principal of all items minus principal allocated (as of)
  int days_past_due = 0;  // as_of − due date of the oldest item not fully paid that is due before as_of; 0 if none
  int bucket = 0;         // 0 current, 1: 1–30, 2: 31–60, 3: 61–90, 4: 90+ (see ArrearsBucket)
};

// 0 for days_past_due <= 0, 1 for 1–30, 2 for 31–60, 3 for 61–90, 4 beyond 90 (DESIGN.md §8).
int ArrearsBucket(int days_past_due);

// The arrears of one credit as of `as_of`. Payments may come in any order; every payment with
// value_date <= as_of counts, including prepayments of items not yet due.
// INVALID_ARGUMENT: items as Allocate requires (ordered, amounts >= 0, at most kItemsMax), more than
// kItemsMax payments, a payment amount < 0, or any date outside the years 1900..9999.
// FAILED_PRECONDITION when the payments up to as_of exceed the sum of the items (a surplus).
absl::StatusOr<ArrearsAsOf> ArrearsAsOfDate(const std::vector<Item>& ordered, const std::vector<DatedPayment>& payments,
                                            absl::CivilDay as_of);

// Late-payment interest (räntelagen 6 §: reference rate + 8 pp, given here as one rate_bp, 0..kRateMaxBp)
// on overdue principal and interest items (not on fees or on late interest itself), actual/365, day by
// day from each item's due date while unpaid, payments applied by the waterfall on their value dates,
// up to as_of (exclusive), accumulated exactly and rounded half-to-even once.
//
// Day D (due <= D < as_of) costs unpaid(D)·rate_bp / (10 000·365), where unpaid(D) is what the waterfall
// of all payments with value_date <= D leaves of the item: a payment on the due date itself is in time.
// Errors as ArrearsAsOfDate, plus INVALID_ARGUMENT for a rate outside 0..kRateMaxBp; FAILED_PRECONDITION
// when the payments before as_of exceed the sum of the items.
absl::StatusOr<int64_t> LateInterest(const std::vector<Item>& ordered, const std::vector<DatedPayment>& payments,
                                     absl::CivilDay as_of, int64_t rate_bp);

}  // namespace fondbok::credits

#endif  // FONDBOK_SERVICES_CREDITS_ARREARS_H_
