#!/usr/bin/env bash
# tools/credits_bench.sh — the credits benchmarks of issue 3 (BENCHMARKS.md, "Credits (issue 3)").
#
# Builds credits_bench in Release and runs it: a 360-month annuity schedule (BuildSchedule and
# ComposeSchedule against a plain-arithmetic floor), one credit's StandingAsOf (against parsing it),
# and the portfolio as of a date over CREDITS_BENCH_N credits in a MemoryKv and in a real RocksDB
# (against scanning and parsing the same credits). The credits are generated from a fixed seed; the
# run prints the seed, the data size, Google Benchmark's table, the ratios against the floors and
# whether the portfolio over RocksDB stays under the 2 s target.
#
# Environment (all optional):
#   BUILD_DIR             CMake build directory (default <repo>/build-release)
#   JOBS                  parallel compile jobs (default 2)
#   CREDITS_BENCH_N       credits in the portfolio (default 100000)
#   CREDITS_BENCH_SEED    seed of the generated credits (default 20261123)
#   CREDITS_BENCH_TMPDIR  parent of the temporary RocksDB directory (default $TMPDIR or /var/tmp;
#                         a real disk, not tmpfs). The directory is removed at the end.
# Arguments are passed to the benchmark, e.g. --benchmark_filter=Schedule or
# --benchmark_format=json. Exit status: the benchmark's.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=${BUILD_DIR:-$ROOT/build-release}
JOBS=${JOBS:-2}

echo "credits_bench.sh: building Release in $BUILD_DIR" >&2
cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
ninja -C "$BUILD_DIR" -j"$JOBS" credits_bench >/dev/null

echo "credits_bench.sh: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)" >&2
exec "$BUILD_DIR/services/credits/credits_bench" "$@"
