// Samples the resident set size (VmRSS in /proc/<pid>/status) of another process, e.g. fondbokd,
// once a second on a thread of its own.
#ifndef FONDBOK_TOOLS_BENCH_RSS_SAMPLER_H_
#define FONDBOK_TOOLS_BENCH_RSS_SAMPLER_H_

#include <sys/types.h>

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace fondbok::bench {

struct RssSummary {
  int64_t start_kb = 0;
  int64_t max_kb = 0;
  int64_t end_kb = 0;
  int samples = 0;
};

// The VmRSS value in kB from the text of a /proc/<pid>/status file; NOT_FOUND when it has none.
absl::StatusOr<int64_t> ParseVmRssKb(absl::string_view status_text);

// Reads /proc/<pid>/status now. NOT_FOUND naming the pid when the process does not exist.
absl::StatusOr<int64_t> ReadVmRssKb(pid_t pid);

// Thread-safe. Sampling stops at Stop() or when the process is gone.
class RssSampler {
 public:
  // Takes the first sample at once (so a wrong pid fails here) and starts the sampling thread.
  static absl::StatusOr<std::unique_ptr<RssSampler>> Start(pid_t pid, absl::Duration interval = absl::Seconds(1));
  ~RssSampler();  // Stop()s

  // Takes a last sample, stops the thread and returns start, maximum and end.
  RssSummary Stop();

 private:
  RssSampler(pid_t pid, absl::Duration interval, int64_t first_kb);
  void Run();
  void Record(int64_t kb);

  const pid_t pid_;
  const absl::Duration interval_;
  std::mutex mu_;
  std::condition_variable stop_requested_;
  bool stopping_ = false;  // guarded by mu_
  RssSummary summary_;     // guarded by mu_
  std::thread thread_;
};

}  // namespace fondbok::bench

#endif  // FONDBOK_TOOLS_BENCH_RSS_SAMPLER_H_
