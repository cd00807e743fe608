#!/usr/bin/env bash
# Platform ingest vs raw binary COPY vs row-by-row INSERT into the telemetry table, on this machine.
# Needs the build (./parkpulse build).
# usage: bench/ingest.sh [readings, default 1000000] [rows for the INSERT run, default 20000]
#   [readings of warm-up before them, default as many]
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$home"
[ -f bench/target/parkpulse-bench.jar ] || mvn -B -q -Dstyle.color=never -DskipTests package
exec java -Xmx2g -Dparkpulse.home="$home" -cp "bench/target/parkpulse-bench.jar:bench/target/lib/*" \
  io.parkpulse.bench.IngestVsCopy "$@"
