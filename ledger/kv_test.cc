#include "ledger/kv.h"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "fondbok/v1/ledger.pb.h"
#include "ledger/storage.h"
#include "ledger/testing.h"

namespace fondbok::ledger {
namespace {

using Rows = std::vector<std::pair<std::string, std::string>>;

Rows ScanRange(const MemoryKv& kv, Space space, absl::string_view start, absl::string_view end, size_t limit = SIZE_MAX) {
  Rows out;
  EXPECT_TRUE(kv.Scan(space, start, end, [&](absl::string_view k, absl::string_view v) {
                  out.emplace_back(std::string(k), std::string(v));
                  return out.size() < limit;
                }).ok());
  return out;
}

// PeekLast's answer as a row, or nullopt for an empty range.
std::optional<std::pair<std::string, std::string>> Last(const KvReader& kv, Space space, absl::string_view start,
                                                        absl::string_view end) {
  std::optional<std::pair<std::string, std::string>> out;
  absl::StatusOr<bool> found = kv.PeekLast(space, start, end, [&](absl::string_view k, absl::string_view v) {
    out.emplace(std::string(k), std::string(v));
    return false;
  });
  EXPECT_TRUE(found.ok()) << found.status();
  EXPECT_EQ(found.value_or(false), out.has_value());
  return out;
}

std::optional<std::pair<std::string, std::string>> ModelLast(const std::map<std::string, std::string>& model,
                                                             const std::string& start, const std::string& end) {
  auto it = end.empty() ? model.end() : model.lower_bound(end);
  if (it == model.begin() || (--it)->first < start) return std::nullopt;
  return *it;
}

// A reader with only Get and Scan: PeekLast is KvReader's default.
class ScanOnly final : public KvReader {
 public:
  explicit ScanOnly(const KvReader& inner) : inner_(inner) {}
  absl::StatusOr<std::optional<std::string>> Get(Space space, absl::string_view key) const override {
    return inner_.Get(space, key);
  }
  absl::Status Scan(Space space, absl::string_view start, absl::string_view end,
                    const ScanVisitor& visit) const override {
    return inner_.Scan(space, start, end, visit);
  }

