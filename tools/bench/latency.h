// Exact latency percentiles from every sample of a run.
#ifndef FONDBOK_TOOLS_BENCH_LATENCY_H_
#define FONDBOK_TOOLS_BENCH_LATENCY_H_

#include <cstdint>
#include <vector>

namespace fondbok::bench {

struct LatencySummary {
  uint64_t samples = 0;
  uint32_t p50_us = 0;
  uint32_t p99_us = 0;
  uint32_t max_us = 0;
};

// The nearest-rank percentile of sorted samples: the smallest sample that at least `percent` % of
// all samples do not exceed. REQUIRES: `sorted_us` ascending and not empty; 0 < percent <= 100.
uint32_t NearestRankPercentile(const std::vector<uint32_t>& sorted_us, double percent);

// Sorts `samples_us` in place and summarises them; all zero when there are none.
LatencySummary SummarizeLatencies(std::vector<uint32_t>& samples_us);

}  // namespace fondbok::bench

#endif  // FONDBOK_TOOLS_BENCH_LATENCY_H_
