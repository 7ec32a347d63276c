// Prometheus metrics of the server: requests and latencies per RPC, group-commit sizes, the time of
// each synced write and of each WAL fsync within it, and queue depth. Thread-safe.
#ifndef FONDBOK_SERVICES_COMMON_RPC_METRICS_H_
#define FONDBOK_SERVICES_COMMON_RPC_METRICS_H_

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include <grpcpp/support/status.h>
#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include "absl/time/time.h"
#include "ledger/sequencer.h"
#include "ledger/storage.h"

namespace fondbok::services {

class Metrics final : public ledger::SequencerObserver, public ledger::StorageObserver {
 public:
  Metrics();
  void ObserveRpc(const std::string& method, grpc::StatusCode code, absl::Duration latency);
  void OnGroupCommitted(size_t requests, size_t entries, absl::Duration write_time) override;
  void OnQueueDepth(size_t depth) override;
  void OnWalSync(absl::Duration duration) override;
  std::shared_ptr<prometheus::Registry> registry() const { return registry_; }

 private:
  std::shared_ptr<prometheus::Registry> registry_;
  prometheus::Family<prometheus::Counter>& requests_;
  prometheus::Family<prometheus::Histogram>& latency_;
  prometheus::Histogram& group_entries_;
  prometheus::Histogram& group_requests_;
  prometheus::Histogram& write_seconds_;
  prometheus::Histogram& wal_sync_seconds_;
  prometheus::Counter& entries_total_;
  prometheus::Gauge& queue_depth_;
  std::mutex mu_;
  std::map<std::pair<std::string, int>, prometheus::Counter*> counters_;
  std::map<std::string, prometheus::Histogram*> histograms_;
};

}  // namespace fondbok::services

#endif  // FONDBOK_SERVICES_COMMON_RPC_METRICS_H_
