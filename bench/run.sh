#!/usr/bin/env bash
# Gateway vs Mosquitto on this machine. Needs the build (./parkpulse build) and Debian's mosquitto.
# usage: bench/run.sh [rates,comma,separated] [seconds per step] [clients] [payload bytes]
#   [gateway,mosquitto] [warm-up seconds, default 5]
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$home"
[ -f bench/target/parkpulse-bench.jar ] || mvn -B -q -Dstyle.color=never -DskipTests package
exec java -Xmx1g -Dparkpulse.home="$home" -cp "bench/target/parkpulse-bench.jar:bench/target/lib/*" \
  io.parkpulse.bench.GatewayVsMosquitto "$@"
