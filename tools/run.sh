#!/usr/bin/env bash
# Installs what is missing, builds fondbok (Release) and starts fondbokd on 127.0.0.1:50051 with its
# data in ./var/fondbok. The first start creates the fund and writes the admin token to
# ./var/fondbok/admin.token (mode 0600). Stop it with Ctrl-C (SIGINT) or SIGTERM.
set -euo pipefail
cd "$(dirname "$0")/.."
./tools/setup.sh
export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=1
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
ninja -C build -j"${JOBS:-2}" fondbokd fondbok
data_dir="${FONDBOK_DATA_DIR:-./var/fondbok}"
listen="${FONDBOK_LISTEN:-127.0.0.1:50051}"
mkdir -p "$(dirname "$data_dir")"
cat <<MSG

fondbokd is starting on $listen with data in $data_dir
The admin token is in $data_dir/admin.token (created on the first start, mode 0600).
In another terminal, from this directory:
  ./build/clients/fondbok whoami
  ./build/clients/fondbok ledger accounts
Metrics: http://127.0.0.1:9464/metrics

MSG
exec ./build/services/server/fondbokd --listen "$listen" --data-dir "$data_dir" --metrics-listen 127.0.0.1:9464
