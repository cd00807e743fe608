#!/usr/bin/env bash
# Whether a large API answer (a month of one device's 1-minute rollups, about 46 MB of JSON) always
# arrives whole, over HTTP/1.1 and over HTTP/2 (h2c): fetched and parsed N times each. Needs the
# build (./parkpulse build). Writes bench/results/<date>-<HHMM>-large-answers.txt.
# usage: bench/large-answers.sh [fetches per protocol, default 40]
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$home"
[ -f bench/target/parkpulse-bench.jar ] || mvn -B -q -Dstyle.color=never -DskipTests package
exec java -Xmx2g -Dparkpulse.home="$home" -cp "bench/target/parkpulse-bench.jar:bench/target/lib/*" \
  io.parkpulse.bench.LargeAnswers "$@"
