#include "tools/bench/closed_loop.h"

#include <atomic>

#include <gtest/gtest.h>

namespace fondbok::bench {
namespace {

TEST(RunClosedLoop, NumbersCallsDenselyPerThreadAndCountsUnits) {
  std::vector<uint64_t> next(3, 0);
  std::atomic<bool> dense{true};
  ClosedLoopOptions options;
  options.threads = 3;
  options.duration = absl::Milliseconds(50);
  auto result = RunClosedLoop(options, [&](int thread, uint64_t number) -> absl::StatusOr<CallOutcome> {
    if (next[static_cast<size_t>(thread)]++ != number) dense = false;
    return CallOutcome{2, false};
  });
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_TRUE(dense);
  EXPECT_EQ(result->calls, next[0] + next[1] + next[2]);
  EXPECT_EQ(result->units, 2 * result->calls);
  EXPECT_EQ(result->latencies_us.size(), result->calls);
  EXPECT_GE(result->elapsed, absl::Milliseconds(50));
}

TEST(RunClosedLoop, TheFirstFailureEndsTheRun) {
  ClosedLoopOptions options;
  options.threads = 2;
  options.duration = absl::Seconds(60);
  auto result = RunClosedLoop(options, [](int thread, uint64_t number) -> absl::StatusOr<CallOutcome> {
    if (thread == 1 && number == 5) return absl::UnavailableError("the server went away");
    return CallOutcome{1, false};
  });
  EXPECT_EQ(result.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_NE(result.status().message().find("client thread 1, call 5: the server went away"), std::string::npos)
      << result.status();
}

TEST(RunClosedLoop, EndsWhenEveryThreadIsFinished) {
  std::atomic<int> budget{10};
  ClosedLoopOptions options;
  options.threads = 4;
  options.duration = absl::InfiniteDuration();
  auto result = RunClosedLoop(options, [&](int, uint64_t) -> absl::StatusOr<CallOutcome> {
    if (budget.fetch_sub(1) <= 0) return CallOutcome{0, true};
    return CallOutcome{1, false};
  });
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->units, 10u);
  EXPECT_EQ(result->calls, 10u);
}

TEST(RunClosedLoop, StopsAtTheCallBound) {
  ClosedLoopOptions options;
  options.threads = 2;
  options.duration = absl::Seconds(60);
  options.calls_per_thread_max = 7;
  auto result = RunClosedLoop(options, [](int, uint64_t) -> absl::StatusOr<CallOutcome> { return CallOutcome{1, false}; });
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->calls, 14u);
  EXPECT_TRUE(result->reached_call_bound);
}

}  // namespace
}  // namespace fondbok::bench
