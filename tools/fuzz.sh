#!/usr/bin/env bash
# Fuzzes the bank-file readers (services/payments: BgMax, CSV statements) with libFuzzer:
#   tools/fuzz.sh [SECONDS]      SECONDS per target, default 60
# Builds each target with clang++ -fsanitize=fuzzer,address,undefined straight from the sources
# (not through the main CMake tree, which is g++), copies the checked-in seed corpus
# services/payments/fuzz/corpus/<target>/ into build-fuzz/corpus/<target>/ (new inputs go there,
# never into the repository) and runs each target for SECONDS. A crash, leak, UB or broken
# invariant stops the run: the input is left in build-fuzz/artifacts/<target>/; exit 1.
# Needs Debian's clang-14 and libclang-rt-14-dev (libFuzzer, sanitizers) besides libabsl-dev.
# Environment: FUZZ_TARGETS (default "bgmax csv camt"), FUZZ_OUT (default build-fuzz), JOBS ignored.
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
  echo "      apt-get install clang-14 libclang-rt-14-dev). Nothing was fuzzed." >&2
  [ -s "$out/probe.log" ] && sed 's/^/      /' "$out/probe.log" | head -5 >&2
  exit 2
fi

sources=(services/payments/bgmax.cc services/payments/bank_csv.cc services/payments/text_encoding.cc
         services/payments/camt.cc ledger/money.cc ledger/date.cc)
# shellcheck disable=SC2207
absl_libs=($(pkg-config --libs absl_status absl_statusor absl_strings absl_str_format absl_time absl_int128))
flags=(-std=c++20 -O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined
       -fno-sanitize-recover=undefined -I.)

declare -A source_of=([bgmax]=services/payments/fuzz/bgmax_fuzz.cc [csv]=services/payments/fuzz/bank_csv_fuzz.cc
                      [camt]=services/payments/fuzz/camt_fuzz.cc)
status=0
for target in $targets; do
  if [ -z "${source_of[$target]:-}" ]; then echo "fuzz: unknown target $target (bgmax, csv, camt)" >&2; exit 2; fi
  binary="$out/${target}_fuzz"
  echo "== fuzz: building $binary with $cxx"
  "$cxx" "${flags[@]}" "${source_of[$target]}" "${sources[@]}" "${absl_libs[@]}" -lpugixml -o "$binary"
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
