#include "tools/bench/latency.h"

#include <gtest/gtest.h>

namespace fondbok::bench {
namespace {

TEST(NearestRankPercentile, Table) {
  std::vector<uint32_t> hundred;
  for (uint32_t i = 1; i <= 100; ++i) hundred.push_back(i);
  struct Case {
    std::vector<uint32_t> sorted;
    double percent;
    uint32_t want;
  };
  const Case cases[] = {
      {{7}, 50, 7},          {{7}, 99, 7},         {{1, 2}, 50, 1},      {{1, 2}, 99, 2},
      {{1, 2, 3}, 50, 2},    {{1, 2, 3, 4}, 50, 2}, {hundred, 50, 50},   {hundred, 99, 99},
      {hundred, 100, 100},   {hundred, 1, 1},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(NearestRankPercentile(c.sorted, c.percent), c.want)
        << "n=" << c.sorted.size() << " percent=" << c.percent;
  }
}

TEST(SummarizeLatencies, SortsAndSummarizes) {
  std::vector<uint32_t> samples;
  for (uint32_t i = 1000; i >= 1; --i) samples.push_back(i);
  LatencySummary s = SummarizeLatencies(samples);
  EXPECT_EQ(s.samples, 1000u);
  EXPECT_EQ(s.p50_us, 500u);
  EXPECT_EQ(s.p99_us, 990u);
  EXPECT_EQ(s.max_us, 1000u);
}

TEST(SummarizeLatencies, EmptyIsZero) {
  std::vector<uint32_t> none;
  LatencySummary s = SummarizeLatencies(none);
  EXPECT_EQ(s.samples, 0u);
  EXPECT_EQ(s.p99_us, 0u);
}

}  // namespace
}  // namespace fondbok::bench
