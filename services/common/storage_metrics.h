// Prometheus gauges of the storage engine (compaction debt, write stalls, memtables, level-0 files),
// read from RocksDB when /metrics is scraped, so that they cost nothing between scrapes.
#ifndef FONDBOK_SERVICES_COMMON_STORAGE_METRICS_H_
#define FONDBOK_SERVICES_COMMON_STORAGE_METRICS_H_

#include <vector>

#include <prometheus/collectable.h>
#include <prometheus/metric_family.h>

#include "ledger/storage.h"

namespace fondbok::services {

// The families for `stats` (pure: what a scrape shows for these numbers).
std::vector<prometheus::MetricFamily> EngineFamilies(const ledger::EngineStats& stats);

class StorageMetrics final : public prometheus::Collectable {
 public:
  // `storage` must outlive every scrape: unregister (destroy the exposer) before closing it.
  explicit StorageMetrics(const ledger::Storage* storage) : storage_(storage) {}
  // Nothing while the database is closed (between a failed write and its reopen).
  std::vector<prometheus::MetricFamily> Collect() const override;

 private:
  const ledger::Storage* storage_;
};

}  // namespace fondbok::services

#endif  // FONDBOK_SERVICES_COMMON_STORAGE_METRICS_H_
