#!/usr/bin/env bash
# How the ingest and the scoring grow with size: the ingest at 1x, 2x and 4x readings (default
# 500,000), the scoring at 1x, 2x and 4x enterprises (default 125, 40 machines each), then the
# ingest at its base size twice more (three runs of ingest / COPY at 1x). Needs the build
# (./parkpulse build) and a machine with nothing else running. Writes one result file to
# bench/results/ with the commit, the machine, the date and every run's output.
# usage: bench/scaling.sh [readings at 1x, default 500000] [enterprises at 1x, default 125]
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$home"
readings="${1:-500000}"
enterprises="${2:-125}"
[ -f bench/target/parkpulse-bench.jar ] || mvn -B -q -Dstyle.color=never -DskipTests package
mkdir -p bench/results
out="bench/results/$(date -u +%Y-%m-%d-%H%M)-scaling.txt"
{
  echo "command: bench/scaling.sh $readings $enterprises"
  echo "commit: $(git rev-parse HEAD)$( [ -z "$(git status --porcelain -- . ':!bench/results')" ] || echo ' (with uncommitted changes)')"
  echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(awk '/MemTotal/ {printf "%.1f GiB RAM", $2/1048576}' /proc/meminfo)"
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
} > "$out"
run() {
  echo "== $*" | tee -a "$out"
  # Only the benchmark's own report: the lines after the processes' logs.
  "$@" 2>/dev/null | grep -E '^(machine|loaded|summarised|assessed|built|platform|raw|row-by-row|ingest)' | tee -a "$out"
}
for factor in 1 2 4; do
  run bench/ingest.sh $((readings * factor)) 2000
done
for factor in 1 2 4; do
  run bench/scoring.sh $((enterprises * factor)) 40
done
for again in 2 3; do
  run bench/ingest.sh "$readings" 2000
done
echo "written to $out"
