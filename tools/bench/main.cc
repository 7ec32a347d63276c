// fondbok-bench: load generator and floor measurements for fondbokd. See README.md.
// Exit codes: 0 done (and verified), 1 a step failed, 2 usage error.
#include <cstdio>
#include <iostream>

#include "absl/synchronization/mutex.h"
#include "tools/bench/bench_options.h"
#include "tools/bench/bench_run.h"
#include "tools/bench/report.h"

int main(int argc, char** argv) {
  // Debian builds Abseil without NDEBUG, so absl::Mutex (which gRPC locks on every call) tracks
  // lock order for deadlock reports: a few per cent of the client's CPU, which the server shares.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  fondbok::bench::BenchOptions options;
  if (auto exit_code = fondbok::bench::ParseBenchOptions(argc, argv, &options)) return *exit_code;
  if (absl::Status valid = fondbok::bench::ValidateBenchOptions(options); !valid.ok()) {
    std::cerr << "fondbok-bench: " << valid.message() << "\n";
    return 2;
  }
  auto report = fondbok::bench::RunBench(options);
  if (!report.ok()) {
    std::cerr << "fondbok-bench: " << report.status().message() << " ("
              << absl::StatusCodeToString(report.status().code()) << ")\n";
    return 1;
  }
  std::cout << (options.json ? fondbok::bench::FormatJson(*report) : fondbok::bench::FormatText(*report));
  std::cout.flush();
  return std::cout.good() ? 0 : 1;
}
