#!/usr/bin/env bash
# Rolling restart of the compose stack (distribution/docker-compose.yml) while it serves traffic, one part at a time:
# the Kafka nodes (each back in every partition's in-sync set before the next goes), then the gateways (SIGTERM
# drains their clients, who reconnect through nginx to another gateway and resume from their position), the
# broadcaster and the ingestor. The same order is driven on real processes, with traffic and checks, by
# ClusterFaultsIT (integration-tests/src/test/java/dev/beacon/it/faults/RollingRestart.java). See docs/operations.md.
#
#   distribution/scripts/rolling-restart.sh              # restart everything
#   DRY_RUN=1 distribution/scripts/rolling-restart.sh    # print the steps only
#   COMPOSE="docker-compose -f distribution/docker-compose.yml" distribution/scripts/rolling-restart.sh
set -euo pipefail

COMPOSE=${COMPOSE:-docker compose -f "$(dirname "$0")/../docker-compose.yml"}
KAFKA_NODES=${KAFKA_NODES:-kafka kafka2 kafka3}
GATEWAYS=${GATEWAYS:-gateway1 gateway2 gateway3}
CONSUMERS=${CONSUMERS:-broadcaster ingestor}
# Longer than a gateway's drain (BEACON_DRAIN_READINESS_DELAY + BEACON_DRAIN_WINDOW, 12 s by default) and than a
# broker's controlled shutdown; compose sends SIGKILL after it.
STOP_TIMEOUT=${STOP_TIMEOUT:-60}
WAIT_SECONDS=${WAIT_SECONDS:-300}

run() {
  echo "+ $*"
  if [ -z "${DRY_RUN:-}" ]; then
    "$@"
  fi
}

# Waits until a service's health check passes (every service of the stack has one).
await_healthy() {
  local service=$1 deadline=$((SECONDS + WAIT_SECONDS)) status=""
  echo "  waiting for $service to be healthy"
  [ -n "${DRY_RUN:-}" ] && return 0
  while [ $SECONDS -lt $deadline ]; do
    status=$(docker inspect -f '{{.State.Health.Status}}' "$($COMPOSE ps -q "$service")" 2>/dev/null || true)
    [ "$status" = healthy ] && return 0
    sleep 2
  done
  echo "$service is not healthy after ${WAIT_SECONDS}s (last status: ${status:-none}); stopping here" >&2
  exit 1
}

# Waits until no partition misses a replica: the next broker may go only then, or min.insync.replicas=2 fails.
await_fully_replicated() {
  local node=$1 deadline=$((SECONDS + WAIT_SECONDS)) lagging=""
  echo "  waiting until every partition has all its replicas in sync"
  [ -n "${DRY_RUN:-}" ] && return 0
  while [ $SECONDS -lt $deadline ]; do
    if lagging=$($COMPOSE exec -T "$node" /opt/kafka/bin/kafka-topics.sh --bootstrap-server localhost:9092 \
        --describe --under-replicated-partitions 2>/dev/null) && [ -z "$lagging" ]; then
      return 0
    fi
    sleep 2
  done
  echo "partitions still under-replicated after ${WAIT_SECONDS}s:" >&2
  echo "$lagging" >&2
  exit 1
}

restart() {
  local service=$1
  echo "== $service"
  run $COMPOSE restart -t "$STOP_TIMEOUT" "$service"
  await_healthy "$service"
}

for node in $KAFKA_NODES; do
  restart "$node"
  await_fully_replicated "$node"
done
for service in $GATEWAYS $CONSUMERS; do
  restart "$service"
done
echo "rolling restart done"
