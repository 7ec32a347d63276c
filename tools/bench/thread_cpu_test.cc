#include "tools/bench/thread_cpu.h"

#include <time.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <thread>

#include <gtest/gtest.h>

namespace fondbok::bench {
namespace {

TEST(ThreadCpuTest, ParsesTaskStatLines) {
  struct Case {
    const char* line;
    bool ok;
    const char* name;
    uint64_t ticks;
  };
  const Case cases[] = {
      {"4242 (seq-writer) S 1 4242 4242 0 -1 4194368 100 0 0 0 700 35 0 0 20 0 9 0 12345 0 0", true,
       "seq-writer", 735},
      // A name with a space and a parenthesis of its own: only the last ')' ends it.
      {"7 (a b) c)) R 1 7 7 0 -1 0 0 0 0 0 3 4 0 0 20 0 1 0 1 0 0", true, "a b) c)", 7},
      {"7 seq-writer S 1 7 7 0 -1 0 0 0 0 0 3 4", false, "", 0},   // no parentheses
      {"7 (x) S 1 7 7 0 -1 0 0 0 0 0 3", false, "", 0},            // too short
      {"7 (x) S 1 7 7 0 -1 0 0 0 0 0 three 4 0", false, "", 0},    // not a number
  };
  for (const Case& c : cases) {
    auto task = ParseTaskStat(c.line);
    ASSERT_EQ(task.ok(), c.ok) << c.line;
    if (!c.ok) continue;
    EXPECT_EQ(task->name, c.name) << c.line;
    EXPECT_EQ(task->ticks, c.ticks) << c.line;
  }
}

TEST(ThreadCpuTest, DifferencesByThreadName) {
  ThreadCpuSample before = {{1, {"seq-writer", 100}}, {2, {"grpc", 10}}, {3, {"gone", 50}}};
  ThreadCpuSample after = {{1, {"seq-writer", 300}}, {2, {"grpc", 30}}, {4, {"grpc", 20}}};
  auto seconds = CpuSecondsByName(before, after, 100);
  EXPECT_DOUBLE_EQ(seconds["seq-writer"], 2.0);
  EXPECT_DOUBLE_EQ(seconds["grpc"], 0.4);  // tid 2: +20; tid 4 started in between: 20
  EXPECT_EQ(seconds.count("gone"), 0u);
}

TEST(ThreadCpuTest, SeesABusyThreadOfThisProcess) {
  const long ticks_per_second = sysconf(_SC_CLK_TCK);
  auto before = SampleThreadCpu(getpid());
  ASSERT_TRUE(before.ok()) << before.status();
  std::atomic<bool> stop{false};
  std::thread spinner([&] {
    while (!stop.load()) {
    }
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  auto after = SampleThreadCpu(getpid());
  stop = true;
  spinner.join();
  ASSERT_TRUE(after.ok()) << after.status();
  double total = 0;
  for (const auto& [name, seconds] : CpuSecondsByName(*before, *after, ticks_per_second)) total += seconds;
  EXPECT_GT(total, 0.05);  // a spinning thread for 0.3 s; ticks are 10 ms
  // The process's total still counts the spinner after it ended.
  auto process = ProcessCpuTicks(getpid());
  ASSERT_TRUE(process.ok()) << process.status();
  EXPECT_GE(static_cast<double>(*process) / static_cast<double>(ticks_per_second), total);
  EXPECT_EQ(ProcessCpuTicks(0x7ffffff0).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(SampleThreadCpu(0x7ffffff0).status().code(), absl::StatusCode::kNotFound);
}

TEST(ThreadCpuTest, MeterDividesByTheUnits) {
  auto meter = CpuMeter::Start(getpid());
  ASSERT_TRUE(meter.ok()) << meter.status();
  // Spin until this thread has used 200 ms of CPU (not of wall time: on a busy machine the two differ).
  auto thread_cpu_ms = [] {
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return static_cast<int64_t>(now.tv_sec) * 1000 + now.tv_nsec / 1'000'000;
  };
  const int64_t until = thread_cpu_ms() + 200;
  while (thread_cpu_ms() < until) {
  }
  auto per_unit = meter->PerUnit(1000);
  ASSERT_TRUE(per_unit.ok()) << per_unit.status();
  EXPECT_GT(per_unit->total_us, 100.0);  // ~200 ms of CPU over 1 000 units: ~200 µs each
  EXPECT_FALSE(per_unit->by_thread_us.empty());
  EXPECT_EQ(meter->PerUnit(0).status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(CpuMeter::Start(0x7ffffff0).status().code(), absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace fondbok::bench
