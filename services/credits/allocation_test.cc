#include "services/credits/allocation.h"

#include <cstdint>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "gtest/gtest.h"

namespace fondbok::credits {
namespace {

using absl::CivilDay;

constexpr CivilDay kJan(2024, 1, 25);
constexpr CivilDay kFeb(2024, 2, 25);

// Two instalments (fee 100, interest 1 000, principal 10 000 each) and a reminder fee on the first.
std::vector<Item> TwoInstalments() {
  std::vector<Item> items = {
      {kFeb, ItemKind::kPrincipal, 2, 10'000}, {kJan, ItemKind::kPrincipal, 1, 10'000},
      {kFeb, ItemKind::kInterest, 2, 1'000},   {kJan, ItemKind::kInterest, 1, 1'000},
      {kFeb, ItemKind::kFee, 2, 100},          {kJan, ItemKind::kFee, 1, 100},
      {kJan, ItemKind::kReminderFee, 1, 60},
  };
  OrderItems(items);
  return items;
}

TEST(OrderItems, OldestFirstThenFeesInterestPrincipal) {
  const std::vector<Item> expected = {
      {kJan, ItemKind::kReminderFee, 1, 60}, {kJan, ItemKind::kFee, 1, 100},     {kJan, ItemKind::kInterest, 1, 1'000},
      {kJan, ItemKind::kPrincipal, 1, 10'000}, {kFeb, ItemKind::kFee, 2, 100},   {kFeb, ItemKind::kInterest, 2, 1'000},
      {kFeb, ItemKind::kPrincipal, 2, 10'000},
  };
  EXPECT_EQ(TwoInstalments(), expected);
  EXPECT_TRUE(IsOrdered(expected));
}

TEST(OrderItems, StableForEqualKeysAndByInstalmentWithinKind) {
  std::vector<Item> items = {
      {kJan, ItemKind::kFee, 2, 1}, {kJan, ItemKind::kFee, 1, 2}, {kJan, ItemKind::kFee, 1, 3},
      {kJan, ItemKind::kLateInterest, 0, 4}, {kJan, ItemKind::kFee, 1, 5}, {kJan, ItemKind::kReminderFee, 3, 6},
  };
  OrderItems(items);
  std::vector<int64_t> amounts;
  for (const Item& item : items) amounts.push_back(item.amount_ore);
  EXPECT_EQ(amounts, (std::vector<int64_t>{6, 4, 2, 3, 5, 1}));

  // Many items with few distinct keys (beyond where a sort falls back to insertion sort): equal keys must
  // keep their input order, told apart by amount = input position.
  std::vector<Item> many;
  for (int i = 0; i < 300; ++i) {
    many.push_back({kJan + (i * 7) % 3, static_cast<ItemKind>((i * 5) % kItemKinds), (i * 11) % 2, i});
  }
  OrderItems(many);
  ASSERT_TRUE(IsOrdered(many));
  for (size_t i = 1; i < many.size(); ++i) {
    const Item& a = many[i - 1];
    const Item& b = many[i];
    if (a.due == b.due && a.kind == b.kind && a.instalment == b.instalment) {
      EXPECT_LT(a.amount_ore, b.amount_ore) << "equal keys swapped at " << i;
    }
  }
}

TEST(Allocate, FeesThenInterestThenPrincipalOldestFirst) {
  struct Case {
    int64_t paid_ore;
    std::vector<int64_t> paid_per_item;  // reminder, fee1, interest1, principal1, fee2, interest2, principal2
    int64_t by_kind[kItemKinds];
  };
  const Case cases[] = {
      {0, {0, 0, 0, 0, 0, 0, 0}, {0, 0, 0, 0, 0}},
      {50, {50, 0, 0, 0, 0, 0, 0}, {50, 0, 0, 0, 0}},
      {160, {60, 100, 0, 0, 0, 0, 0}, {60, 0, 100, 0, 0}},
      {700, {60, 100, 540, 0, 0, 0, 0}, {60, 0, 100, 540, 0}},
      {6'160, {60, 100, 1'000, 5'000, 0, 0, 0}, {60, 0, 100, 1'000, 5'000}},
      // Exactly the first instalment, then one öre more spills into the next instalment's fee.
      {11'160, {60, 100, 1'000, 10'000, 0, 0, 0}, {60, 0, 100, 1'000, 10'000}},
      {11'161, {60, 100, 1'000, 10'000, 1, 0, 0}, {60, 0, 101, 1'000, 10'000}},
      {12'000, {60, 100, 1'000, 10'000, 100, 740, 0}, {60, 0, 200, 1'740, 10'000}},
      {22'260, {60, 100, 1'000, 10'000, 100, 1'000, 10'000}, {60, 0, 200, 2'000, 20'000}},
  };
  const std::vector<Item> items = TwoInstalments();
  for (const Case& c : cases) {
    SCOPED_TRACE(c.paid_ore);
    auto waterfall = Allocate(items, c.paid_ore);
    ASSERT_TRUE(waterfall.ok()) << waterfall.status();
    EXPECT_EQ(waterfall->paid_ore, c.paid_per_item);
    for (int kind = 0; kind < kItemKinds; ++kind) EXPECT_EQ(waterfall->by_kind_ore[kind], c.by_kind[kind]) << kind;
    EXPECT_EQ(waterfall->outstanding_ore, 22'260 - c.paid_ore);
  }
}

TEST(Allocate, RefusesSurplusAndBadInput) {
  struct Case {
    const char* what;
    std::vector<Item> items;
    int64_t paid_ore;
    absl::StatusCode code;
    const char* message;
  };
  const Case cases[] = {
      {"surplus", TwoInstalments(), 22'261, absl::StatusCode::kFailedPrecondition,
       "payment of 22261 öre exceeds the total outstanding 22260 öre by a surplus of 1 öre"},
      {"nothing owed", {}, 1, absl::StatusCode::kFailedPrecondition, "surplus of 1 öre"},
      {"negative payment", TwoInstalments(), -1, absl::StatusCode::kInvalidArgument, "total_paid_ore -1"},
      {"not ordered", {{kFeb, ItemKind::kFee, 2, 1}, {kJan, ItemKind::kFee, 1, 1}}, 1,
       absl::StatusCode::kInvalidArgument, "item 1 (due 2024-01-25, instalment 1) sorts before item 0"},
      {"principal before fee", {{kJan, ItemKind::kPrincipal, 1, 1}, {kJan, ItemKind::kFee, 1, 1}}, 1,
       absl::StatusCode::kInvalidArgument, "call OrderItems first"},
      {"negative item", {{kJan, ItemKind::kFee, 1, -5}}, 0, absl::StatusCode::kInvalidArgument, "amount_ore -5"},
      {"unknown kind", {{kJan, static_cast<ItemKind>(7), 1, 5}}, 0, absl::StatusCode::kInvalidArgument, "kind 7"},
      {"overflow", {{kJan, ItemKind::kFee, 1, INT64_MAX}, {kJan, ItemKind::kFee, 1, 1}}, 0,
       absl::StatusCode::kOutOfRange, "overflow"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    auto waterfall = Allocate(c.items, c.paid_ore);
    ASSERT_EQ(waterfall.status().code(), c.code) << waterfall.status();
    EXPECT_NE(waterfall.status().message().find(c.message), absl::string_view::npos) << waterfall.status();
  }
  EXPECT_EQ(Allocate(std::vector<Item>(kItemsMax + 1), 0).status().code(), absl::StatusCode::kInvalidArgument);
}

// Random items and payments: the waterfall pays a prefix in full, at most one item in part, nothing after.
TEST(Allocate, RandomWaterfallInvariants) {
  const uint64_t seed = std::random_device{}();
  std::cout << "Allocate.RandomWaterfallInvariants seed " << seed << "\n";
  SCOPED_TRACE("seed " + std::to_string(seed));
  std::mt19937_64 random(seed);
  for (int round = 0; round < 500; ++round) {
    std::vector<Item> items(random() % 30);
    int64_t sum = 0;
    for (Item& item : items) {
      item.due = kJan + static_cast<int>(random() % 400);
      item.kind = static_cast<ItemKind>(random() % kItemKinds);
      item.instalment = static_cast<int>(random() % 12);
      item.amount_ore = static_cast<int64_t>(random() % 3 == 0 ? 0 : random() % 100'000);
      sum += item.amount_ore;
    }
    OrderItems(items);
    ASSERT_TRUE(IsOrdered(items));
    const int64_t paid = sum == 0 ? 0 : static_cast<int64_t>(random() % static_cast<uint64_t>(sum + 1));
    auto waterfall = Allocate(items, paid);
    ASSERT_TRUE(waterfall.ok()) << waterfall.status();
    int64_t allocated = 0, by_kind_sum = 0;
    bool short_seen = false;
    for (size_t i = 0; i < items.size(); ++i) {
      const int64_t got = waterfall->paid_ore[i];
      ASSERT_GE(got, 0);
      ASSERT_LE(got, items[i].amount_ore);
      if (short_seen) {
        ASSERT_EQ(got, 0) << "item " << i << " paid although an older one is not";
      }
      if (got < items[i].amount_ore) short_seen = true;
      allocated += got;
    }
    for (int64_t k : waterfall->by_kind_ore) by_kind_sum += k;
    ASSERT_EQ(allocated, paid);
    ASSERT_EQ(by_kind_sum, paid);
    ASSERT_EQ(waterfall->outstanding_ore, sum - paid);
    ASSERT_EQ(Allocate(items, sum + 1).status().code(), absl::StatusCode::kFailedPrecondition);
  }
}

TEST(ItemsFromSchedule, OneItemPerNonZeroPart) {
  const std::vector<Instalment> schedule = {
      {1, kJan, 1'000, 0, 10, 5},
      {2, kFeb, 1'000, 1'000, 10, 0},
  };
  const std::vector<Item> expected = {
      {kJan, ItemKind::kFee, 1, 5}, {kJan, ItemKind::kInterest, 1, 10},
      {kFeb, ItemKind::kInterest, 2, 10}, {kFeb, ItemKind::kPrincipal, 2, 1'000},
  };
  EXPECT_EQ(ItemsFromSchedule(schedule), expected);
}

}  // namespace
}  // namespace fondbok::credits
