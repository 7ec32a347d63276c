// Who gets a payment: fees → interest → principal, oldest due first (DESIGN.md §8).
//
// An Item is one amount a borrower owes on a due date (an instalment's fee, interest or principal, a
// reminder fee, booked late-payment interest). Pure functions: thread-safe, no I/O.
#ifndef FONDBOK_SERVICES_CREDITS_ALLOCATION_H_
#define FONDBOK_SERVICES_CREDITS_ALLOCATION_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "services/credits/schedule.h"

namespace fondbok::credits {

// The order of the enumerators is the allocation rank within one due date.
enum class ItemKind { kReminderFee = 0, kLateInterest = 1, kFee = 2, kInterest = 3, kPrincipal = 4 };
inline constexpr int kItemKinds = 5;
// Bound on the items (and on the payments) one call accepts; beyond is INVALID_ARGUMENT.
inline constexpr size_t kItemsMax = 20'000;

struct Item {
  absl::CivilDay due;
  ItemKind kind = ItemKind::kPrincipal;
  int instalment = 0;
  int64_t amount_ore = 0;  // >= 0
  friend bool operator==(const Item&, const Item&) = default;
};

// Sorts by (due, kind rank in enum order, instalment). Stable and total: items with equal keys keep
// their input order.
void OrderItems(std::vector<Item>& items);

// True when `items` is in OrderItems order.
bool IsOrdered(const std::vector<Item>& items);

// The fee, interest and principal items of a schedule (amounts of 0 left out), already ordered.
std::vector<Item> ItemsFromSchedule(const std::vector<Instalment>& schedule);

struct Waterfall {
  std::vector<int64_t> paid_ore;  // per item of the ordered input
  int64_t by_kind_ore[kItemKinds] = {};  // total allocated per ItemKind (index = enum value)
  int64_t outstanding_ore = 0;    // sum of items − allocated
};

// Allocates `total_paid_ore` over ordered items, front to back: each item is paid in full before the
// next gets anything, so an overpayment spills into the next instalment.
// REQUIRES: total_paid <= sum(items), else FAILED_PRECONDITION naming the surplus.
// INVALID_ARGUMENT when items are not ordered (see OrderItems), more than kItemsMax, have an amount < 0
// or an unknown kind, or total_paid_ore < 0; OUT_OF_RANGE when the items' sum overflows int64.
absl::StatusOr<Waterfall> Allocate(const std::vector<Item>& ordered, int64_t total_paid_ore);

// Checks what Allocate requires of the items (order, count, amounts, kinds) and returns their sum.
absl::StatusOr<int64_t> ValidateItems(const std::vector<Item>& ordered);

}  // namespace fondbok::credits

#endif  // FONDBOK_SERVICES_CREDITS_ALLOCATION_H_
