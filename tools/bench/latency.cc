#include "tools/bench/latency.h"

#include <algorithm>
#include <cmath>

#include "ledger/status_macros.h"

namespace fondbok::bench {

uint32_t NearestRankPercentile(const std::vector<uint32_t>& sorted_us, double percent) {
  FONDBOK_CHECK(!sorted_us.empty());
  FONDBOK_CHECK(percent > 0 && percent <= 100);
  const double n = static_cast<double>(sorted_us.size());
  // Rank 1..n; the epsilon keeps 99 % of 100 samples at rank 99, not 100, despite rounding.
  size_t rank = static_cast<size_t>(std::ceil(percent / 100.0 * n - 1e-9));
  rank = std::clamp<size_t>(rank, 1, sorted_us.size());
  return sorted_us[rank - 1];
}

LatencySummary SummarizeLatencies(std::vector<uint32_t>& samples_us) {
  LatencySummary summary;
  if (samples_us.empty()) return summary;
  std::sort(samples_us.begin(), samples_us.end());
  summary.samples = samples_us.size();
  summary.p50_us = NearestRankPercentile(samples_us, 50);
  summary.p99_us = NearestRankPercentile(samples_us, 99);
  summary.max_us = samples_us.back();
  return summary;
}

}  // namespace fondbok::bench
