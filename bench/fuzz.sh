#!/usr/bin/env bash
# Fuzzes the Jazzer fuzz targets, each for the duration its @FuzzTest gives (10 minutes), two at a
# time, then adds up to 300 inputs of each target's new corpus to its committed corpus (replayed
# by every build) and writes the executions and findings to bench/results/<date>-fuzz.txt.
#
#   bench/fuzz.sh                         every target
#   bench/fuzz.sh model:io.parkpulse.model.fuzz.CodecsFuzzTest#registryEntries   one target
#
# A finding stops that target and is written as crash-<sha1> into the target's corpus folder in
# src/test/resources: rerun the build to see it fail, fix it, and keep the file as a regression.
set -uo pipefail
cd "$(dirname "$0")/.."

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(
    # Paired so that the two running at once are of different modules.
    model:io.parkpulse.model.fuzz.CodecsFuzzTest#telemetry
    gateway:io.parkpulse.gateway.sparkplug.SparkplugDecoderFuzzTest#decodesAsTheReferenceDecoder
    model:io.parkpulse.model.fuzz.CodecsFuzzTest#events
    gateway:io.parkpulse.gateway.MqttBytesFuzzTest#anyBytesLeaveTheGatewayServing
    model:io.parkpulse.model.fuzz.CodecsFuzzTest#registryEntries
    edge-agent:io.parkpulse.agent.config.ConfigLoaderFuzzTest#anyFileGivesAConfigurationOrItsProblems
    e2e:io.parkpulse.e2e.ProvisioningFuzzIT#anyBodyGetsAnAnswerThatIsNoServerError
    platform:io.parkpulse.platform.derived.ExpressionParserFuzzTest#anyTextGivesAnExpressionOrItsError
  )
fi

echo "Building once (mvn install -DskipTests) ..."
mvn -B -q -o install -DskipTests >/dev/null || mvn -B -q install -DskipTests >/dev/null || exit 1

stamp=$(date -u +%Y-%m-%d-%H%M)
result="bench/results/${stamp}-fuzz.txt"
logs="target/fuzz-logs"
mkdir -p "$logs" bench/results

fuzz_one() {
  local module="${1%%:*}" rest="${1#*:}"
  local class="${rest%%#*}" method="${rest#*#}"
  local log="$logs/${class##*.}-${method}.log"
  local goal=(test "-Dtest=${class##*.}#${method}" -Dsurefire.failIfNoSpecifiedTests=false)
  if [ "$module" = e2e ]; then
    goal=(verify "-Dit.test=${class##*.}#${method}" -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false)
  fi
  JAZZER_FUZZ=1 mvn -B -o -pl "$module" "${goal[@]}" >"$log" 2>&1
  local status=$?
  local runs
  runs=$(grep -aoE '^#[0-9]+' "$log" | tail -1 | tr -d '#')
  local findings
  findings=$(grep -ac 'Test unit written to' "$log")
  # New corpus entries (libFuzzer keeps them under .cifuzz-corpus) join the committed corpus.
  local corpus="$module/.cifuzz-corpus/$class/$method"
  local inputs="$module/src/test/resources/$(dirname "${class//.//}")/${class##*.}Inputs/$method"
  local added=0
  if [ -d "$corpus" ]; then
    mkdir -p "$inputs"
    for f in $(ls "$corpus" | sort | head -300); do
      [ -e "$inputs/$f" ] || { cp "$corpus/$f" "$inputs/$f"; added=$((added + 1)); }
    done
  fi
  printf '%-95s exit %s  executions %s  findings %s  corpus added %s\n' \
    "$module:$class#$method" "$status" "${runs:-0}" "$findings" "$added" >>"$result.part"
}

{
  echo "# ParkPulse fuzzing run: bench/fuzz.sh (Jazzer $(grep -o '<jazzer.version>[^<]*' pom.xml | cut -d'>' -f2), 10 minutes a target)"
  echo "# commit $(git rev-parse --short HEAD)  date $(date -u +%FT%TZ)"
  echo "# machine $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(java -version 2>&1 | head -1)"
} >"$result"
rm -f "$result.part"

# Two at a time: this machine has two cores, and each run uses one.
running=0
for target in "${targets[@]}"; do
  echo "Fuzzing $target ..."
  fuzz_one "$target" &
  running=$((running + 1))
  if [ "$running" -ge 2 ]; then
    wait -n
    running=$((running - 1))
  fi
done
wait
sort "$result.part" >>"$result"
rm -f "$result.part"
cat "$result"
