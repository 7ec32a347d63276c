#include "tools/bench/rss_sampler.h"

#include <unistd.h>

#include <gtest/gtest.h>

namespace fondbok::bench {
namespace {

TEST(ParseVmRssKb, Table) {
  struct Case {
    const char* text;
    int64_t want;  // -1: not found
  };
  const Case cases[] = {
      {"Name:\tfondbokd\nVmPeak:\t  200 kB\nVmRSS:\t   12345 kB\nThreads:\t9\n", 12345},
      {"VmRSS: 7 kB", 7},
      {"Name:\tx\n", -1},
      {"VmRSS:\t12 MB\n", -1},
      {"VmRSS:\tmany kB\n", -1},
  };
  for (const Case& c : cases) {
    auto kb = ParseVmRssKb(c.text);
    if (c.want < 0) {
      EXPECT_EQ(kb.status().code(), absl::StatusCode::kNotFound) << c.text;
    } else {
      ASSERT_TRUE(kb.ok()) << c.text;
      EXPECT_EQ(*kb, c.want);
    }
  }
}

TEST(RssSampler, SamplesItself) {
  auto sampler = RssSampler::Start(getpid(), absl::Milliseconds(10));
  ASSERT_TRUE(sampler.ok()) << sampler.status();
  absl::SleepFor(absl::Milliseconds(50));
  RssSummary summary = (*sampler)->Stop();
  EXPECT_GT(summary.start_kb, 0);
  EXPECT_GE(summary.max_kb, summary.start_kb);
  EXPECT_GE(summary.samples, 2);
}

TEST(RssSampler, UnknownPidFails) {
  // Linux pids stay below 2^22.
  EXPECT_EQ(RssSampler::Start(1 << 30).status().code(), absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace fondbok::bench