 private:
  const KvReader& inner_;
};

Rows ModelRange(const std::map<std::string, std::string>& model, const std::string& start, const std::string& end,
                size_t limit = SIZE_MAX) {
  Rows out;
  for (auto it = model.lower_bound(start); it != model.end() && out.size() < limit; ++it) {
    if (!end.empty() && it->first >= end) break;
    out.emplace_back(it->first, it->second);
  }
  return out;
}

TEST(MemoryKvTest, DeletedKeysAreGoneFromGetsAndScansAndComeBackWhenPutAgain) {
  MemoryKv kv;
  kv.Put(Space::kViews, "b", "2");
  kv.Put(Space::kViews, "a", "1");
  EXPECT_EQ(ScanRange(kv, Space::kViews, "", ""), (Rows{{"a", "1"}, {"b", "2"}}));
  kv.Delete(Space::kViews, "a");
  kv.Delete(Space::kViews, "never");
  EXPECT_FALSE(kv.Get(Space::kViews, "a")->has_value());
  EXPECT_EQ(kv.Find(Space::kViews, "a"), nullptr);
  EXPECT_EQ(kv.Size(Space::kViews), 1u);
  EXPECT_EQ(ScanRange(kv, Space::kViews, "", ""), (Rows{{"b", "2"}}));
  kv.Put(Space::kViews, "a", "again");
  EXPECT_EQ(**kv.Get(Space::kViews, "a"), "again");
  EXPECT_EQ(ScanRange(kv, Space::kViews, "", ""), (Rows{{"a", "again"}, {"b", "2"}}));
  EXPECT_EQ(kv.Size(Space::kViews), 2u);
  EXPECT_EQ(kv.Size(Space::kIndex), 0u) << "the spaces are apart";
}

TEST(MemoryKvTest, CopiesAreDeepAndContentsIsSorted) {
  MemoryKv kv;
  kv.Put(Space::kIndex, "z", "26");
  kv.Put(Space::kIndex, "m", "13");
  kv.Delete(Space::kIndex, "m");
  MemoryKv copy = kv;
  kv.Put(Space::kIndex, "a", "1");
  EXPECT_EQ(copy.Contents(Space::kIndex), (std::map<std::string, std::string>{{"z", "26"}}));
  EXPECT_EQ(kv.Contents(Space::kIndex), (std::map<std::string, std::string>{{"a", "1"}, {"z", "26"}}));
}

// Random puts, deletes and re-puts with scans in between (so the lazily built order is merged many
// times) against std::map as the model; keys share long prefixes, as history rows do.
TEST(MemoryKvTest, BehavesLikeAnOrderedMapUnderRandomWritesAndScans) {
  std::mt19937 random(20261123);
  MemoryKv kv;
  std::map<std::string, std::string> model;
  auto key = [&]() {
    std::string k = "h/account-" + std::to_string(random() % 7);
    k.push_back('\0');
    k += std::to_string(random() % 300);
    return k;
  };
  for (int step = 0; step < 20000; ++step) {
    const unsigned action = random() % 10;
    if (action < 6) {
      const std::string k = key();
      const std::string v = std::to_string(step);
      kv.Put(Space::kIndex, k, v);
      model[k] = v;
    } else if (action < 8) {
      const std::string k = key();
      kv.Delete(Space::kIndex, k);
      model.erase(k);
    } else if (action < 9) {
      std::string start = key(), end = key();
      if (end < start) std::swap(start, end);
      if (random() % 4 == 0) end.clear();
      const size_t limit = 1 + random() % 50;
      ASSERT_EQ(ScanRange(kv, Space::kIndex, start, end, limit), ModelRange(model, start, end, limit)) << step;
      ASSERT_EQ(Last(kv, Space::kIndex, start, end), ModelLast(model, start, end)) << step;
      ASSERT_EQ(Last(ScanOnly(kv), Space::kIndex, start, end), ModelLast(model, start, end)) << step;
    } else {
      const std::string k = key();
      auto it = model.find(k);
      auto got = kv.Get(Space::kIndex, k);
      ASSERT_TRUE(got.ok());
      ASSERT_EQ(got->has_value(), it != model.end()) << step;
      if (it != model.end()) {
        ASSERT_EQ(**got, it->second) << step;
      }
    }
    ASSERT_EQ(kv.Size(Space::kIndex), model.size()) << step;
  }
  EXPECT_EQ(kv.Contents(Space::kIndex), model);
  size_t visited = 0;
  kv.ForEachUnordered(Space::kIndex, [&](absl::string_view k, absl::string_view v) {
    auto it = model.find(std::string(k));
    EXPECT_TRUE(it != model.end() && it->second == v);
    ++visited;
    return true;
  });
  EXPECT_EQ(visited, model.size());
}

TEST(MemoryKvTest, PeekLastSkipsDeletedKeysAndStaysInsideTheRange) {
  MemoryKv kv;
  for (const char* key : {"a", "b", "c", "d"}) kv.Put(Space::kIndex, key, key);
  kv.Delete(Space::kIndex, "c");
  kv.Delete(Space::kIndex, "d");
  using Row = std::optional<std::pair<std::string, std::string>>;
  EXPECT_EQ(Last(kv, Space::kIndex, "", ""), (Row{{"b", "b"}}));
  EXPECT_EQ(Last(kv, Space::kIndex, "a", "b"), (Row{{"a", "a"}})) << "the end is exclusive";
  EXPECT_EQ(Last(kv, Space::kIndex, "c", ""), Row()) << "only deleted keys from c on";
  EXPECT_EQ(Last(kv, Space::kIndex, "a0", "b"), Row());
  EXPECT_EQ(Last(kv, Space::kViews, "", ""), Row()) << "the spaces are apart";
}

// ScanProto decodes each value of the range in key order, stops when told, and names the key of a
// value that does not decode (escaped: keys may hold binary seqs) without visiting anything after it.
TEST(ScanProtoTest, DecodesInKeyOrderStopsWhenToldAndNamesWhatDoesNotDecode) {
  MemoryKv kv;
  for (uint32_t seq : {3u, 1u, 2u}) {
    v1::HistoryRow row;
    row.set_seq(seq);
    kv.Put(Space::kIndex, absl::StrCat("h/a/", seq), row.SerializeAsString());
  }
  kv.Put(Space::kIndex, "h/b", "row");  // outside the range below
  std::vector<std::pair<std::string, uint64_t>> seen;
  auto collect = [&](size_t stop_after) {
    seen.clear();
    return ScanProto<v1::HistoryRow>(kv, Space::kIndex, "h/a/", "h/a0", "history row",
                                     [&](absl::string_view key, v1::HistoryRow& row) {
                                       seen.emplace_back(std::string(key), row.seq());
                                       return seen.size() < stop_after;
                                     });
  };
  ASSERT_TRUE(collect(10).ok());
  EXPECT_EQ(seen, (std::vector<std::pair<std::string, uint64_t>>{{"h/a/1", 1}, {"h/a/2", 2}, {"h/a/3", 3}}));
  ASSERT_TRUE(collect(2).ok());
  EXPECT_EQ(seen.size(), 2u) << "false stops the scan";

  kv.Put(Space::kIndex, std::string("h/a/2\0\x01", 7), "\xff\xff not a message");
  absl::Status damaged = collect(10);
  EXPECT_EQ(damaged.code(), absl::StatusCode::kDataLoss) << damaged;
  EXPECT_EQ(damaged.message(), "the history row stored under \"h/a/2\\x00\\x01\" does not decode");
  EXPECT_EQ(seen, (std::vector<std::pair<std::string, uint64_t>>{{"h/a/1", 1}, {"h/a/2", 2}}))
      << "nothing after the damaged value is visited";
}

// RocksDB's backward seek (a snapshot, and a write batch reading through its own writes) against
// std::map, with keys that share long prefixes and rows deleted in the database and in the batch.
TEST(StoragePeekLastTest, SeeksBackwardsLikeTheModel) {
  testutil::ScopedTempDir dir;
  auto storage = Storage::Open(dir.Sub("db"), StorageOptions{});
  ASSERT_TRUE(storage.ok()) << storage.status();
  std::mt19937 random(20261124);
  std::map<std::string, std::string> model;
  auto key = [&]() {
    std::string k = "h/acct-" + std::to_string(random() % 5);
    k.push_back('\0');
    k += std::to_string(100 + random() % 100);
    return k;
  };
  auto write = [&](KvStore& store, int rows) {
    for (int i = 0; i < rows; ++i) {
      const std::string k = key();
      if (random() % 4 == 0) {
        store.Delete(Space::kIndex, k);
        model.erase(k);
      } else {
        store.Put(Space::kIndex, k, std::to_string(i));
        model[k] = std::to_string(i);
      }
    }
  };
  auto check = [&](const KvReader& reader, const char* what) {
    for (int i = 0; i < 300; ++i) {
      std::string start = key(), end = key();
      if (end < start) std::swap(start, end);
      if (i % 5 == 0) end.clear();
      if (i % 7 == 0) end = PrefixEnd(start.substr(0, start.find('\0') + 1));
      ASSERT_EQ(Last(reader, Space::kIndex, start, end), ModelLast(model, start, end)) << what << " " << i;
    }
  };
  {
    auto txn = (*storage)->NewWriteTxn();
    write(*txn, 400);
    ASSERT_TRUE((*storage)->Commit(*txn, true).ok());
  }
  check(*(*storage)->NewSnapshot(), "snapshot");
  auto txn = (*storage)->NewWriteTxn(/*indexed=*/true);
  write(*txn, 100);
  const StorageReader& batch = *txn;
  check(batch, "write batch");
  // The derived space is not stored: writes vanish, reads find nothing.
  txn->Put(Space::kDerived, "ledger/acct/x", "row");
  EXPECT_FALSE(txn->Get(Space::kDerived, "ledger/acct/x")->has_value());
  EXPECT_EQ(Last(batch, Space::kDerived, "", ""), std::nullopt);
  ASSERT_TRUE((*storage)->Commit(*txn, true).ok());
  EXPECT_FALSE((*storage)->NewSnapshot()->Get(Space::kDerived, "ledger/acct/x")->has_value());
  check(*(*storage)->NewSnapshot(), "snapshot after the batch");
}

}  // namespace
}  // namespace fondbok::ledger
