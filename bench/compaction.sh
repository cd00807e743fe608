#!/usr/bin/env bash
# Storage of a month of telemetry before and after compaction into hour blocks, and the time of a
# 30-day 1-minute chart, a year of daily rollups and a day of raw readings on it. Needs the build
# (./parkpulse build). Writes its result to bench/results/.
# usage: bench/compaction.sh [days, default 30] [devices, default 10] [seconds between readings,
#        default 5] [timed runs of each query, default 15]
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$home"
[ -f bench/target/parkpulse-bench.jar ] || mvn -B -q -Dstyle.color=never -DskipTests package
exec java -Xmx2g -Dparkpulse.home="$home" -cp "bench/target/parkpulse-bench.jar:bench/target/lib/*" \
  io.parkpulse.bench.CompactionBench "$@"
