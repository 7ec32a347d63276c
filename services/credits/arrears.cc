#include "services/credits/arrears.h"

#include <algorithm>
#include <limits>
#include <string>

#include "absl/numeric/int128.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "ledger/date.h"
#include "ledger/money.h"
#include "ledger/status_macros.h"
#include "services/credits/schedule.h"

namespace fondbok::credits {
namespace {

// The years ParseDate accepts; keeps day spans (and so the exact sums below) bounded.
bool InYears(absl::CivilDay day) { return day.year() >= 1900 && day.year() <= 9999; }

absl::Status ValidateDay(absl::string_view what, absl::CivilDay day) {
  if (InYears(day)) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat("arrears: ", what, " ", ledger::FormatDate(day), " is outside the years 1900..9999"));
}

// Validates items, payments and as_of; returns the sum of the items.
absl::StatusOr<int64_t> ValidateInputs(const std::vector<Item>& ordered, const std::vector<DatedPayment>& payments,
                                       absl::CivilDay as_of) {
  ASSIGN_OR_RETURN(const int64_t items_sum_ore, ValidateItems(ordered));
  RETURN_IF_ERROR(ValidateDay("as_of", as_of));
  // The messages are built only for a failing date (this runs for every credit of a portfolio).
  for (size_t i = 0; i < ordered.size(); ++i) {
    if (!InYears(ordered[i].due)) return ValidateDay(absl::StrCat("item ", i, " due"), ordered[i].due);
  }
  if (payments.size() > kItemsMax) {
    return absl::InvalidArgumentError(
        absl::StrCat("arrears: ", payments.size(), " payments is more than the ", kItemsMax, " allowed"));
  }
  for (size_t i = 0; i < payments.size(); ++i) {
    if (!InYears(payments[i].value_date)) {
      return ValidateDay(absl::StrCat("payment ", i, " value_date"), payments[i].value_date);
    }
    if (payments[i].amount_ore < 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("arrears: payment ", i, " amount_ore ", payments[i].amount_ore, " must not be negative"));
    }
  }
  return items_sum_ore;
}

// Sum of the payments with value_date <= last_day, overflow-checked.
absl::StatusOr<int64_t> PaidThrough(const std::vector<DatedPayment>& payments, absl::CivilDay last_day) {
  int64_t paid_ore = 0;
  for (const DatedPayment& payment : payments) {
    if (payment.value_date <= last_day) {
      ASSIGN_OR_RETURN(paid_ore, ledger::AddOre(paid_ore, payment.amount_ore));
    }
  }
  return paid_ore;
}

bool BearsLateInterest(const Item& item) {
  return item.kind == ItemKind::kPrincipal || item.kind == ItemKind::kInterest;
}

// What the waterfall leaves unpaid of the late-interest-bearing items due on or before a day, in
// O(log items) from prefix sums: allocation front to back pays a prefix of the items in full, then
// at most one item in part.
class UnpaidBase {
 public:
  explicit UnpaidBase(const std::vector<Item>& ordered) : ordered_(ordered) {
    all_.push_back(0);
    bearing_.push_back(0);
    for (const Item& item : ordered) {
      all_.push_back(all_.back() + item.amount_ore);  // bounded by the validated, checked sum
      bearing_.push_back(bearing_.back() + (BearsLateInterest(item) ? item.amount_ore : 0));
    }
  }

  // REQUIRES: 0 <= paid_ore <= sum of the items.
  int64_t Of(absl::CivilDay day, int64_t paid_ore) const {
    const size_t due_count = static_cast<size_t>(
        std::upper_bound(ordered_.begin(), ordered_.end(), day,
                         [](absl::CivilDay d, const Item& item) { return d < item.due; }) -
        ordered_.begin());
    const size_t fully_paid = static_cast<size_t>(std::upper_bound(all_.begin(), all_.end(), paid_ore) - all_.begin()) - 1;
    const size_t paid_within = std::min(fully_paid, due_count);
    int64_t paid_bearing_ore = bearing_[paid_within];
    if (fully_paid < due_count && BearsLateInterest(ordered_[fully_paid])) {
      paid_bearing_ore += paid_ore - all_[fully_paid];
    }
    return bearing_[due_count] - paid_bearing_ore;
  }

 private:
  const std::vector<Item>& ordered_;
  std::vector<int64_t> all_;      // all_[i]: sum of items before i
  std::vector<int64_t> bearing_;  // bearing_[i]: sum of late-interest-bearing items before i
};

// numerator / denominator rounded half to even. REQUIRES: numerator >= 0, denominator > 0.
absl::StatusOr<int64_t> RoundHalfEven128(absl::uint128 numerator, absl::uint128 denominator) {
  absl::uint128 quotient = numerator / denominator;
  const absl::uint128 twice_remainder = (numerator % denominator) * 2;
  if (twice_remainder > denominator || (twice_remainder == denominator && (quotient & 1) != 0)) ++quotient;
  if (quotient > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
    return absl::OutOfRangeError("late interest does not fit in int64 öre");
  }
  return static_cast<int64_t>(absl::Uint128Low64(quotient));
}

}  // namespace

