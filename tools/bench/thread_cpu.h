// CPU time of another process's threads (e.g. fondbokd's), from /proc/<pid>/task/<tid>/stat,
// taken before and after a load so that a run can say how many microseconds of CPU each kind of
// thread spent per entry. On a shared VM whose speed drifts, that is a steadier measure than
// entries per second.
#ifndef FONDBOK_TOOLS_BENCH_THREAD_CPU_H_
#define FONDBOK_TOOLS_BENCH_THREAD_CPU_H_

#include <sys/types.h>

#include <cstdint>
#include <map>
#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace fondbok::bench {

struct TaskCpu {
  std::string name;     // the thread's name (comm), e.g. "seq-writer"
  uint64_t ticks = 0;   // user + system time in clock ticks
};

// Parses one /proc/<pid>/task/<tid>/stat line. The name is in parentheses and may itself hold
// spaces and parentheses; user and system time are the 14th and 15th fields.
absl::StatusOr<TaskCpu> ParseTaskStat(absl::string_view stat_line);

// tid → CPU so far of every thread of `pid` now. NOT_FOUND when the process does not exist.
using ThreadCpuSample = std::map<pid_t, TaskCpu>;
absl::StatusOr<ThreadCpuSample> SampleThreadCpu(pid_t pid);

// The whole process's CPU so far (/proc/<pid>/stat), including threads that have ended.
absl::StatusOr<uint64_t> ProcessCpuTicks(pid_t pid);

// Seconds of CPU per thread name between two samples. A thread that started in between counts
// from zero; one that ended in between is missing from `after` and not counted.
std::map<std::string, double> CpuSecondsByName(const ThreadCpuSample& before, const ThreadCpuSample& after,
                                               long ticks_per_second);

// CPU time per unit of work (an entry) of a process since Start, in microseconds: in all
// (/proc/<pid>/stat, which keeps what ended threads used) and by thread name.
struct CpuPerUnit {
  double total_us = 0;
  std::map<std::string, double> by_thread_us;  // live threads; "(ended threads)" for the rest
};

class CpuMeter {
 public:
  static absl::StatusOr<CpuMeter> Start(pid_t pid);
  absl::StatusOr<CpuPerUnit> PerUnit(uint64_t units) const;

 private:
  CpuMeter(pid_t pid, uint64_t ticks, ThreadCpuSample threads)
      : pid_(pid), ticks_(ticks), threads_(std::move(threads)) {}
  pid_t pid_;
  uint64_t ticks_;
  ThreadCpuSample threads_;
};

}  // namespace fondbok::bench

#endif  // FONDBOK_TOOLS_BENCH_THREAD_CPU_H_
