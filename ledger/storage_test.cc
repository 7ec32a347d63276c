// Storage::Stats: the engine's gauges read from a real RocksDB; the memory budget.
#include <algorithm>

#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"

#include "ledger/storage.h"
#include "ledger/testing.h"

namespace fondbok::ledger {
namespace {

TEST(StorageStatsTest, ReportsTheEngineAndEveryFamilysLevel0) {
  testutil::ScopedTempDir dir;
  auto storage = Storage::Open(dir.path(), StorageOptions());
  ASSERT_TRUE(storage.ok()) << storage.status();
  auto txn = (*storage)->NewWriteTxn(/*indexed=*/false);
  txn->AppendJournal(1, std::string(4096, 'x'));
  ASSERT_TRUE((*storage)->Commit(*txn, /*sync=*/true).ok());

  absl::StatusOr<EngineStats> stats = (*storage)->Stats();
  ASSERT_TRUE(stats.ok()) << stats.status();
  EXPECT_GT(stats->memtable_bytes, 4096u);  // the entry is in the journal's memtable
  EXPECT_FALSE(stats->writes_stopped);
  EXPECT_EQ(stats->delayed_write_rate, 0u);
  std::vector<std::string> families;
  for (const auto& [family, files] : stats->level0_files) {
    families.push_back(family);
    EXPECT_EQ(files, 0u) << family;  // nothing flushed yet
  }
  EXPECT_EQ(families, (std::vector<std::string>{"journal", "idempotency", "views", "index", "meta"}));

  ASSERT_TRUE((*storage)->Close().ok());
  EXPECT_EQ((*storage)->Stats().status().code(), absl::StatusCode::kUnavailable);
}

TEST(StorageStatsTest, CountsLevel0FilesAfterAFlush) {
  testutil::ScopedTempDir dir;
  {
    auto storage = Storage::Open(dir.path(), StorageOptions());
    ASSERT_TRUE(storage.ok()) << storage.status();
    auto txn = (*storage)->NewWriteTxn(/*indexed=*/false);
    txn->AppendJournal(1, "entry");
    ASSERT_TRUE((*storage)->Commit(*txn, /*sync=*/true).ok());
    ASSERT_TRUE((*storage)->Close().ok());  // flushes every family's memtable
  }
  auto storage = Storage::Open(dir.path(), StorageOptions());
  ASSERT_TRUE(storage.ok()) << storage.status();
  absl::StatusOr<EngineStats> stats = (*storage)->Stats();
  ASSERT_TRUE(stats.ok()) << stats.status();
  ASSERT_FALSE(stats->level0_files.empty());
  EXPECT_EQ(stats->level0_files.front().first, "journal");
  EXPECT_EQ(stats->level0_files.front().second, 1u);
  EXPECT_GT(stats->sst_bytes, 0u);
}

// StorageOptions::memory_bytes bounds RocksDB's memory: the memtables of every family together are
// flushed once they hold half of it, although each family's own memtable could grow to 64 MiB; what
// they hold is charged to the one cache of that size.
TEST(StorageMemoryTest, MemtablesOfAllFamiliesAreFlushedAtHalfTheBudget) {
  testutil::ScopedTempDir dir;
  StorageOptions options;
  options.memory_bytes = size_t{32} << 20;
  auto storage = Storage::Open(dir.path(), options);
  ASSERT_TRUE(storage.ok()) << storage.status();

  // 48 MiB into each of the journal and the index, in synced groups of 1 MiB as the sequencer
  // writes them. Neither family reaches its own 64 MiB, so only the budget makes them flush.
  const std::string value(1024, 'v');
  uint64_t seq = 0;
  uint64_t memtable_bytes_max = 0;
  for (int group = 0; group < 96; ++group) {
    auto txn = (*storage)->NewWriteTxn(/*indexed=*/false);
    for (int i = 0; i < 512; ++i) {
      ++seq;
      txn->AppendJournal(seq, value);
      txn->Put(Space::kIndex, absl::StrCat("h/test/", seq), value);
    }
    ASSERT_TRUE((*storage)->Commit(*txn, /*sync=*/true).ok());
    absl::StatusOr<EngineStats> stats = (*storage)->Stats();
    ASSERT_TRUE(stats.ok()) << stats.status();
    memtable_bytes_max = std::max(memtable_bytes_max, stats->memtable_bytes);
    EXPECT_EQ(stats->memory_bytes_max, options.memory_bytes);
  }
  // Flushed at half the budget (16 MiB); writes go on while a flush runs, so they peak a little
  // above it (17-20 MiB measured) and stay under the whole budget. Without the manager they would
  // hold all 96 MiB.
  EXPECT_LT(memtable_bytes_max, options.memory_bytes);
  absl::StatusOr<EngineStats> stats = (*storage)->Stats();
  ASSERT_TRUE(stats.ok()) << stats.status();
  EXPECT_GT(stats->sst_bytes, uint64_t{64} << 20);  // flushed on the way, not held in memory
}

}  // namespace
}  // namespace fondbok::ledger
