#!/usr/bin/env bash
# Time to compute a park's monthly energy and carbon figures from 30 days of meter days, beside
# PostgreSQL summing the same rows. Needs the build (./parkpulse build).
# usage: bench/energy.sh [enterprises, default 500] [meters per enterprise, default 40]
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$home"
[ -f bench/target/parkpulse-bench.jar ] || mvn -B -q -Dstyle.color=never -DskipTests package
exec java -Xmx2g -Dparkpulse.home="$home" -cp "bench/target/parkpulse-bench.jar:bench/target/lib/*" \
  io.parkpulse.bench.EnergyScale "$@"
