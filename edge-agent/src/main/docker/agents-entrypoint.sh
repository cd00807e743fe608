#!/bin/sh
# Signs in to the platform as the bootstrap admin, creates the simulator's park, enterprise and
# devices where absent (as ./parkpulse demo does), gives each device a fresh secret, writes one
# agent.yaml per device and runs them all in one agent process. Settings (environment):
#   PARKPULSE_PLATFORM_URL    the platform's API            (http://platform:8080)
#   PARKPULSE_GATEWAY_URI     the gateway's MQTT listener   (tcp://gateway:1883)
#   PARKPULSE_ADMIN_USER      the bootstrap admin           (admin)
#   PARKPULSE_ADMIN_PASSWORD  its password                  (required)
#   SIMULATOR_PARK            park id                       (simulated)
#   SIMULATOR_ENTERPRISE      enterprise id                 (simulated-co)
#   SIMULATOR_DEVICES         number of simulated machines  (3)
#   SIMULATOR_INTERVAL        time between readings         (2s)
set -eu
api="${PARKPULSE_PLATFORM_URL:-http://platform:8080}"
gateway="${PARKPULSE_GATEWAY_URI:-tcp://gateway:1883}"
user="${PARKPULSE_ADMIN_USER:-admin}"
password="${PARKPULSE_ADMIN_PASSWORD:?set PARKPULSE_ADMIN_PASSWORD to the platform admin password}"
park="${SIMULATOR_PARK:-simulated}"
enterprise="${SIMULATOR_ENTERPRISE:-simulated-co}"
devices="${SIMULATOR_DEVICES:-3}"
interval="${SIMULATOR_INTERVAL:-2s}"
work="${HOME:-/home/parkpulse}/agents"

login="$(jq -n --arg user "$user" --arg password "$password" '{user: $user, password: $password}')"
token="$(curl -fsS -H 'Content-Type: application/json' -d "$login" "$api/api/v1/login" | jq -r .token)" || {
  echo "cannot sign in to $api as $user: check PARKPULSE_ADMIN_PASSWORD (the admin is created only on an empty database)" >&2
  exit 1
}

# POSTs $2 to $1; prints the answer, or nothing if it exists already (409). Fails otherwise.
create() {
  answer="$(mktemp)"
  status="$(curl -sS -o "$answer" -w '%{http_code}' -X POST -H "Authorization: Bearer $token" \
    -H 'Content-Type: application/json' -d "$2" "$api$1")"
  case "$status" in
    2*) cat "$answer" ;;
    409) ;;
    *) echo "POST $1 answered $status: $(cat "$answer")" >&2; rm -f "$answer"; exit 1 ;;
  esac
  rm -f "$answer"
}

create /api/v1/parks "$(jq -n --arg id "$park" '{id: $id, name: "Simulated park"}')" >/dev/null
create /api/v1/enterprises "$(jq -n --arg id "$enterprise" --arg park "$park" \
  '{id: $id, park: $park, name: "Simulated machines", industry: "machining", size: "small"}')" >/dev/null

mkdir -p "$work"
set --
i=1
while [ "$i" -le "$devices" ]; do
  device="$(printf 'sim-%02d' "$i")"
  created="$(create "/api/v1/enterprises/$enterprise/devices" \
    "$(jq -n --arg id "$device" '{id: $id, name: $id}')")"
  if [ -z "$created" ]; then
    # It exists: its secret was shown once, so give it a new one.
    created="$(create "/api/v1/enterprises/$enterprise/devices/$device/secret" '{}')"
  fi
  secret="$(printf '%s' "$created" | jq -r .secret)"
  file="$work/$device.yaml"
  umask 077
  cat >"$file" <<YAML
# Written by agents-entrypoint.sh for one simulated machine.
gateway:
  uri: $gateway
device:
  enterprise: $enterprise
  id: $device
  secret: "$secret"
state-dir: state/$device
machines:
  - simulator:
      interval: $interval
      seed: $i
YAML
  set -- "$@" "$file"
  i=$((i + 1))
done
echo "running $devices simulated machines of $enterprise in park $park against $gateway"
exec /opt/parkpulse-agent/bin/parkpulse-agent run "$@"
