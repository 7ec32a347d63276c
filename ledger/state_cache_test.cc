#include "ledger/state_cache.h"

#include <algorithm>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

namespace fondbok::ledger {
namespace {

std::vector<std::pair<std::string, std::string>> ScanAll(const KvReader& reader, absl::string_view start = "",
                                                         absl::string_view end = "", size_t limit = 100,
                                                         Space space = Space::kViews) {
  std::vector<std::pair<std::string, std::string>> out;
  EXPECT_TRUE(reader.Scan(space, start, end, [&](absl::string_view k, absl::string_view v) {
                      out.emplace_back(std::string(k), std::string(v));
                      return out.size() < limit;
                    }).ok());
  return out;
}

class StateCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    base_.Put(Space::kViews, "a", "1");
    base_.Put(Space::kViews, "c", "3");
    base_.Put(Space::kViews, "e", "5");
    cache_.BeginGroup(&base_);
  }
  MemoryKv base_;
  StateCache cache_;
};

TEST_F(StateCacheTest, ReadsThroughAndWritesBackOncePerKey) {
  EXPECT_EQ(**cache_.Get(Space::kViews, "a"), "1");
  EXPECT_FALSE(cache_.Get(Space::kViews, "b")->has_value());
  for (int i = 0; i < 100; ++i) cache_.Put(Space::kViews, "hot", std::to_string(i));
  cache_.Delete(Space::kViews, "c");
  EXPECT_EQ(cache_.dirty(), 2u);
  EXPECT_FALSE(base_.Get(Space::kViews, "hot")->has_value()) << "nothing reaches the base before the flush";
  MemoryKv out = base_;
  cache_.FlushDirty(out);
  EXPECT_EQ(cache_.dirty(), 0u);
  EXPECT_EQ(**out.Get(Space::kViews, "hot"), "99");
  EXPECT_FALSE(out.Get(Space::kViews, "c")->has_value());
  // Clean keys stay cached for the next group.
  base_.Put(Space::kViews, "a", "changed behind the cache's back");
  cache_.BeginGroup(&base_);
  EXPECT_EQ(**cache_.Get(Space::kViews, "a"), "1");
  cache_.Clear();
  cache_.BeginGroup(&base_);
  EXPECT_EQ(**cache_.Get(Space::kViews, "a"), "changed behind the cache's back");
}

TEST_F(StateCacheTest, ScanMergesDirtyKeysInOrder) {
  cache_.Put(Space::kViews, "b", "2");
  cache_.Put(Space::kViews, "c", "3'");
  cache_.Delete(Space::kViews, "e");
  cache_.Put(Space::kViews, "f", "6");
  (void)cache_.Get(Space::kViews, "a");  // clean: served from the base either way
  std::vector<std::pair<std::string, std::string>> expected = {{"a", "1"}, {"b", "2"}, {"c", "3'"}, {"f", "6"}};
  EXPECT_EQ(ScanAll(cache_), expected);
  expected = {{"b", "2"}, {"c", "3'"}};
  EXPECT_EQ(ScanAll(cache_, "b", "d"), expected);
  expected = {{"a", "1"}, {"b", "2"}};
  EXPECT_EQ(ScanAll(cache_, "", "", 2), expected);
  expected = {{"f", "6"}};
  EXPECT_EQ(ScanAll(cache_, "d"), expected);
}

TEST_F(StateCacheTest, SavePointsUndoWritesInOrder) {
  cache_.Put(Space::kViews, "a", "kept");
  cache_.SetSavePoint();
  cache_.Put(Space::kViews, "a", "x");
  cache_.Put(Space::kViews, "a", "y");
  cache_.Put(Space::kViews, "new", "z");
  cache_.Delete(Space::kViews, "c");
  cache_.RollbackToSavePoint();
  EXPECT_EQ(**cache_.Get(Space::kViews, "a"), "kept");
  EXPECT_FALSE(cache_.Get(Space::kViews, "new")->has_value());
  EXPECT_EQ(**cache_.Get(Space::kViews, "c"), "3");
  EXPECT_EQ(cache_.dirty(), 1u);

  cache_.SetSavePoint();
  cache_.Put(Space::kViews, "b", "committed");
  cache_.PopSavePoint();
  EXPECT_EQ(cache_.dirty(), 2u);
  MemoryKv out;
  cache_.FlushDirty(out);
  EXPECT_EQ(**out.Get(Space::kViews, "b"), "committed");
  EXPECT_EQ(**out.Get(Space::kViews, "a"), "kept");
}

