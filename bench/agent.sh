#!/usr/bin/env bash
# The edge agent: store-and-forward fill and drain rates against the disk's fsync rate, and the
# agent process's steady heap and RSS with 200 points at 1 Hz. Needs the build (./parkpulse build)
# and Mosquitto (the Debian package).
# usage: bench/agent.sh [readings, default 200000] [seconds of the memory run, default 120]
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$home"
[ -f bench/target/parkpulse-bench.jar ] || mvn -B -q -Dstyle.color=never -DskipTests package
exec java -Xmx1g -Dparkpulse.home="$home" -cp "bench/target/parkpulse-bench.jar:bench/target/lib/*" \
  io.parkpulse.bench.AgentBench "$@"
