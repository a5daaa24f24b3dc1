#!/usr/bin/env bash
# Beacon and its two peers, one after the other, driven by the same load generator (`beacon bench fanout`) with
# the same options, into one --out directory: one table at the end, and per run one SVG chart with the three
# percentile curves side by side.
#   Beacon in-process   2 gateways + broker + broadcaster + ingestor in one JVM, generator in a child JVM
#   Node ws             ws-broadcast.mjs, one process
#   Node ws + Redis     two ws-redis.mjs processes joined by redis-server (the Socket.IO Redis-adapter design)
#
# Usage: distribution/bench-node/compare-fanout.sh [bench fanout options...]
#   e.g. compare-fanout.sh --rate-steps 100,250,500 --duration 15s --warmup 5s --require-idle
# Env: BEACON_JAR (default distribution/target/beacon.jar), OUT (default bench-results/<UTC date>-compare-fanout),
#      NODE_PORT (9300), REDIS_PORTS (9310,9311), REDIS_SERVER_PORT (16379).
# Needs java, node, npm and redis-server (Debian: nodejs npm redis-server). Run it on an idle machine: every run
# prints the load average at its start and end, and --require-idle makes a busy machine stop it.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
jar=${BEACON_JAR:-$root/distribution/target/beacon.jar}
out=${OUT:-bench-results/$(date -u +%F)-compare-fanout}
node_port=${NODE_PORT:-9300}
IFS=, read -r redis_a redis_b <<<"${REDIS_PORTS:-9310,9311}"
redis_port=${REDIS_SERVER_PORT:-16379}
opts=("$@")
[ ${#opts[@]} -gt 0 ] || opts=(--rate-steps 100,250,500 --duration 15s --warmup 5s)

for tool in java node redis-server; do
  command -v "$tool" >/dev/null || { echo "compare-fanout: '$tool' is not installed (apt-get install nodejs npm redis-server)" >&2; exit 2; }
done
[ -f "$jar" ] || { echo "compare-fanout: no $jar; build it first: mvn -B -q -DskipTests package" >&2; exit 2; }
[ -d "$here/node_modules/ioredis" ] || (cd "$here" && npm ci --no-audit --no-fund >/dev/null)
mkdir -p "$out"
log=$out/compare-fanout.log
: >"$log"

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT

# Waits (at most 20 s) until something listens on 127.0.0.1:$1.
await_port() {
  for _ in $(seq 1 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.2
  done
  echo "compare-fanout: nothing listens on 127.0.0.1:$1 after 20 s (see $log)" >&2
  exit 1
}

bench() {
  echo "== $1" | tee -a "$log"
  shift
  java -jar "$jar" bench fanout --out "$out" "$@" "${opts[@]}" 2>>"$log" | tee -a "$log" \
    | grep -E '^conditions|BUSY|percentiles:|chart' || true
}

bench "Beacon in-process, 2 gateways"

(cd "$here" && PORT=$node_port exec node ws-broadcast.mjs >>"$log" 2>&1) & pids+=($!)
await_port "$node_port"
bench "Node ws, one process" --url "ws://127.0.0.1:$node_port/chat" --label "Node ws"
kill "${pids[-1]}"

redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no >>"$log" 2>&1 & pids+=($!)
await_port "$redis_port"
for p in "$redis_a" "$redis_b"; do
  (cd "$here" && PORT=$p REDIS=redis://127.0.0.1:$redis_port exec node ws-redis.mjs >>"$log" 2>&1) & pids+=($!)
  await_port "$p"
done
bench "2 Node ws + Redis pub/sub" --url "ws://127.0.0.1:$redis_a/chat,ws://127.0.0.1:$redis_b/chat" --label "Node ws + Redis"

echo
echo "### side by side (from $log)"
grep -m1 -E '^\| target \|' "$log"
grep -m1 -E '^\|---' "$log"
grep -E '^\| (Beacon|Node ws)' "$log"
grep -E '^\| !!! BUSY' "$log" | sort -u || true
echo
echo "charts: $(ls "$out"/*.svg | tr '\n' ' ')"
