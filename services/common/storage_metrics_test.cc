#include "services/common/storage_metrics.h"

#include <map>
#include <string>

#include <gtest/gtest.h>

namespace fondbok::services {
namespace {

TEST(EngineFamilies, OneGaugePerNumberAndLevel0ByFamily) {
  ledger::EngineStats stats;
  stats.pending_compaction_bytes = 1'000'000;
  stats.running_compactions = 1;
  stats.running_flushes = 2;
  stats.memtable_bytes = 64 << 20;
  stats.sst_bytes = 5'000'000'000;
  stats.block_cache_bytes = 123;
  stats.memory_bytes_max = 256 << 20;
  stats.table_readers_bytes = 4567;
  stats.delayed_write_rate = 16 << 20;
  stats.writes_stopped = true;
  stats.level0_files = {{"journal", 3}, {"index", 7}};

  std::map<std::string, double> plain;
  std::map<std::string, double> level0;
  for (const prometheus::MetricFamily& family : EngineFamilies(stats)) {
    EXPECT_EQ(family.type, prometheus::MetricType::Gauge) << family.name;
    EXPECT_FALSE(family.help.empty()) << family.name;
    if (family.name == "fondbok_rocksdb_level0_files") {
      for (const auto& metric : family.metric) {
        ASSERT_EQ(metric.label.size(), 1u);
        EXPECT_EQ(metric.label[0].name, "family");
        level0[metric.label[0].value] = metric.gauge.value;
      }
      continue;
    }
    ASSERT_EQ(family.metric.size(), 1u) << family.name;
    EXPECT_TRUE(family.metric[0].label.empty()) << family.name;
    plain[family.name] = family.metric[0].gauge.value;
  }
  const std::map<std::string, double> want = {
      {"fondbok_rocksdb_pending_compaction_bytes", 1e6}, {"fondbok_rocksdb_running_compactions", 1},
      {"fondbok_rocksdb_running_flushes", 2},            {"fondbok_rocksdb_memtable_bytes", 64 << 20},
      {"fondbok_rocksdb_sst_bytes", 5e9},                {"fondbok_rocksdb_block_cache_bytes", 123},
      {"fondbok_rocksdb_delayed_write_rate_bytes", 16 << 20}, {"fondbok_rocksdb_writes_stopped", 1},
      {"fondbok_rocksdb_memory_bytes_max", 256 << 20},    {"fondbok_rocksdb_table_readers_bytes", 4567},
  };
  EXPECT_EQ(plain, want);
  EXPECT_EQ(level0, (std::map<std::string, double>{{"journal", 3}, {"index", 7}}));
}

TEST(EngineFamilies, WritesNotStoppedIsZero) {
  for (const prometheus::MetricFamily& family : EngineFamilies(ledger::EngineStats())) {
    if (family.name == "fondbok_rocksdb_writes_stopped") {
      EXPECT_EQ(family.metric[0].gauge.value, 0);
    }
    if (family.name == "fondbok_rocksdb_level0_files") {
      EXPECT_TRUE(family.metric.empty());
    }
  }
}

}  // namespace
}  // namespace fondbok::services
