#!/usr/bin/env bash
# Memory per idle authenticated MQTT connection: gateway vs Mosquitto on this machine.
# Needs the build (./parkpulse build), Debian's mosquitto and the JDK's jcmd.
# usage: bench/idle.sh [connections, default 10000] [gateway,mosquitto]
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$home"
# Every connection is a file descriptor both in the client and in the gateway or Mosquitto, which
# inherit this shell's limit: raise it well above the connection count (root may raise the hard
# limit; others get what the hard limit allows).
want=$(( ${1:-10000} * 2 + 10000 ))
if [ "$(ulimit -Hn)" != unlimited ] && [ "$(ulimit -Hn)" -lt "$want" ]; then
  ulimit -Hn "$want" 2>/dev/null || true
fi
ulimit -Sn "$(ulimit -Hn)"
[ -f bench/target/parkpulse-bench.jar ] || mvn -B -q -Dstyle.color=never -DskipTests package
exec java -Xmx1g -Dparkpulse.home="$home" -cp "bench/target/parkpulse-bench.jar:bench/target/lib/*" \
  io.parkpulse.bench.IdleConnections "$@"
