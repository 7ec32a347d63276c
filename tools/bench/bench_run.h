// One whole benchmark run: setup, load (or fill), verification, floors. Progress goes to stderr;
// the caller prints the report.
#ifndef FONDBOK_TOOLS_BENCH_BENCH_RUN_H_
#define FONDBOK_TOOLS_BENCH_BENCH_RUN_H_

#include "absl/status/statusor.h"
#include "tools/bench/bench_options.h"
#include "tools/bench/report.h"

namespace fondbok::bench {

// REQUIRES: ValidateBenchOptions(options).ok(). Fails with the first failing step's status, its
// message naming the step (setup, load, verification, a floor).
absl::StatusOr<BenchReport> RunBench(const BenchOptions& options);

}  // namespace fondbok::bench

#endif  // FONDBOK_TOOLS_BENCH_BENCH_RUN_H_
