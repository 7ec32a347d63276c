#include "services/common/rpc_metrics.h"

namespace fondbok::services {
namespace {

prometheus::Histogram::BucketBoundaries LatencyBuckets() {
  return {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5};
}

prometheus::Histogram::BucketBoundaries SyncBuckets() {
  return {0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1};
}

prometheus::Histogram::BucketBoundaries SizeBuckets() {
  return {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192};
}

}  // namespace

Metrics::Metrics()
    : registry_(std::make_shared<prometheus::Registry>()),
      requests_(prometheus::BuildCounter()
                    .Name("fondbok_rpc_requests_total")
                    .Help("RPCs answered, by method and gRPC status code")
                    .Register(*registry_)),
      latency_(prometheus::BuildHistogram()
                   .Name("fondbok_rpc_latency_seconds")
                   .Help("Time from receiving an RPC to answering it")
                   .Register(*registry_)),
      group_entries_(prometheus::BuildHistogram()
                         .Name("fondbok_group_commit_entries")
                         .Help("Journal entries per group commit")
                         .Register(*registry_)
                         .Add({}, SizeBuckets())),
      group_requests_(prometheus::BuildHistogram()
                          .Name("fondbok_group_commit_requests")
                          .Help("Write requests per group commit")
                          .Register(*registry_)
                          .Add({}, SizeBuckets())),
      write_seconds_(prometheus::BuildHistogram()
                         .Name("fondbok_journal_write_seconds")
                         .Help("Time of one synced RocksDB write of a group (WAL fsync included)")
                         .Register(*registry_)
                         .Add({}, LatencyBuckets())),
      wal_sync_seconds_(prometheus::BuildHistogram()
                            .Name("fondbok_wal_sync_seconds")
                            .Help("Time of one fsync (fdatasync) of RocksDB's write-ahead log")
                            .Register(*registry_)
                            .Add({}, SyncBuckets())),
      entries_total_(prometheus::BuildCounter()
                         .Name("fondbok_journal_entries_total")
                         .Help("Journal entries written since start")
                         .Register(*registry_)
                         .Add({})),
      queue_depth_(prometheus::BuildGauge()
                       .Name("fondbok_write_queue_depth")
                       .Help("Write requests waiting for the sequencer")
                       .Register(*registry_)
                       .Add({})) {}

void Metrics::ObserveRpc(const std::string& method, grpc::StatusCode code, absl::Duration latency) {
  prometheus::Counter* counter;
  prometheus::Histogram* histogram;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto& c = counters_[{method, static_cast<int>(code)}];
    if (c == nullptr) c = &requests_.Add({{"method", method}, {"code", std::to_string(static_cast<int>(code))}});
    auto& h = histograms_[method];
    if (h == nullptr) h = &latency_.Add({{"method", method}}, LatencyBuckets());
    counter = c;
    histogram = h;
  }
  counter->Increment();
  histogram->Observe(absl::ToDoubleSeconds(latency));
}

void Metrics::OnGroupCommitted(size_t requests, size_t entries, absl::Duration write_time) {
  group_entries_.Observe(static_cast<double>(entries));
  group_requests_.Observe(static_cast<double>(requests));
  write_seconds_.Observe(absl::ToDoubleSeconds(write_time));
  entries_total_.Increment(static_cast<double>(entries));
}

void Metrics::OnQueueDepth(size_t depth) { queue_depth_.Set(static_cast<double>(depth)); }

void Metrics::OnWalSync(absl::Duration duration) { wal_sync_seconds_.Observe(absl::ToDoubleSeconds(duration)); }

}  // namespace fondbok::services
