// A closed-loop load driver: N threads, each making one call after another (the next starts when the
// previous one has answered) until the time is up, a call fails, or every thread says it is done.
// The ledger load, the echo floor and the raw RocksDB floor all run through it, so that the three
// are measured the same way.
#ifndef FONDBOK_TOOLS_BENCH_CLOSED_LOOP_H_
#define FONDBOK_TOOLS_BENCH_CLOSED_LOOP_H_

#include <cstdint>
#include <functional>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace fondbok::bench {

// Calls and latency samples kept per run at most, over all threads (12 bytes a call with the
// ledger's acknowledgements: 384 MiB). A thread that reaches its share stops sending early.
inline constexpr uint64_t kCallsPerRunMax = uint64_t{32} << 20;

struct ClosedLoopOptions {
  // Client threads, >= 1.
  int threads = 1;
  // No call starts after this much time; calls in flight are finished, not cancelled. Longer
  // than a year (e.g. absl::InfiniteDuration()) counts as a year.
  absl::Duration duration = absl::Seconds(10);
  // Calls one thread may make at most (its share of kCallsPerRunMax, or less).
  uint64_t calls_per_thread_max = kCallsPerRunMax;
};

// What one call achieved: `units` of work acknowledged (entries, records, calls), and whether the
// thread has nothing more to do (fill mode ends that way).
struct CallOutcome {
  uint64_t units = 0;
  bool finished = false;
};

// One call by thread `thread` (0-based), its `number`th (0-based, dense: a failed call ends the
// run). Runs concurrently on every thread; it may touch only its own thread's state.
using LoopCall = std::function<absl::StatusOr<CallOutcome>(int thread, uint64_t number)>;

struct ClosedLoopResult {
  // From the moment every thread was released to the moment the last one stopped.
  absl::Duration elapsed;
  uint64_t calls = 0;
  uint64_t units = 0;
  // One sample per call, every thread's, in no particular order. Saturates at ~71 minutes.
  std::vector<uint32_t> latencies_us;
  // Some thread stopped early because it reached calls_per_thread_max.
  bool reached_call_bound = false;
};

// Runs the loop. The first failing call ends the run for every thread; its status comes back with
// the thread and call number added.
absl::StatusOr<ClosedLoopResult> RunClosedLoop(const ClosedLoopOptions& options, const LoopCall& call);

}  // namespace fondbok::bench

#endif  // FONDBOK_TOOLS_BENCH_CLOSED_LOOP_H_
