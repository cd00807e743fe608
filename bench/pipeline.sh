#!/usr/bin/env bash
# End to end, from edge agents to PostgreSQL: the real edge agent (simulated machines, store and
# forward), the gateway, Kafka, the platform and an embedded PostgreSQL, each its own process on
# this machine. Open-loop steps at rising rates until the stored lag (a reading's ts to the commit
# of its row) passes 5 s at p99; prints sustained readings/s and messages/s, lag p50/p99, each
# process's CPU and RSS, and checks per device that every seq 1..N was stored exactly once. Three
# load sources (modes): the agent batching as by default, the agent with one reading per message,
# and a light generator (one reading per message, the agent's payload format).
# Needs the build (./parkpulse build). Writes bench/results/<date>-<HHMM>-pipeline.txt.
#
# usage: bench/pipeline.sh [--modes=batched,single,generator] [--seconds=20] [--warmup=60]
#   [--devices=50] [--agents=1] [--rates-batched=10000,20000,...] [--rates-single=2000,4000,...]
#   [--rates-generator=4000,8000,...] [--inflight=N (agent publish.max-inflight; default: the
#   agent's)] [--agent-opts="-Xmx48m -XX:+UseSerialGC"] [--lag-limit-ms=5000] [--jfr]
#   --jfr records the gateway and each agent run with JDK Flight Recorder and prints their hottest
#   methods (execution samples) into the result file.
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$home"
[ -f bench/target/parkpulse-bench.jar ] || mvn -B -q -Dstyle.color=never -DskipTests package
mkdir -p bench/results
stamp="$(date -u +%Y-%m-%d-%H%M)"
result="bench/results/${stamp}-pipeline.txt"
work="$home/bench/target/pipeline-$stamp-$$"
mkdir -p "$work"

bench_pid=""
# Whatever happens (failure, Ctrl-C), stop what the run started: the benchmark JVM stops its
# processes itself on SIGTERM; anything it left (killed hard) is found by its pid files.
cleanup() {
  if [ -n "$bench_pid" ] && kill -0 "$bench_pid" 2>/dev/null; then
    kill -TERM "$bench_pid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$bench_pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$bench_pid" 2>/dev/null || true
  fi
  for pidfile in "$work"/run/*.pid "$work"/postgres/postmaster.pid; do
    [ -f "$pidfile" ] || continue
    pid="$(head -1 "$pidfile" | tr -dc 0-9)"
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && kill -TERM "$pid" 2>/dev/null || true
  done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

{
  echo "# ParkPulse pipeline, edge agent to PostgreSQL: bench/pipeline.sh $*"
  echo "# commit $(git rev-parse HEAD)$(git status --porcelain --untracked-files=no | grep -q . && echo ' with uncommitted changes')"
  echo "# date $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "# machine: nproc $(nproc), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), RAM $(free -g | awk '/^Mem:/ {print $2}') GiB, $(java -version 2>&1 | head -1)"
  echo "# load average at start (1, 5, 15 min): $(cut -d' ' -f1-3 /proc/loadavg)"
} >"$result.part"
cat "$result.part"

java -Xmx1g -Dparkpulse.home="$home" -Dpipeline.work="$work" \
  -cp "bench/target/parkpulse-bench.jar:bench/target/lib/*" \
  io.parkpulse.bench.Pipeline "$@" > >(tee -a "$result.part") 2> >(tee -a "$work/bench.err" >&2) &
bench_pid=$!
status=0
wait "$bench_pid" || status=$?
bench_pid=""
sleep 0.2

if [[ " $* " == *" --jfr "* ]] && [ "$status" -eq 0 ]; then
  for rec in "$work"/*.jfr; do
    [ -f "$rec" ] || continue
    {
      echo ""
      echo "== JFR $(basename "$rec"): hottest methods, execution samples (top frame; frames anywhere on the stack)"
      jfr print --stack-depth 64 --events jdk.ExecutionSample "$rec" | awk '
        /stackTrace = \[/ { inside = 1; first = 1; samples++; delete seen; next }
        inside && /^[[:space:]]*\]/ { inside = 0; next }
        inside {
          line = $0; sub(/^[[:space:]]+/, "", line); sub(/[[:space:]]+line:.*/, "", line)
          if (line == "...") next
          if (first) { top[line]++; first = 0 }
          if (!(line in seen)) { seen[line] = 1; any[line]++ }
        }
        END {
          printf "samples %d\n-- top frame\n", samples
          n = 0; PROCINFO["sorted_in"] = "@val_num_desc"
          for (m in top) { if (n++ >= 25) break; printf "%6.1f%%  %s\n", 100 * top[m] / samples, m }
          printf "-- on the stack (inclusive), io.parkpulse / paho / kafka / netty / vertx / nio / jackson\n"
          n = 0
          for (m in any) {
            if (m !~ /parkpulse|paho|kafka|netty|vertx|nio|jackson|FileChannel|force/) continue
            if (n++ >= 40) break; printf "%6.1f%%  %s\n", 100 * any[m] / samples, m
          }
        }'
    } >>"$result.part"
  done
fi

echo "# load average at the end (1, 5, 15 min): $(cut -d' ' -f1-3 /proc/loadavg)" >>"$result.part"
if [ "$status" -eq 0 ]; then
  mv "$result.part" "$result"
  echo "result: $result (work dir, with the processes' logs: $work)"
else
  echo "the run failed (exit $status); its partial output is in $result.part, logs in $work/logs" >&2
  exit "$status"
fi
