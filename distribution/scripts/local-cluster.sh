#!/usr/bin/env bash
# Beacon split over processes on this machine, on a Kafka cluster of N `beacon kafka` nodes (1 or 3), for trying a
# cluster and for running `beacon bench gps|fanout --url ...` against one (docs/benchmarks.md). Loopback only.
#
#   distribution/scripts/local-cluster.sh start 3 /tmp/beacon-cluster    # 3 brokers, 2 gateways, broadcaster, ingestor
#   distribution/scripts/local-cluster.sh stop /tmp/beacon-cluster       # SIGTERM every process it started
#
# Ports: brokers 19092/19093, 19192/19193, 19292/19293 (client/controller); gateways 18080, 18081; ingestor 18181.
set -euo pipefail

JAR=${BEACON_JAR:-$(dirname "$0")/../target/beacon.jar}
HEAP=${HEAP:--Xmx512m}

start() {
  local nodes=$1 dir=$2 voters="" bootstrap="" id
  mkdir -p "$dir"
  for id in $(seq 1 "$nodes"); do
    voters+="${voters:+,}$id@127.0.0.1:19$((id - 1))93"
    bootstrap+="${bootstrap:+,}127.0.0.1:19$((id - 1))92"
  done
  local cluster_id
  cluster_id=$(head -c 16 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 22)
  for id in $(seq 1 "$nodes"); do
    launch "kafka$id" java "$HEAP" -jar "$JAR" kafka --data-dir "$dir/kafka$id" --node-id "$id" \
      --kafka-port "19$((id - 1))92" --kafka-controller-port "19$((id - 1))93" \
      --quorum-voters "$voters" --cluster-id "$cluster_id"
  done
  for id in $(seq 1 "$nodes"); do
    await "$dir/kafka$id.log" "Kafka is running"
  done
  # A generous ack timeout: services that find Kafka slow at start (a loaded machine) give up after 3 of them.
  export BEACON_KAFKA_BOOTSTRAP=$bootstrap BEACON_KAFKA_PARTITIONS=${BEACON_KAFKA_PARTITIONS:-6} \
    BEACON_ACK_TIMEOUT=${BEACON_ACK_TIMEOUT:-15s}
  # Loopback only, for benchmarks: anonymous devices write as in `beacon local` (bench gps sends no key), and the
  # ingestor's reads take a token made here, kept in $dir/read-token.
  export BEACON_DEVICE_AUTH=${BEACON_DEVICE_AUTH:-open}
  local read_token=${BEACON_INGESTOR_READ_TOKEN:-$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')}
  (umask 077 && printf '%s\n' "$read_token" > "$dir/read-token")
  BEACON_DATA_DIR=$dir/ingestor BEACON_INGESTOR_PORT=18181 BEACON_INGESTOR_HOST=127.0.0.1 \
    BEACON_INGESTOR_READ_TOKEN=$read_token launch ingestor java "$HEAP" -jar "$JAR" ingestor
  for gw in 0 1; do
    BEACON_GATEWAY_ID=gw$gw BEACON_GATEWAY_PORT=1808$gw BEACON_GATEWAY_HOST=127.0.0.1 \
      BEACON_INTERNAL_PORT=1810$gw BEACON_INTERNAL_HOST=127.0.0.1 launch "gw$gw" java "$HEAP" -jar "$JAR" gateway
  done
  for url in http://127.0.0.1:18080/ready http://127.0.0.1:18081/ready http://127.0.0.1:18181/ready; do
    until curl -fs -o /dev/null "$url"; do sleep 1; done
  done
  # After the gateways made the topics: on a loaded machine a broadcaster started beside them can give up first.
  BEACON_BROADCASTER_INSTANCE=b1 BEACON_BROADCASTER_HTTP_PORT=18090 launch broadcaster java "$HEAP" -jar "$JAR" broadcaster
  until curl -fs -o /dev/null http://127.0.0.1:18090/ready; do sleep 1; done
  echo "ready: ws://127.0.0.1:18080/ws, ws://127.0.0.1:18081/ws (Kafka $bootstrap);" \
    "stats: curl -H \"Authorization: Bearer \$(cat $dir/read-token)\" http://127.0.0.1:18181/api/stats"
}

launch() {
  local name=$1
  shift
  "$@" > "$DIR/$name.log" 2>&1 &
  echo $! > "$DIR/$name.pid"
}

await() {
  until grep -q "$2" "$1" 2>/dev/null; do sleep 1; done
}

stop() {
  local pid
  for file in "$1"/*.pid; do
    pid=$(cat "$file")
    kill "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null; do sleep 0.5; done
    rm -f "$file"
  done
}

case "${1:-}" in
  start) DIR=$3; start "$2" "$3" ;;
  stop) stop "$2" ;;
  *) echo "usage: $0 start <1|3> <dir> | stop <dir>" >&2; exit 2 ;;
esac
