#include "services/credits/allocation.h"

#include <algorithm>
#include <tuple>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "ledger/date.h"
#include "ledger/money.h"
#include "ledger/status_macros.h"

namespace fondbok::credits {
namespace {

auto SortKey(const Item& item) { return std::make_tuple(item.due, static_cast<int>(item.kind), item.instalment); }

bool KnownKind(ItemKind kind) {
  const int rank = static_cast<int>(kind);
  return rank >= 0 && rank < kItemKinds;
}

}  // namespace

void OrderItems(std::vector<Item>& items) {
  std::stable_sort(items.begin(), items.end(),
                   [](const Item& a, const Item& b) { return SortKey(a) < SortKey(b); });
}

bool IsOrdered(const std::vector<Item>& items) {
  return std::is_sorted(items.begin(), items.end(),
                        [](const Item& a, const Item& b) { return SortKey(a) < SortKey(b); });
}

std::vector<Item> ItemsFromSchedule(const std::vector<Instalment>& schedule) {
  std::vector<Item> items;
  for (const Instalment& instalment : schedule) {
    const Item parts[] = {{instalment.due, ItemKind::kFee, instalment.number, instalment.fee_ore},
                          {instalment.due, ItemKind::kInterest, instalment.number, instalment.interest_ore},
                          {instalment.due, ItemKind::kPrincipal, instalment.number, instalment.principal_ore}};
    for (const Item& item : parts) {
      if (item.amount_ore != 0) items.push_back(item);
    }
  }
  OrderItems(items);
  return items;
}

absl::StatusOr<int64_t> ValidateItems(const std::vector<Item>& ordered) {
  if (ordered.size() > kItemsMax) {
    return absl::InvalidArgumentError(
        absl::StrCat("allocation: ", ordered.size(), " items is more than the ", kItemsMax, " allowed"));
  }
  int64_t sum_ore = 0;
  for (size_t i = 0; i < ordered.size(); ++i) {
    const Item& item = ordered[i];
    if (!KnownKind(item.kind) || item.amount_ore < 0) {
      return absl::InvalidArgumentError(absl::StrCat("allocation: item ", i, " (instalment ", item.instalment,
                                                     ", kind ", static_cast<int>(item.kind), ", amount_ore ",
                                                     item.amount_ore, ") needs a known kind and an amount >= 0"));
    }
    if (i > 0 && SortKey(item) < SortKey(ordered[i - 1])) {
      return absl::InvalidArgumentError(absl::StrCat(
          "allocation: items are not ordered: item ", i, " (due ", ledger::FormatDate(item.due), ", instalment ",
          item.instalment, ") sorts before item ", i - 1, " (due ", ledger::FormatDate(ordered[i - 1].due),
          ", instalment ", ordered[i - 1].instalment, "); call OrderItems first"));
    }
    ASSIGN_OR_RETURN(sum_ore, ledger::AddOre(sum_ore, item.amount_ore));
  }
  return sum_ore;
}

absl::StatusOr<Waterfall> Allocate(const std::vector<Item>& ordered, int64_t total_paid_ore) {
  if (total_paid_ore < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("allocation: total_paid_ore ", total_paid_ore, " must not be negative"));
  }
  ASSIGN_OR_RETURN(const int64_t sum_ore, ValidateItems(ordered));
  if (total_paid_ore > sum_ore) {
    // DESIGN.md §8: overpayment above the total outstanding is refused, not kept as credit.
    return absl::FailedPreconditionError(absl::StrCat("allocation: payment of ", total_paid_ore,
                                                      " öre exceeds the total outstanding ", sum_ore, " öre by a surplus of ",
                                                      total_paid_ore - sum_ore, " öre"));
  }
  Waterfall waterfall;
  waterfall.paid_ore.reserve(ordered.size());
  int64_t left_ore = total_paid_ore;
  for (const Item& item : ordered) {
    const int64_t paid_ore = std::min(left_ore, item.amount_ore);
    waterfall.paid_ore.push_back(paid_ore);
    waterfall.by_kind_ore[static_cast<int>(item.kind)] += paid_ore;
    left_ore -= paid_ore;
  }
  FONDBOK_CHECK(left_ore == 0);
  waterfall.outstanding_ore = sum_ore - total_paid_ore;
  return waterfall;
}

}  // namespace fondbok::credits
