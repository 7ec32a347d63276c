#include "tools/bench/closed_loop.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <limits>
#include <mutex>
#include <thread>

#include "absl/strings/str_cat.h"

namespace fondbok::bench {
namespace {

constexpr absl::Duration kDurationMax = absl::Hours(24 * 365);

// Aligned so that neighbouring threads' counters do not share a cache line.
struct alignas(64) ThreadTally {
  uint64_t calls = 0;
  uint64_t units = 0;
  bool reached_call_bound = false;
  std::vector<uint32_t> latencies_us;
};

// What the threads share: the start gate, the stop flag, the first error and who is still running.
class LoopControl {
 public:
  explicit LoopControl(int threads) : running_(threads) {}

  void WaitForStart() {
    std::unique_lock<std::mutex> lock(mu_);
    changed_.wait(lock, [this] { return started_; });
  }
  void Start() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      started_ = true;
    }
    changed_.notify_all();
  }
  bool stopping() const { return stop_.load(std::memory_order_relaxed); }
  void Stop() { stop_.store(true, std::memory_order_relaxed); }

  void Fail(absl::Status status) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (failure_.ok()) failure_ = std::move(status);
    }
    Stop();
    changed_.notify_all();
  }
  void ThreadDone() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      --running_;
    }
    changed_.notify_all();
  }
  // Returns when the deadline passes, a thread fails, or every thread is done.
  void WaitUntil(std::chrono::steady_clock::time_point deadline) {
    std::unique_lock<std::mutex> lock(mu_);
    changed_.wait_until(lock, deadline, [this] { return running_ == 0 || !failure_.ok(); });
  }
  absl::Status failure() {
    std::lock_guard<std::mutex> lock(mu_);
    return failure_;
  }

 private:
  std::atomic<bool> stop_{false};
  std::mutex mu_;
  std::condition_variable changed_;
  bool started_ = false;  // guarded by mu_
  int running_;           // guarded by mu_
  absl::Status failure_;  // guarded by mu_
};

uint32_t ToLatencyUs(std::chrono::steady_clock::duration d) {
  const auto us = std::chrono::duration_cast<std::chrono::microseconds>(d).count();
  return static_cast<uint32_t>(std::clamp<int64_t>(us, 0, std::numeric_limits<uint32_t>::max()));
}

void RunThread(int thread, uint64_t calls_max, const LoopCall& call, LoopControl& control, ThreadTally& tally) {
  control.WaitForStart();
  while (!control.stopping()) {
    if (tally.calls >= calls_max) {
      tally.reached_call_bound = true;
      break;
    }
    const auto started = std::chrono::steady_clock::now();
    absl::StatusOr<CallOutcome> outcome = call(thread, tally.calls);
    const auto finished = std::chrono::steady_clock::now();
    if (!outcome.ok()) {
      control.Fail(absl::Status(outcome.status().code(), absl::StrCat("client thread ", thread, ", call ", tally.calls,
                                                                      ": ", outcome.status().message())));
      break;
    }
    tally.units += outcome->units;
    if (outcome->units > 0 || !outcome->finished) {
      tally.latencies_us.push_back(ToLatencyUs(finished - started));
      ++tally.calls;
    }
    if (outcome->finished) break;
  }
  control.ThreadDone();
}

ClosedLoopResult Merge(std::vector<ThreadTally>& tallies, absl::Duration elapsed) {
  ClosedLoopResult result;
  result.elapsed = elapsed;
  size_t samples = 0;
  for (const ThreadTally& t : tallies) samples += t.latencies_us.size();
  result.latencies_us.reserve(samples);
  for (ThreadTally& t : tallies) {
    result.calls += t.calls;
    result.units += t.units;
    result.reached_call_bound = result.reached_call_bound || t.reached_call_bound;
    result.latencies_us.insert(result.latencies_us.end(), t.latencies_us.begin(), t.latencies_us.end());
    std::vector<uint32_t>().swap(t.latencies_us);
  }
  return result;
}

}  // namespace

absl::StatusOr<ClosedLoopResult> RunClosedLoop(const ClosedLoopOptions& options, const LoopCall& call) {
  if (options.threads < 1) return absl::InvalidArgumentError("a closed loop needs at least one thread");
  const uint64_t calls_max = std::min(options.calls_per_thread_max,
                                      kCallsPerRunMax / static_cast<uint64_t>(options.threads));
  std::vector<ThreadTally> tallies(static_cast<size_t>(options.threads));
  LoopControl control(options.threads);
  std::vector<std::thread> threads;
  threads.reserve(tallies.size());
  for (int i = 0; i < options.threads; ++i) {
    threads.emplace_back(RunThread, i, calls_max, std::cref(call), std::ref(control),
                         std::ref(tallies[static_cast<size_t>(i)]));
  }
  // An infinite duration would overflow the time point: a year is "until every thread is done".
  const absl::Duration duration = std::min(options.duration, kDurationMax);
  const auto started = std::chrono::steady_clock::now();
  control.Start();
  control.WaitUntil(started + absl::ToChronoNanoseconds(duration));
  control.Stop();
  for (std::thread& t : threads) t.join();
  const auto stopped = std::chrono::steady_clock::now();
  absl::Status failure = control.failure();
  if (!failure.ok()) return failure;
  return Merge(tallies, absl::FromChrono(stopped - started));
}

}  // namespace fondbok::bench
