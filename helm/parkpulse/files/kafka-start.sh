#!/usr/bin/env bash
# Starts the bundled single-node Kafka (KRaft: broker and controller in one process) with SASL
# authentication and the standard authorizer. docker-compose.yml and the Helm chart both run it in
# the apache/kafka image; devstack's KafkaStartScriptTest runs it against a real broker.
#
# Listeners:
#   CLIENT     SASL_PLAINTEXT, SCRAM-SHA-512, ${PARKPULSE_KAFKA_BIND_HOST}:${PARKPULSE_KAFKA_PORT},
#              advertised as ${PARKPULSE_KAFKA_ADVERTISED}: the platform, the gateway, integrators
#   EXTERNAL   the same on ${PARKPULSE_KAFKA_EXTERNAL_PORT}, only when
#              ${PARKPULSE_KAFKA_EXTERNAL_ADVERTISED} is set (integrators outside the network)
#   INTERNAL   SASL_PLAINTEXT, PLAIN, 127.0.0.1 only: inter-broker traffic and this script
#   CONTROLLER SASL_PLAINTEXT, PLAIN, 127.0.0.1 only: the KRaft quorum
# The loopback listeners authenticate the user "broker" with a password made anew at every start
# and kept only in the broker's configuration, in a private temporary directory. "broker" and
# "platform" are super users; every other principal needs ACLs, which the platform grants.
#
# The SCRAM credentials of "platform" and "gateway" come from PARKPULSE_KAFKA_PLATFORM_PASSWORD
# and PARKPULSE_KAFKA_GATEWAY_PASSWORD. A new data directory is formatted with them; on every start
# they are written again once the broker answers, so a volume of an earlier release gets them and
# a changed password takes effect with a restart. Then the readiness file is written.
set -euo pipefail
# Byte-wise character classes in the password check, whatever the container's locale.
LC_ALL=C

kafka_home="${KAFKA_HOME:-/opt/kafka}"
data_dir="${PARKPULSE_KAFKA_DATA_DIR:-/var/lib/kafka/data}"
bind_host="${PARKPULSE_KAFKA_BIND_HOST:-0.0.0.0}"
client_port="${PARKPULSE_KAFKA_PORT:-9092}"
controller_port="${PARKPULSE_KAFKA_CONTROLLER_PORT:-9093}"
internal_port="${PARKPULSE_KAFKA_INTERNAL_PORT:-9094}"
external_port="${PARKPULSE_KAFKA_EXTERNAL_PORT:-19092}"
external_advertised="${PARKPULSE_KAFKA_EXTERNAL_ADVERTISED:-}"
ready_file="${PARKPULSE_KAFKA_READY_FILE:-/tmp/parkpulse-kafka/ready}"
start_timeout="${PARKPULSE_KAFKA_START_TIMEOUT:-300}"

fail() {
  echo "kafka-start: $*" >&2
  exit 2
}

# A password goes into kafka-storage.sh's --add-scram and kafka-configs.sh's --add-config, whose
# syntax uses ',', '[', ']' and quotes: only characters that cannot break it are taken.
check_password() {
  local var="$1" user="$2" value="${!1:-}"
  local what="the password of the Kafka user '$user': at least 12 of A-Z a-z 0-9 . _ ~ + / = -"
  if [ -z "$value" ]; then
    fail "set $var to $what"
  fi
  if [ "${#value}" -lt 12 ]; then
    fail "$var is too short (${#value} characters): set it to $what"
  fi
  if ! [[ "$value" =~ ^[A-Za-z0-9._~+/=-]+$ ]]; then
    fail "$var has a character outside A-Z a-z 0-9 . _ ~ + / = -: set it to $what"
  fi
}

check_password PARKPULSE_KAFKA_PLATFORM_PASSWORD platform
check_password PARKPULSE_KAFKA_GATEWAY_PASSWORD gateway
platform_password="$PARKPULSE_KAFKA_PLATFORM_PASSWORD"
gateway_password="$PARKPULSE_KAFKA_GATEWAY_PASSWORD"
if [ -z "${PARKPULSE_KAFKA_ADVERTISED:-}" ]; then
  fail "set PARKPULSE_KAFKA_ADVERTISED to the host:port clients reach Kafka at (e.g. kafka:9092)"
fi
advertised="$PARKPULSE_KAFKA_ADVERTISED"
for tool in kafka-storage.sh kafka-server-start.sh kafka-configs.sh; do
  [ -x "$kafka_home/bin/$tool" ] || fail "no $kafka_home/bin/$tool: set KAFKA_HOME to Kafka's home"
done

# A restarted container keeps /tmp: the broker is not ready before this start says so.
rm -f "$ready_file"
mkdir -p "$(dirname "$ready_file")"

umask 077
work="$(mktemp -d "${TMPDIR:-/tmp}/kafka-start.XXXXXX")"
chmod 700 "$work"
kafka_pid=""
helper_pid=""
stopping=""
failed=""
trap 'rm -rf "$work"' EXIT
# Docker and Kubernetes stop the container with SIGTERM to this script: Kafka gets it and shuts
# down cleanly (controlled shutdown, logs flushed) before the script exits.
stop() {
  stopping=1
  if [ -n "$helper_pid" ]; then kill -TERM "$helper_pid" 2>/dev/null || true; fi
  if [ -n "$kafka_pid" ]; then kill -TERM "$kafka_pid" 2>/dev/null || true; fi
}
trap stop TERM INT

