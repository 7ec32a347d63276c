#include "tools/bench/thread_cpu.h"

#include <dirent.h>
#include <unistd.h>

#include <fstream>
#include <memory>
#include <sstream>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace fondbok::bench {

absl::StatusOr<TaskCpu> ParseTaskStat(absl::string_view stat_line) {
  const size_t open = stat_line.find('(');
  const size_t close = stat_line.rfind(')');
  if (open == absl::string_view::npos || close == absl::string_view::npos || close < open) {
    return absl::InvalidArgumentError("a task stat line names its thread in parentheses");
  }
  TaskCpu task;
  task.name = std::string(stat_line.substr(open + 1, close - open - 1));
  // After the name: state (field 3), ..., utime (14), stime (15).
  std::vector<absl::string_view> fields =
      absl::StrSplit(stat_line.substr(close + 1), ' ', absl::SkipEmpty());
  constexpr size_t kUtime = 14 - 3;
  constexpr size_t kStime = 15 - 3;
  uint64_t utime = 0, stime = 0;
  if (fields.size() <= kStime || !absl::SimpleAtoi(fields[kUtime], &utime) ||
      !absl::SimpleAtoi(fields[kStime], &stime)) {
    return absl::InvalidArgumentError("a task stat line has user and system time as fields 14 and 15");
  }
  task.ticks = utime + stime;
  return task;
}

namespace {

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

absl::StatusOr<uint64_t> ProcessCpuTicks(pid_t pid) {
  auto text = ReadFile(absl::StrCat("/proc/", pid, "/stat"));
  if (!text.ok()) return absl::NotFoundError(absl::StrCat("process ", pid, " does not exist (", text.status().message(), ")"));
  auto task = ParseTaskStat(*text);
  if (!task.ok()) return task.status();
  return task->ticks;
}

absl::StatusOr<ThreadCpuSample> SampleThreadCpu(pid_t pid) {
  const std::string dir = absl::StrCat("/proc/", pid, "/task");
  std::unique_ptr<DIR, int (*)(DIR*)> tasks(opendir(dir.c_str()), closedir);
  if (tasks == nullptr) return absl::NotFoundError(absl::StrCat("process ", pid, " does not exist (cannot read ", dir, ")"));
  ThreadCpuSample sample;
  while (const dirent* entry = readdir(tasks.get())) {
    pid_t tid = 0;
    if (!absl::SimpleAtoi(entry->d_name, &tid)) continue;  // "." and ".."
    auto text = ReadFile(absl::StrCat(dir, "/", entry->d_name, "/stat"));
    if (!text.ok()) continue;  // the thread ended meanwhile
    auto task = ParseTaskStat(*text);
    if (task.ok()) sample.emplace(tid, std::move(*task));
  }
  return sample;
}

std::map<std::string, double> CpuSecondsByName(const ThreadCpuSample& before, const ThreadCpuSample& after,
                                               long ticks_per_second) {
  std::map<std::string, double> seconds;
  for (const auto& [tid, task] : after) {
    uint64_t ticks = task.ticks;
    auto earlier = before.find(tid);
    if (earlier != before.end() && earlier->second.ticks <= ticks) ticks -= earlier->second.ticks;
    seconds[task.name] += static_cast<double>(ticks) / static_cast<double>(ticks_per_second);
  }
  return seconds;
}

absl::StatusOr<CpuMeter> CpuMeter::Start(pid_t pid) {
  auto threads = SampleThreadCpu(pid);
  if (!threads.ok()) return threads.status();
  auto ticks = ProcessCpuTicks(pid);
  if (!ticks.ok()) return ticks.status();
  return CpuMeter(pid, *ticks, std::move(*threads));
}

absl::StatusOr<CpuPerUnit> CpuMeter::PerUnit(uint64_t units) const {
  if (units == 0) return absl::FailedPreconditionError("no units of work to divide the CPU time by");
  auto threads = SampleThreadCpu(pid_);
  if (!threads.ok()) return threads.status();
  auto ticks = ProcessCpuTicks(pid_);
  if (!ticks.ok()) return ticks.status();
  const long ticks_per_second = sysconf(_SC_CLK_TCK);
  const double us_per_second_and_unit = 1e6 / static_cast<double>(units);
  CpuPerUnit out;
  out.total_us = static_cast<double>(*ticks >= ticks_ ? *ticks - ticks_ : 0) /
                 static_cast<double>(ticks_per_second) * us_per_second_and_unit;
  double by_thread = 0;
  for (const auto& [name, seconds] : CpuSecondsByName(threads_, *threads, ticks_per_second)) {
    out.by_thread_us[name] = seconds * us_per_second_and_unit;
    by_thread += seconds * us_per_second_and_unit;
  }
  // gRPC ends idle threads of its pool: what they used is in the process's total only.
  if (out.total_us - by_thread >= 0.05) out.by_thread_us["(ended threads)"] = out.total_us - by_thread;
  return out;
}

}  // namespace fondbok::bench
