#!/usr/bin/env bash
# Installs what is missing, builds fondbok twice — Release, and Debug with AddressSanitizer and
# UBSan — runs the unit tests under the sanitizers, then the whole suite (unit and system tests
# against the real fondbokd) on the Release build. The last lines are ctest's summary.
set -euo pipefail
cd "$(dirname "$0")/.."
./tools/setup.sh
export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=1
jobs="${JOBS:-2}"

echo "== build: Release"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
ninja -C build -j"$jobs"

echo "== build: Debug with AddressSanitizer and UndefinedBehaviorSanitizer (unit tests)"
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DFONDBOK_SANITIZE=ON >/dev/null
ninja -C build-asan -j"$jobs" fondbok_unit_tests

echo "== unit tests under the sanitizers"
(cd build-asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  LSAN_OPTIONS="suppressions=$PWD/../tools/lsan.supp" \
  ctest -L unit --output-on-failure -j"$jobs" --timeout 600)

echo "== the whole suite (Release)"
cd build
exec ctest --output-on-failure -j"$jobs" --timeout 900