int ArrearsBucket(int days_past_due) {
  if (days_past_due <= 0) return 0;
  if (days_past_due <= 30) return 1;
  if (days_past_due <= 60) return 2;
  if (days_past_due <= 90) return 3;
  return 4;
}

absl::StatusOr<ArrearsAsOf> ArrearsAsOfDate(const std::vector<Item>& ordered, const std::vector<DatedPayment>& payments,
                                            absl::CivilDay as_of) {
  ASSIGN_OR_RETURN(const int64_t items_sum_ore, ValidateInputs(ordered, payments, as_of));
  ArrearsAsOf arrears;
  ASSIGN_OR_RETURN(arrears.paid_ore, PaidThrough(payments, as_of));
  if (arrears.paid_ore > items_sum_ore) {
    // What Allocate says of a surplus (this is its waterfall, inlined: the items are validated).
    return absl::FailedPreconditionError(absl::StrCat("allocation: payment of ", arrears.paid_ore,
                                                      " öre exceeds the total outstanding ", items_sum_ore,
                                                      " öre by a surplus of ", arrears.paid_ore - items_sum_ore, " öre"));
  }
  int64_t left_ore = arrears.paid_ore;  // front to back: each item in full before the next
  bool found_oldest = false;
  for (size_t i = 0; i < ordered.size(); ++i) {
    const Item& item = ordered[i];
    const int64_t paid_ore = std::min(left_ore, item.amount_ore);
    left_ore -= paid_ore;
    const int64_t unpaid_ore = item.amount_ore - paid_ore;
    const bool principal = item.kind == ItemKind::kPrincipal;
    // Sums stay below the items' checked sum: no overflow.
    if (principal) arrears.outstanding_principal_ore += unpaid_ore;
    if (item.due <= as_of) arrears.due_ore += item.amount_ore;
    if (item.due >= as_of) continue;
    arrears.overdue_ore += unpaid_ore;
    if (principal) arrears.overdue_principal_ore += unpaid_ore;
    // Items are ordered by due date, so the first unpaid one is the oldest.
    if (unpaid_ore > 0 && !found_oldest) {
      found_oldest = true;
      arrears.days_past_due = static_cast<int>(as_of - item.due);
    }
  }
  arrears.bucket = ArrearsBucket(arrears.days_past_due);
  return arrears;
}

absl::StatusOr<int64_t> LateInterest(const std::vector<Item>& ordered, const std::vector<DatedPayment>& payments,
                                     absl::CivilDay as_of, int64_t rate_bp) {
  ASSIGN_OR_RETURN(const int64_t items_sum_ore, ValidateInputs(ordered, payments, as_of));
  if (rate_bp < 0 || rate_bp > kRateMaxBp) {
    return absl::InvalidArgumentError(
        absl::StrCat("late interest: rate_bp ", rate_bp, " is out of range: must be 0..", kRateMaxBp));
  }
  ASSIGN_OR_RETURN(const int64_t paid_before_ore, PaidThrough(payments, as_of - 1));
  if (paid_before_ore > items_sum_ore) {
    return absl::FailedPreconditionError(absl::StrCat("late interest: payments of ", paid_before_ore,
                                                      " öre exceed the items' total ", items_sum_ore,
                                                      " öre by a surplus of ", paid_before_ore - items_sum_ore, " öre"));
  }
  // The unpaid base only changes on a due date or a payment's value date: sum it per segment between them.
  std::vector<absl::CivilDay> changes;
  for (const Item& item : ordered) {
    if (BearsLateInterest(item) && item.amount_ore > 0 && item.due < as_of) changes.push_back(item.due);
  }
  if (changes.empty()) return 0;
  const absl::CivilDay first = *std::min_element(changes.begin(), changes.end());
  for (const DatedPayment& payment : payments) {
    if (payment.value_date > first && payment.value_date < as_of) changes.push_back(payment.value_date);
  }
  std::sort(changes.begin(), changes.end());
  changes.erase(std::unique(changes.begin(), changes.end()), changes.end());
  std::vector<DatedPayment> by_date = payments;
  std::sort(by_date.begin(), by_date.end(),
            [](const DatedPayment& a, const DatedPayment& b) { return a.value_date < b.value_date; });
  const UnpaidBase base(ordered);
  absl::uint128 ore_days = 0;  // < 2^63 · 3·10^6 days: fits
  int64_t paid_ore = 0;        // payments with value_date <= changes[j]; at most paid_before_ore
  size_t next_payment = 0;
  for (size_t j = 0; j < changes.size(); ++j) {
    const absl::CivilDay segment_end = j + 1 < changes.size() ? changes[j + 1] : as_of;
    for (; next_payment < by_date.size() && by_date[next_payment].value_date <= changes[j]; ++next_payment) {
      paid_ore += by_date[next_payment].amount_ore;
    }
    const int64_t unpaid_ore = base.Of(changes[j], paid_ore);
    ore_days += absl::uint128(static_cast<uint64_t>(unpaid_ore)) * static_cast<uint64_t>(segment_end - changes[j]);
  }
  return RoundHalfEven128(ore_days * static_cast<uint64_t>(rate_bp), absl::uint128(10'000 * 365));
}

}  // namespace fondbok::credits
