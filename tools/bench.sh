#!/usr/bin/env bash
# tools/bench.sh — the standard benchmark set of fondbokd.
#
# Builds fondbokd and fondbok-bench in Release, starts a fresh fondbokd on a temporary data
# directory and a free loopback port, runs the standard set (see BENCHMARKS.md), prints one line
# per run and the JSON of every run, and stops the server again.
#
# Environment (all optional):
#   BENCH_SECONDS   load seconds per run (default 30; the floors add about 2/3 of that again)
#   BUILD_DIR       CMake build directory (default <repo>/build-release)
#   JOBS            parallel compile jobs (default 2)
#   BENCH_TMPDIR    where the temporary directory goes (default $TMPDIR or /var/tmp). The server's
#                   data and the raw RocksDB floor both live there: it must be a real disk, not tmpfs.
#   BENCH_FILL      also fill the journal with this many entries and time a restart (e.g. 1000000)
#   BENCH_RESULTS   also copy the JSON lines to this file
#   KEEP_WORK=1     keep the temporary directory (server log, data) for inspection
# Exit status: 0 when every run passed its verification, 1 otherwise.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=${BUILD_DIR:-$ROOT/build-release}
JOBS=${JOBS:-2}
BENCH_SECONDS=${BENCH_SECONDS:-30}
BENCH_FILL=${BENCH_FILL:-0}
SERVER_START_TIMEOUT_S=60
SERVER_STOP_TIMEOUT_S=30

# name | fondbok-bench arguments
STANDARD_SET=(
  "unbatched-32|--clients 32 --batch 1"
  "unbatched-32-hot|--clients 32 --batch 1 --hot"
  "unbatched-1|--clients 1 --batch 1"
  "batched-1000x4|--clients 4 --batch 1000"
  "batched-1000x4-hot|--clients 4 --batch 1000 --hot"
  "batched-1000x8|--clients 8 --batch 1000"
)

log() { printf 'bench.sh: %s\n' "$*" >&2; }

build() {
  log "building Release in $BUILD_DIR"
  cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
  ninja -C "$BUILD_DIR" -j"$JOBS" fondbokd fondbok-bench >/dev/null
  FONDBOKD="$BUILD_DIR/services/server/fondbokd"
  BENCH="$BUILD_DIR/tools/bench/fondbok-bench"
}

SERVER_PID=""
WORK=""

start_server() {
  rm -f "$WORK/port"
  "$FONDBOKD" --listen 127.0.0.1:0 --data-dir "$WORK/data" --port-file "$WORK/port" >>"$WORK/server.log" 2>&1 &
  SERVER_PID=$!
  local waited=0
  until [[ -s "$WORK/port" ]]; do
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
      log "fondbokd exited during start-up; its log:"; cat "$WORK/server.log" >&2
      SERVER_PID=""; return 1
    fi
    if (( waited >= SERVER_START_TIMEOUT_S * 10 )); then
      log "fondbokd did not write its port within ${SERVER_START_TIMEOUT_S} s"; return 1
    fi
    sleep 0.1; waited=$((waited + 1))
  done
  PORT=$(<"$WORK/port")
  log "fondbokd pid $SERVER_PID listens on 127.0.0.1:$PORT"
}

stop_server() {
  [[ -n "$SERVER_PID" ]] || return 0
  kill -TERM "$SERVER_PID" 2>/dev/null || true
  local waited=0
  while kill -0 "$SERVER_PID" 2>/dev/null && (( waited < SERVER_STOP_TIMEOUT_S * 10 )); do
    sleep 0.1; waited=$((waited + 1))
  done
  if kill -0 "$SERVER_PID" 2>/dev/null; then
    log "fondbokd did not stop within ${SERVER_STOP_TIMEOUT_S} s after SIGTERM; killing it"
    kill -KILL "$SERVER_PID" 2>/dev/null || true
  fi
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
}

