#!/usr/bin/env bash
# Fuzzes the bank-file readers (services/payments: BgMax, CSV statements) with libFuzzer:
#   tools/fuzz.sh [SECONDS]      SECONDS per target, default 60
# Builds each target with clang++ -fsanitize=fuzzer,address,undefined straight from the sources
# (not through the main CMake tree, which is g++), copies the checked-in seed corpus
# services/payments/fuzz/corpus/<target>/ into build-fuzz/corpus/<target>/ (new inputs go there,
# never into the repository) and runs each target for SECONDS. A crash, leak, UB or broken
# invariant stops the run: the input is left in build-fuzz/artifacts/<target>/; exit 1.
# Needs Debian's clang-14 and libclang-rt-14-dev (libFuzzer, sanitizers) besides libabsl-dev;
# tools/setup.sh installs them.
# Each source is compiled once into FUZZ_OUT/obj/ (through ccache when it is installed, JOBS at a
# time) and linked into every target, so a second run rebuilds in seconds.
# Environment: FUZZ_TARGETS (default "bgmax csv camt"), FUZZ_OUT (default build-fuzz), JOBS (parallel
# compiles, default 2).
# Exit: 0 nothing found; 1 a target crashed or broke an invariant; 2 usage, or clang-14/libFuzzer
# missing; 3 the fuzz targets do not compile.
# The default suite runs a short smoke run of this script (ctest fuzz_smoke, 6 s a target, in the
# Release tree; see BUILD.md "Fuzzing"); the long run is `tools/fuzz.sh 600`.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
targets="${FUZZ_TARGETS:-bgmax csv camt}"
out="${FUZZ_OUT:-build-fuzz}"
if ! [[ "$seconds" =~ ^[0-9]+$ ]] || [ "$seconds" -eq 0 ]; then
  echo "usage: tools/fuzz.sh [SECONDS]   (seconds per target, a positive whole number)" >&2
  exit 2
fi

cxx=""
for candidate in clang++-14 clang++; do
  if command -v "$candidate" >/dev/null; then cxx="$candidate"; break; fi
done
mkdir -p "$out"
probe="$out/probe.cc"
printf '#include <cstddef>\n#include <cstdint>\nextern "C" int LLVMFuzzerTestOneInput(const uint8_t*, size_t) { return 0; }\n' >"$probe"
if [ -z "$cxx" ] || ! "$cxx" -fsanitize=fuzzer,address,undefined "$probe" -o "$out/probe" 2>"$out/probe.log"; then
  echo "fuzz: clang++ with libFuzzer is not installed (needs Debian packages clang-14 and libclang-rt-14-dev:" >&2
  echo "      run tools/setup.sh, or apt-get install clang-14 libclang-rt-14-dev). Nothing was fuzzed." >&2
  [ -s "$out/probe.log" ] && sed 's/^/      /' "$out/probe.log" | head -5 >&2
  exit 2
fi

sources=(services/payments/bgmax.cc services/payments/bank_csv.cc services/payments/text_encoding.cc
         services/payments/camt.cc ledger/money.cc ledger/date.cc)
# shellcheck disable=SC2207
absl_libs=($(pkg-config --libs absl_status absl_statusor absl_strings absl_str_format absl_time absl_int128))
compile_flags=(-std=c++20 -O1 -g -fno-omit-frame-pointer "-fsanitize=fuzzer-no-link,address,undefined"
               -fno-sanitize-recover=undefined -I.)
link_flags=("-fsanitize=fuzzer,address,undefined")
compiler=("$cxx")
if command -v ccache >/dev/null; then compiler=(ccache "$cxx"); fi
jobs="${JOBS:-2}"

declare -A source_of=([bgmax]=services/payments/fuzz/bgmax_fuzz.cc [csv]=services/payments/fuzz/bank_csv_fuzz.cc
                      [camt]=services/payments/fuzz/camt_fuzz.cc)
for target in $targets; do
  if [ -z "${source_of[$target]:-}" ]; then echo "fuzz: unknown target $target (bgmax, csv, camt)" >&2; exit 2; fi
done

# The object file of a source: FUZZ_OUT/obj/<path with / as _>.o
object_of() { local name="${1//\//_}"; echo "$out/obj/${name%.cc}.o"; }

# Compiles the shared sources and the fuzz targets' own sources, JOBS at a time; exit 3 on an error.
build_objects() {
  local to_build=("${sources[@]}") pids=() failed=0 target src
  for target in $targets; do to_build+=("${source_of[$target]}"); done
  mkdir -p "$out/obj"
  echo "== fuzz: compiling ${#to_build[@]} sources with ${compiler[*]} ($jobs at a time)"
  for src in "${to_build[@]}"; do
    "${compiler[@]}" "${compile_flags[@]}" -c "$src" -o "$(object_of "$src")" &
    pids+=($!)
    if [ "${#pids[@]}" -ge "$jobs" ]; then wait "${pids[0]}" || failed=1; pids=("${pids[@]:1}"); fi
  done
  for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
  if [ "$failed" -ne 0 ]; then echo "fuzz: the fuzz targets do not compile (errors above)" >&2; exit 3; fi
}
build_objects
shared_objects=()
for src in "${sources[@]}"; do shared_objects+=("$(object_of "$src")"); done

status=0
for target in $targets; do
  binary="$out/${target}_fuzz"
  echo "== fuzz: linking $binary"
  if ! "$cxx" "${link_flags[@]}" "$(object_of "${source_of[$target]}")" "${shared_objects[@]}" \
      "${absl_libs[@]}" -lpugixml -o "$binary"; then
    echo "fuzz: linking $binary failed" >&2; exit 3
  fi
  mkdir -p "$out/corpus/$target" "$out/artifacts/$target"
  cp -n services/payments/fuzz/corpus/"$target"/* "$out/corpus/$target/" 2>/dev/null || true
  echo "== fuzz: $target for ${seconds}s (corpus $out/corpus/$target)"
  if ! UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 "$binary" \
      -max_total_time="$seconds" -max_len=4096 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
      -dict="services/payments/fuzz/$target.dict" -artifact_prefix="$out/artifacts/$target/" \
      "$out/corpus/$target" >"$out/$target.log" 2>&1; then
    status=1
    echo "fuzz: $target FAILED; see $out/$target.log and the input in $out/artifacts/$target/:" >&2
    grep -E "ERROR|SUMMARY|CHECK failed|runtime error" "$out/$target.log" | head -10 >&2 || true
    ls "$out/artifacts/$target/" >&2
    echo "fuzz: after the fix, copy that input into services/payments/fuzz/corpus/$target/ (the regression" >&2
    echo "      corpus test runs it in the default suite)." >&2
    continue
  fi
  grep -E "stat::number_of_executed_units|stat::peak_rss_mb|cov:" "$out/$target.log" | tail -3
  echo "fuzz: $target ok: $(ls "$out/corpus/$target" | wc -l) inputs in its corpus"
done
exit "$status"
