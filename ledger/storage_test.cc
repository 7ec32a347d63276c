// Storage::Stats: the engine's gauges read from a real RocksDB.
#include <gtest/gtest.h>

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

}  // namespace
}  // namespace fondbok::ledger