broker_password="$(od -An -tx1 -N24 /dev/urandom | tr -d ' \n')"
[ "${#broker_password}" -eq 48 ] || fail "cannot read /dev/urandom for the broker's password"
# As server: the one user "broker"; as client (inter-broker, controller): log in as it.
plain_jaas="org.apache.kafka.common.security.plain.PlainLoginModule required"
plain_jaas="$plain_jaas username=\"broker\" password=\"$broker_password\""
plain_jaas="$plain_jaas user_broker=\"$broker_password\";"
scram_jaas="org.apache.kafka.common.security.scram.ScramLoginModule required;"

listeners="CLIENT://$bind_host:$client_port,INTERNAL://127.0.0.1:$internal_port"
listeners="$listeners,CONTROLLER://127.0.0.1:$controller_port"
advertised_listeners="CLIENT://$advertised,INTERNAL://127.0.0.1:$internal_port"
protocols="CLIENT:SASL_PLAINTEXT,INTERNAL:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT"
if [ -n "$external_advertised" ]; then
  listeners="$listeners,EXTERNAL://$bind_host:$external_port"
  advertised_listeners="$advertised_listeners,EXTERNAL://$external_advertised"
  protocols="$protocols,EXTERNAL:SASL_PLAINTEXT"
fi

config="$work/server.properties"
cat >"$config" <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$controller_port
listeners=$listeners
advertised.listeners=$advertised_listeners
listener.security.protocol.map=$protocols
inter.broker.listener.name=INTERNAL
controller.listener.names=CONTROLLER
sasl.mechanism.inter.broker.protocol=PLAIN
sasl.mechanism.controller.protocol=PLAIN
listener.name.internal.sasl.enabled.mechanisms=PLAIN
listener.name.internal.plain.sasl.jaas.config=$plain_jaas
listener.name.controller.sasl.enabled.mechanisms=PLAIN
listener.name.controller.plain.sasl.jaas.config=$plain_jaas
listener.name.client.sasl.enabled.mechanisms=SCRAM-SHA-512
listener.name.client.scram-sha-512.sasl.jaas.config=$scram_jaas
listener.name.external.sasl.enabled.mechanisms=SCRAM-SHA-512
listener.name.external.scram-sha-512.sasl.jaas.config=$scram_jaas
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
super.users=User:broker;User:platform
allow.everyone.if.no.acl.found=false
log.dirs=$data_dir
auto.create.topics.enable=false
num.partitions=1
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
EOF

if [ ! -f "$data_dir/meta.properties" ]; then
  mkdir -p "$data_dir"
  cluster_id="$("$kafka_home/bin/kafka-storage.sh" random-uuid)"
  echo "kafka-start: formatting $data_dir (cluster $cluster_id)"
  "$kafka_home/bin/kafka-storage.sh" format --cluster-id "$cluster_id" --config "$config" \
    --add-scram "SCRAM-SHA-512=[name=platform,password=$platform_password]" \
    --add-scram "SCRAM-SHA-512=[name=gateway,password=$gateway_password]"
fi

"$kafka_home/bin/kafka-server-start.sh" "$config" &
kafka_pid=$!

# kafka-configs.sh connects as "broker" over the loopback listener.
admin_config="$work/admin.properties"
cat >"$admin_config" <<EOF
security.protocol=SASL_PLAINTEXT
sasl.mechanism=PLAIN
sasl.jaas.config=$plain_jaas
request.timeout.ms=10000
default.api.timeout.ms=20000
EOF

# Sets the SCRAM credential of user $1 to password $2; 0 once the broker took it.
upsert_user() {
  "$kafka_home/bin/kafka-configs.sh" --bootstrap-server "127.0.0.1:$internal_port" \
    --command-config "$admin_config" --alter --entity-type users --entity-name "$1" \
    --add-config "SCRAM-SHA-512=[password=$2]" >"$work/configs.out" 2>&1 &
  helper_pid=$!
  local status=0
  wait "$helper_pid" || status=$?
  helper_pid=""
  return "$status"
}

deadline=$((SECONDS + start_timeout))
upserted=""
for user in platform gateway; do
  password="$platform_password"
  [ "$user" = platform ] || password="$gateway_password"
  until [ -n "$stopping" ] || upsert_user "$user" "$password"; do
    if ! kill -0 "$kafka_pid" 2>/dev/null || [ "$SECONDS" -ge "$deadline" ]; then
      cat "$work/configs.out" >&2
      echo "kafka-start: cannot set the credential of '$user' (see above); stopping Kafka" >&2
      failed=1
      stop
      break 2
    fi
    sleep 1
  done
  upserted="$upserted $user"
done
if [ -z "$stopping" ]; then
  echo "kafka-start: SCRAM-SHA-512 credentials set for:$upserted; Kafka is ready"
  : >"$ready_file"
fi

# wait returns early when a signal arrives; wait again until Kafka has really exited.
status=0
while true; do
  status=0
  wait "$kafka_pid" || status=$?
  kill -0 "$kafka_pid" 2>/dev/null || break
done
rm -f "$ready_file"
if [ -n "$failed" ]; then
  exit 1
elif [ -z "$stopping" ]; then
  # Kafka stopped by itself: the container must not look like it ended normally.
  echo "kafka-start: Kafka exited with status $status" >&2
  [ "$status" -ne 0 ] || status=1
elif [ "$status" -eq 143 ]; then
  # The JVM's status after a SIGTERM that its shutdown hook handled: a clean stop.
  status=0
fi
exit "$status"
