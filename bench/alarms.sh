#!/usr/bin/env bash
# From a reading to its alarm, under load: telemetry at a steady rate through Kafka into the
# platform, one reading a second above an alarm rule's threshold and one below its clear level a
# second later; prints the latency to the alarms.v1 record and to the alarm row, for raises and
# clears. Needs the build (./parkpulse build). Writes bench/results/<date>-<HHMM>-alarms.txt.
# usage: bench/alarms.sh [readings/s, default 50000] [seconds, default 60] [least warm-up s, default 20]
#   [devices, default 100]
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$home"
[ -f bench/target/parkpulse-bench.jar ] || mvn -B -q -Dstyle.color=never -DskipTests package
mkdir -p bench/results
result="bench/results/$(date -u +%Y-%m-%d-%H%M)-alarms.txt"
{
  echo "# ParkPulse alarm latency under load: bench/alarms.sh $*"
  echo "# commit $(git rev-parse --short HEAD)$(git status --porcelain --untracked-files=no | grep -q . && echo ' with uncommitted changes')  date $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "# machine $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB, $(java -version 2>&1 | head -1)"
  echo "# platform jar built $(date -u -r platform/target/quarkus-app/app/parkpulse-platform-0.1.0-SNAPSHOT.jar +%Y-%m-%dT%H:%M:%SZ)"
  echo "# load average at start (1, 5, 15 min): $(cut -d' ' -f1-3 /proc/loadavg)"
} >"$result.part"
if java -Xmx1g -Dparkpulse.home="$home" -cp "bench/target/parkpulse-bench.jar:bench/target/lib/*" \
  io.parkpulse.bench.AlarmLatency "$@" | tee -a "$result.part"; then
  echo "# load average at the end (1, 5, 15 min; the run's own processes included): $(cut -d' ' -f1-3 /proc/loadavg)" >>"$result.part"
  mv "$result.part" "$result"
  echo "result: $result"
else
  echo "the run failed; its partial output is in $result.part" >&2
  exit 1
fi