TEST_F(StateCacheTest, IndexWritesAreReadBackRolledBackAndFlushedLastWriteWins) {
  base_.Put(Space::kIndex, "h/a", "base");
  cache_.Put(Space::kIndex, "h/b", "1");
  cache_.Put(Space::kIndex, "h/b", "2");
  cache_.Delete(Space::kIndex, "h/a");
  EXPECT_EQ(**cache_.Get(Space::kIndex, "h/b"), "2");
  EXPECT_FALSE(cache_.Get(Space::kIndex, "h/a")->has_value()) << "deleted in this group";
  cache_.SetSavePoint();
  cache_.Put(Space::kIndex, "h/b", "3");
  cache_.Put(Space::kIndex, "h/c", "x");
  EXPECT_EQ(**cache_.Get(Space::kIndex, "h/b"), "3");
  cache_.RollbackToSavePoint();
  EXPECT_EQ(**cache_.Get(Space::kIndex, "h/b"), "2");
  EXPECT_FALSE(cache_.Get(Space::kIndex, "h/c")->has_value());
  std::vector<std::pair<std::string, std::string>> expected = {{"h/b", "2"}};
  EXPECT_EQ(ScanAll(cache_, "", "", 100, Space::kIndex), expected);
  MemoryKv out = base_;
  cache_.FlushDirty(out);
  EXPECT_EQ(out.Contents(Space::kIndex), (std::map<std::string, std::string>{{"h/b", "2"}}));
  EXPECT_EQ(cache_.dirty(), 0u);
}

TEST_F(StateCacheTest, ManyWritesToOneKeyInASavePointUndoToTheValueBeforeIt) {
  cache_.Put(Space::kViews, "hot", "0");
  cache_.SetSavePoint();
  for (int i = 1; i <= 1000; ++i) cache_.Put(Space::kViews, "hot", std::to_string(i));
  cache_.SetSavePoint();
  cache_.Put(Space::kViews, "hot", "inner");
  cache_.PopSavePoint();
  cache_.Put(Space::kViews, "hot", "after inner");
  cache_.RollbackToSavePoint();
  EXPECT_EQ(**cache_.Get(Space::kViews, "hot"), "0");
  EXPECT_EQ(cache_.dirty(), 1u);
}

// Random reads, writes, deletes, scans, last-key seeks and nested save points on all three spaces,
// against a plain map that is copied at each save point; every few steps the group is flushed into
// the base (derived values stay in the cache only, and vanish when it is cleared).
TEST(StateCacheModelTest, AgreesWithAPlainMapUnderRandomOperations) {
  const unsigned seed = std::random_device{}();
  SCOPED_TRACE(testing::Message() << "seed " << seed);
  std::mt19937 rng(seed);
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  using Model = std::map<std::string, std::string>;
  MemoryKv base;
  StateCache cache;
  Model model[kSpaces];
  std::vector<std::vector<Model>> saved;
  int barriers = 0;
  cache.SetBaseBarrier([&] { ++barriers; });
  cache.BeginGroup(&base);
  for (int step = 0; step < 20000; ++step) {
    const Space space = static_cast<Space>(pick(kSpaces));
    Model& m = model[static_cast<int>(space)];
    const std::string key = std::string(1, static_cast<char>('a' + pick(12)));
    const int op = pick(100);
    if (op < 30) {
      const std::string value = std::to_string(step);
      cache.Put(space, key, value);
      m[key] = value;
    } else if (op < 42) {
      cache.Delete(space, key);
      m.erase(key);
    } else if (op < 70) {
      auto got = cache.Get(space, key);
      ASSERT_TRUE(got.ok());
      auto want = m.find(key);
      ASSERT_EQ(got->has_value(), want != m.end()) << "step " << step << " key " << key;
      if (want != m.end()) {
        ASSERT_EQ(**got, want->second) << "step " << step;
      }
    } else if (op < 80) {
      const std::string start = std::string(1, static_cast<char>('a' + pick(12)));
      const std::string end = pick(3) == 0 ? "" : std::string(1, static_cast<char>(start[0] + 1 + pick(5)));
      std::vector<std::pair<std::string, std::string>> want;
      for (auto it = m.lower_bound(start); it != m.end() && (end.empty() || it->first < end); ++it) {
        want.emplace_back(*it);
      }
      ASSERT_EQ(ScanAll(cache, start, end, 100, space), want) << "step " << step;
      std::optional<std::pair<std::string, std::string>> last;
      auto found = cache.PeekLast(space, start, end, [&](absl::string_view k, absl::string_view v) {
        last.emplace(std::string(k), std::string(v));
        return false;
      });
      ASSERT_TRUE(found.ok());
      ASSERT_EQ(*found, !want.empty()) << "step " << step;
      if (!want.empty()) {
        ASSERT_EQ(*last, want.back()) << "step " << step;
      }
    } else if (op < 86) {
      cache.SetSavePoint();
      saved.emplace_back(model, model + kSpaces);
    } else if (op < 92) {
      if (saved.empty()) continue;
      cache.RollbackToSavePoint();
      std::copy(saved.back().begin(), saved.back().end(), model);
      saved.pop_back();
    } else if (op < 97) {
      if (saved.empty()) continue;
      cache.PopSavePoint();
      saved.pop_back();
    } else {
      while (!saved.empty()) {
        cache.PopSavePoint();
        saved.pop_back();
      }
      cache.FlushDirty(base);
      ASSERT_EQ(base.Contents(Space::kViews), model[0]) << "step " << step;
      ASSERT_EQ(base.Contents(Space::kIndex), model[1]) << "step " << step;
      ASSERT_EQ(base.Size(Space::kDerived), 0u) << "derived values are never flushed";
      if (pick(4) == 0) {
        cache.Clear();
        model[2].clear();
      }
      cache.BeginGroup(&base);
    }
  }
  EXPECT_GT(barriers, 0) << "index reads wait for earlier flushes";
}

