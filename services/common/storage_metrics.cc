#include "services/common/storage_metrics.h"

#include <string>
#include <utility>

namespace fondbok::services {
namespace {

prometheus::MetricFamily GaugeFamily(std::string name, std::string help) {
  prometheus::MetricFamily family;
  family.name = std::move(name);
  family.help = std::move(help);
  family.type = prometheus::MetricType::Gauge;
  return family;
}

void AddGauge(prometheus::MetricFamily& family, double value, std::vector<prometheus::ClientMetric::Label> labels = {}) {
  prometheus::ClientMetric metric;
  metric.label = std::move(labels);
  metric.gauge.value = value;
  family.metric.push_back(std::move(metric));
}

// A family of one unlabelled gauge.
prometheus::MetricFamily Gauge(std::string name, std::string help, double value) {
  prometheus::MetricFamily family = GaugeFamily(std::move(name), std::move(help));
  AddGauge(family, value);
  return family;
}

}  // namespace

std::vector<prometheus::MetricFamily> EngineFamilies(const ledger::EngineStats& stats) {
  auto d = [](uint64_t v) { return static_cast<double>(v); };
  std::vector<prometheus::MetricFamily> families = {
      Gauge("fondbok_rocksdb_pending_compaction_bytes", "Bytes RocksDB estimates its compactions still have to rewrite",
            d(stats.pending_compaction_bytes)),
      Gauge("fondbok_rocksdb_running_compactions", "Compactions running now", d(stats.running_compactions)),
      Gauge("fondbok_rocksdb_running_flushes", "Memtable flushes running now", d(stats.running_flushes)),
      Gauge("fondbok_rocksdb_memtable_bytes", "Memory of all memtables, active and waiting to flush",
            d(stats.memtable_bytes)),
      Gauge("fondbok_rocksdb_sst_bytes", "Bytes of all table files still referenced", d(stats.sst_bytes)),
      Gauge("fondbok_rocksdb_block_cache_bytes",
            "Bytes charged to RocksDB's one cache: blocks read, index and filter blocks, and the memtables",
            d(stats.block_cache_bytes)),
      Gauge("fondbok_rocksdb_memory_bytes_max", "Capacity of RocksDB's one cache (the memory it is given)",
            d(stats.memory_bytes_max)),
      Gauge("fondbok_rocksdb_table_readers_bytes", "Memory of open table files' readers held outside the cache",
            d(stats.table_readers_bytes)),
      Gauge("fondbok_rocksdb_delayed_write_rate_bytes",
            "Write rate RocksDB holds writes to while it slows them down (0: not slowed)",
            d(stats.delayed_write_rate)),
      Gauge("fondbok_rocksdb_writes_stopped", "1 while RocksDB stops writes until compaction catches up",
            stats.writes_stopped ? 1.0 : 0.0),
  };
  prometheus::MetricFamily level0 = GaugeFamily(
      "fondbok_rocksdb_level0_files", "Level-0 table files by column family (many slow reads, then stall writes)");
  for (const auto& [family, files] : stats.level0_files) AddGauge(level0, d(files), {{"family", family}});
  families.push_back(std::move(level0));
  return families;
}

std::vector<prometheus::MetricFamily> StorageMetrics::Collect() const {
  absl::StatusOr<ledger::EngineStats> stats = storage_->Stats();
  if (!stats.ok()) return {};
  return EngineFamilies(*stats);
}

}  // namespace fondbok::services
