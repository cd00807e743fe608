#!/usr/bin/env bash
# The four figures of docs/benchmarks.md, three runs of each, into one result file: PUBACK p99 at
# half the gateway's capacity (a rate sweep finds the capacity: every message delivered, p99 under
# 50 ms; then 20 s at half of it), memory per idle authenticated connection, the ingest against raw
# COPY, and scoring a park of 500 enterprises. Needs the build (./parkpulse build), Debian's
# mosquitto, and a machine with nothing else running. Writes bench/results/<date>-<HHMM>-figures.txt
# with the commit, the machine, the date, the load average before each run and every run's report.
# usage: bench/figures.sh [which, default puback,idle,ingest,scoring] [runs of each, default 3]
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$home"
which="${1:-puback,idle,ingest,scoring}"
runs="${2:-3}"
[ -f bench/target/parkpulse-bench.jar ] || mvn -B -q -Dstyle.color=never -DskipTests package
mkdir -p bench/results
out="bench/results/$(date -u +%Y-%m-%d-%H%M)-figures.txt"
{
  echo "command: bench/figures.sh $which $runs"
  echo "commit: $(git rev-parse HEAD)$( [ -z "$(git status --porcelain -- . ':!bench/results')" ] || echo ' (with uncommitted changes)')"
  echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(awk '/MemTotal/ {printf "%.1f GiB RAM", $2/1048576}' /proc/meminfo)"
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
} > "$out"
run() {
  echo "== $* (load average $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%H:%M:%SZ))" | tee -a "$out"
  log="$(mktemp)"
  "$@" > "$log" 2>/dev/null || echo "exit status $?" | tee -a "$out"
  # The benchmark's own report: from its last line starting with "machine:" to the end.
  awk '/^machine:/ { n = NR } { line[NR] = $0 } END { for (i = n; i >= 1 && i <= NR; i++) if (line[i] !~ /^output in /) print line[i] }' "$log" | tee -a "$out"
  rm -f "$log"
}
# The idle runs go last and a minute apart: their 10,000 connections leave as many local ports in
# TIME_WAIT, which a process of the next run may then fail to listen on.
for i in $(seq "$runs"); do
  case ",$which," in *,puback,*) run bench/run.sh 4000,8000,12000,16000,20000,24000,32000 10 100 200 gateway ;; esac
  case ",$which," in *,ingest,*) run bench/ingest.sh 1000000 2000 ;; esac
  case ",$which," in *,scoring,*) run bench/scoring.sh 500 40 ;; esac
done
case ",$which," in *,idle,*)
  for i in $(seq "$runs"); do
    run bench/idle.sh 10000 gateway
    sleep 60
  done ;;
esac
echo "written to $out"
