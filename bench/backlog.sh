#!/usr/bin/env bash
# Backlog drain: an edge agent cut off with N readings of 200 points reconnects while live devices
# keep publishing once a second; prints the drain rate into PostgreSQL and the live data's
# freshness before and during the drain. Needs the build (./parkpulse build).
# usage: bench/backlog.sh [backlog readings, default 20000] [live devices, default 20] [unlimited]
#   unlimited: lift the device message rate (default: the park's 100 messages/s)
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$home"
[ -f bench/target/parkpulse-bench.jar ] || mvn -B -q -Dstyle.color=never -DskipTests package
exec java -Xmx2g -Dparkpulse.home="$home" -cp "bench/target/parkpulse-bench.jar:bench/target/lib/*" \
  io.parkpulse.bench.BacklogDrain "$@"
