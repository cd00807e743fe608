#!/usr/bin/env bash
# Time and memory to assess every enterprise of a large park. Needs the build (./parkpulse build).
# usage: bench/scoring.sh [enterprises, default 500] [machines per enterprise, default 40]
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$home"
[ -f bench/target/parkpulse-bench.jar ] || mvn -B -q -Dstyle.color=never -DskipTests package
exec java -Xmx2g -Dparkpulse.home="$home" -cp "bench/target/parkpulse-bench.jar:bench/target/lib/*" \
  io.parkpulse.bench.ScoringScale "$@"
