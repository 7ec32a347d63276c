#include "ledger/state_cache.h"

#include <gtest/gtest.h>

namespace fondbok::ledger {
namespace {

std::vector<std::pair<std::string, std::string>> ScanAll(const KvReader& reader, absl::string_view start = "",
                                                         absl::string_view end = "", size_t limit = 100) {
  std::vector<std::pair<std::string, std::string>> out;
  EXPECT_TRUE(reader.Scan(Space::kViews, start, end, [&](absl::string_view k, absl::string_view v) {
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

}  // namespace
}  // namespace fondbok::ledger