cleanup() {
  stop_server
  if [[ -n "$WORK" && -d "$WORK" ]]; then
    if [[ "${KEEP_WORK:-0}" == 1 ]]; then log "kept $WORK"; else rm -rf "$WORK"; fi
  fi
}

# json_field JSON KEY: the raw value of a top-level key of fondbok-bench's flat JSON object.
json_field() { sed -n "s/.*\"$2\":\([^,}]*\).*/\1/p" <<<"$1"; }

run_bench() {
  local name=$1; shift
  log "run $name: fondbok-bench $* --seconds $BENCH_SECONDS"
  local json
  # shellcheck disable=SC2086  # the arguments are split on purpose
  if ! json=$("$BENCH" --addr "127.0.0.1:$PORT" --token-file "$WORK/data/admin.token" --server-pid "$SERVER_PID" \
                 --raw-dir "$WORK" --seconds "$BENCH_SECONDS" --json "$@"); then
    log "run $name FAILED"; FAILED=1; return 0
  fi
  printf '%s\n' "$json" >>"$WORK/results.jsonl"
  printf '%-20s %10s %8s %8s %10s %10s %10s %9s %9s %8s %9s %10s %9s %9s\n' "$name" \
    "$(json_field "$json" entries_per_s)" "$(json_field "$json" latency_us_p50)" \
    "$(json_field "$json" latency_us_p99)" "$(json_field "$json" raw_records_per_s)" \
    "$(json_field "$json" raw_one_sync_per_s)" "$(json_field "$json" echo_calls_per_s)" \
    "$(json_field "$json" ratio_raw)" "$(json_field "$json" ratio_echo)" \
    "$(json_field "$json" ratio_one_sync)" "$(json_field "$json" verified_entries)" \
    "$(json_field "$json" rss_kb_server_max)" "$(json_field "$json" server_cpu_us_per_entry)" \
    "$(json_field "$json" client_cpu_us_per_entry)" >>"$WORK/table.txt"
}

measure_restart() {
  log "fill: $BENCH_FILL entries"
  "$BENCH" --addr "127.0.0.1:$PORT" --token-file "$WORK/data/admin.token" --fill "$BENCH_FILL" \
    --batch 1000 --clients 4 | tee -a "$WORK/fill.txt" >&2
  stop_server
  local started ended
  started=$(date +%s%N)
  start_server
  ended=$(date +%s%N)
  printf 'restart with the filled journal: %d ms until the port file appeared (server log: %s)\n' \
    $(((ended - started) / 1000000)) "$(grep -o 'startup_ms=[0-9]*' "$WORK/server.log" | tail -1)" \
    | tee -a "$WORK/fill.txt" >&2
}

main() {
  build
  local parent=${BENCH_TMPDIR:-${TMPDIR:-/var/tmp}}
  WORK=$(mktemp -d "$parent/fondbok-bench.XXXXXX")
  trap cleanup EXIT
  trap 'exit 130' INT TERM
  FAILED=0
  start_server
  printf '%-20s %10s %8s %8s %10s %10s %10s %9s %9s %8s %9s %10s %9s %9s\n' run entries/s p50_us p99_us raw/s \
    one_sync/s echo/s ratio_raw ratio_echo ratio_1s verified rss_max_kB srv_us/e cli_us/e >"$WORK/table.txt"
  local entry
  for entry in "${STANDARD_SET[@]}"; do
    # shellcheck disable=SC2086
    run_bench "${entry%%|*}" ${entry#*|}
  done
  if (( BENCH_FILL > 0 )); then measure_restart; fi
  stop_server

  echo "== fondbok-bench standard set: $BENCH_SECONDS s per run, $(nproc) CPUs, $(uname -sr)"
  cat "$WORK/table.txt"
  [[ -f "$WORK/fill.txt" ]] && cat "$WORK/fill.txt"
  echo "== JSON"
  cat "$WORK/results.jsonl" 2>/dev/null || true
  if [[ -n "${BENCH_RESULTS:-}" ]]; then cp "$WORK/results.jsonl" "$BENCH_RESULTS"; fi
  return "$FAILED"
}

main "$@"
