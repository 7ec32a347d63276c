#!/usr/bin/env bash
# tools/memory_soak.sh — fondbokd's memory under a long load.
#
# Builds fondbokd and fondbok-bench in Release, starts a fresh fondbokd on a temporary data
# directory, a free loopback port and a free metrics port, and drives it with fondbok-bench for
# SOAK_SECONDS. Every 10 s it samples the server's resident size (VmRSS from /proc/PID/status) and
# RocksDB's gauges from /metrics (memtables, everything charged to the cache, the cache's capacity).
# At the end it prints one line per minute (smallest and largest RSS, memtables, and the cache's
# content besides the memtables) and fondbok-bench's JSON (which has the run's verification).
#
# Environment (all optional):
#   SOAK_SECONDS    load seconds (default 300)
#   SOAK_ARGS       fondbok-bench load arguments (default "--clients 32 --batch 1")
#   MEMORY_MB       fondbokd --rocksdb-memory-mb (default: fondbokd's own default)
#   BUILD_DIR       CMake build directory (default <repo>/build-release)
#   JOBS            parallel compile jobs (default 2)
#   SOAK_TMPDIR     where the temporary directory goes (default $TMPDIR or /var/tmp); a real disk
#   KEEP_WORK=1     keep the temporary directory (server log, samples, data)
# Exit status: 0 when the run passed its verification, 1 otherwise.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=${BUILD_DIR:-$ROOT/build-release}
JOBS=${JOBS:-2}
SOAK_SECONDS=${SOAK_SECONDS:-300}
SOAK_ARGS=${SOAK_ARGS:---clients 32 --batch 1}
SAMPLE_EVERY_S=10
SERVER_START_TIMEOUT_S=60

log() { printf 'memory_soak.sh: %s\n' "$*" >&2; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

log "building Release in $BUILD_DIR"
cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
ninja -C "$BUILD_DIR" -j"$JOBS" fondbokd fondbok-bench >/dev/null

WORK=$(mktemp -d "${SOAK_TMPDIR:-${TMPDIR:-/var/tmp}}/fondbok-soak.XXXXXX")
SERVER_PID=""
SAMPLER_PID=""
cleanup() {
  [[ -n "$SAMPLER_PID" ]] && kill "$SAMPLER_PID" 2>/dev/null || true
  if [[ -n "$SERVER_PID" ]]; then kill -TERM "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  if [[ "${KEEP_WORK:-0}" == 1 ]]; then log "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

METRICS_PORT=$(free_port)
server_args=(--listen 127.0.0.1:0 --data-dir "$WORK/data" --port-file "$WORK/port"
             --metrics-listen "127.0.0.1:$METRICS_PORT")
[[ -n "${MEMORY_MB:-}" ]] && server_args+=(--rocksdb-memory-mb "$MEMORY_MB")
"$BUILD_DIR/services/server/fondbokd" "${server_args[@]}" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for ((i = 0; i < SERVER_START_TIMEOUT_S * 10; ++i)); do
  [[ -s "$WORK/port" ]] && break
  kill -0 "$SERVER_PID" 2>/dev/null || { log "fondbokd exited during start-up:"; cat "$WORK/server.log" >&2; exit 1; }
  sleep 0.1
done
[[ -s "$WORK/port" ]] || { log "fondbokd did not write its port"; exit 1; }
log "fondbokd pid $SERVER_PID on 127.0.0.1:$(<"$WORK/port"), metrics on $METRICS_PORT; $SOAK_SECONDS s of $SOAK_ARGS"

# One line per sample: unix seconds, RSS kB, then name=value for the RocksDB gauges.
sample() {
  while kill -0 "$SERVER_PID" 2>/dev/null; do
    local rss gauges
    rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$SERVER_PID/status" 2>/dev/null || echo 0)
    gauges=$(curl -s "http://127.0.0.1:$METRICS_PORT/metrics" |
             awk '/^fondbok_rocksdb_(memtable_bytes|block_cache_bytes|memory_bytes_max) / {printf " %s=%.0f", $1, $2}')
    echo "$(date +%s) $rss$gauges"
    sleep "$SAMPLE_EVERY_S"
  done
}
sample >"$WORK/samples.txt" &
SAMPLER_PID=$!

status=0
# shellcheck disable=SC2086  # the arguments are split on purpose
"$BUILD_DIR/tools/bench/fondbok-bench" --addr "127.0.0.1:$(<"$WORK/port")" --token-file "$WORK/data/admin.token" \
  $SOAK_ARGS --seconds "$SOAK_SECONDS" --server-pid "$SERVER_PID" --json --no-floors >"$WORK/bench.json" || status=1
kill "$SAMPLER_PID" 2>/dev/null || true
SAMPLER_PID=""

# Per minute of the load (samples after it, while the bench reads every entry back, are "read-back").
awk -v load="$SOAK_SECONDS" '
  function mb(b) { return b / 1048576 }
  NR == 1 { t0 = $1 }
  {
    m = int(($1 - t0) / 60) + 1; if ($1 - t0 >= load) m = "read-back"
    rss = $2 / 1024; mem = 0; cache = 0
    for (i = 3; i <= NF; ++i) { split($i, kv, "="); if (kv[1] == "fondbok_rocksdb_memtable_bytes") mem = mb(kv[2]);
                                if (kv[1] == "fondbok_rocksdb_block_cache_bytes") cache = mb(kv[2]) }
    if (!(m in n)) { order[++k] = m; lo[m] = hi[m] = rss; mlo[m] = mhi[m] = mem; clo[m] = chi[m] = cache - mem }
    n[m]++
    if (rss < lo[m]) lo[m] = rss; if (rss > hi[m]) hi[m] = rss
    if (mem < mlo[m]) mlo[m] = mem; if (mem > mhi[m]) mhi[m] = mem
    if (cache - mem < clo[m]) clo[m] = cache - mem; if (cache - mem > chi[m]) chi[m] = cache - mem
  }
  END {
    printf "%-10s %16s %16s %24s %8s\n", "minute", "RSS MB min-max", "memtables MB", "cache minus memtables MB", "samples"
    for (j = 1; j <= k; ++j) { m = order[j]
      printf "%-10s %7.0f-%-8.0f %7.0f-%-8.0f %11.0f-%-12.0f %8d\n", m, lo[m], hi[m], mlo[m], mhi[m], clo[m], chi[m], n[m] }
  }' "$WORK/samples.txt"
cat "$WORK/bench.json"
exit "$status"