TEST_F(StateCacheTest, DerivedValuesLiveAcrossGroupsInMemoryOnly) {
  cache_.Put(Space::kDerived, "ledger/acct/a", "row 1");
  cache_.SetSavePoint();
  cache_.Put(Space::kDerived, "ledger/acct/a", "row 2");
  cache_.Put(Space::kDerived, "ledger/acct/b", "row 1");
  cache_.RollbackToSavePoint();
  EXPECT_EQ(**cache_.Get(Space::kDerived, "ledger/acct/a"), "row 1");
  EXPECT_FALSE(cache_.Get(Space::kDerived, "ledger/acct/b")->has_value()) << "rolled back";
  EXPECT_EQ(cache_.dirty(), 0u) << "nothing to write";
  MemoryKv out = base_;
  cache_.FlushDirty(out);
  EXPECT_EQ(out.Size(Space::kDerived), 0u);
  cache_.BeginGroup(&base_);
  EXPECT_EQ(**cache_.Get(Space::kDerived, "ledger/acct/a"), "row 1") << "kept for the next group";
  cache_.Clear();
  cache_.BeginGroup(&base_);
  EXPECT_FALSE(cache_.Get(Space::kDerived, "ledger/acct/a")->has_value()) << "forgotten: readers derive it again";
}

TEST_F(StateCacheTest, PeekLastOnTheIndexSeesThisGroupsWritesOverTheBase) {
  base_.Put(Space::kIndex, "h/a\x01", "base 1");
  base_.Put(Space::kIndex, "h/a\x03", "base 3");
  base_.Put(Space::kIndex, "h/b\x01", "base b");
  using Row = std::optional<std::pair<std::string, std::string>>;
  auto last = [&](absl::string_view start, absl::string_view end) {
    Row row;
    EXPECT_TRUE(cache_.PeekLast(Space::kIndex, start, end, [&](absl::string_view k, absl::string_view v) {
                        row.emplace(std::string(k), std::string(v));
                        return false;
                      }).ok());
    return row;
  };
  EXPECT_EQ(last("h/a", "h/b"), (Row{{"h/a\x03", "base 3"}}));
  cache_.Put(Space::kIndex, "h/a\x02", "mine 2");
  EXPECT_EQ(last("h/a", "h/b"), (Row{{"h/a\x03", "base 3"}})) << "the base's key is later";
  cache_.Put(Space::kIndex, "h/a\x04", "mine 4");
  EXPECT_EQ(last("h/a", "h/b"), (Row{{"h/a\x04", "mine 4"}}));
  cache_.Put(Space::kIndex, "h/a\x03", "mine 3");
  EXPECT_EQ(last("h/a", "h/a\x04"), (Row{{"h/a\x03", "mine 3"}})) << "an overwrite of the base's key";
  cache_.Delete(Space::kIndex, "h/a\x04");
  EXPECT_EQ(last("h/a", "h/b"), (Row{{"h/a\x03", "mine 3"}})) << "a delete uncovers the key before";
  cache_.Delete(Space::kIndex, "h/a\x03");
  EXPECT_EQ(last("h/a", "h/b"), (Row{{"h/a\x02", "mine 2"}}));
  EXPECT_EQ(last("h/c", ""), Row());
}

}  // namespace
}  // namespace fondbok::ledger
