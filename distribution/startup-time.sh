#!/usr/bin/env bash
# Times `java -jar JAR local` from process start to the first 200 of GET /ready on the gateway, and to the
# "Beacon is running" banner (every part started), each run on a fresh data directory; with two jars, alternates
# them run by run so that a loaded machine's drift hits both alike. docs/benchmarks.md has the figures.
#   distribution/startup-time.sh PAIRS JAR_A [JAR_B] [LOGDIR]
# e.g. distribution/startup-time.sh 6 /tmp/before/beacon.jar distribution/target/beacon.jar
# Ports 18480 (gateway), 18481 (ingestor), 18492/18493 (Kafka) must be free. Needs curl.
set -u
pairs=$1; a=$2; b=${3:-}; out=${4:-$(mktemp -d /tmp/beacon-startup-XXXX)}; mkdir -p "$out"
pid=
trap '[ -n "$pid" ] && kill -9 "$pid" 2>/dev/null; exit 1' TERM INT

one() {
  local jar=$1 tag=$2 dir start ready banner
  dir=$(mktemp -d /tmp/beacon-startup-run-XXXX)
  start=$(date +%s%N)
  BEACON_GATEWAY_PORT=18480 BEACON_INGESTOR_PORT=18481 BEACON_KAFKA_PORT=18492 BEACON_KAFKA_CONTROLLER_PORT=18493 \
    java -jar "$jar" local --data-dir "$dir" > "$dir/out.log" 2>&1 &
  pid=$!
  until curl -fs -o /dev/null http://127.0.0.1:18480/ready; do
    sleep 0.02
    kill -0 "$pid" 2>/dev/null || { echo "$tag: beacon exited: $(tail -1 "$dir/out.log")" >&2; break; }
  done
  ready=$(date +%s%N)
  until grep -q "Beacon is running" "$dir/out.log"; do
    sleep 0.02
    kill -0 "$pid" 2>/dev/null || break
  done
  banner=$(date +%s%N)
  kill -9 "$pid"; wait "$pid" 2>/dev/null; pid=
  cp "$dir/out.log" "$out/$tag.log"; rm -rf "$dir"
  result="ready $(( (ready - start) / 1000000 )) ms, banner $(( (banner - start) / 1000000 )) ms,"
  result+=" broker $(grep -o 'ready on [^ ]* in [0-9]* ms' "$out/$tag.log" | grep -o 'in [0-9]*' | cut -d' ' -f2) ms"
}

for i in $(seq 1 "$pairs"); do
  load=$(cut -d' ' -f1 /proc/loadavg)
  one "$a" "A$i"; line="run $i (load $load)  A: $result"
  if [ -n "$b" ]; then one "$b" "B$i"; line+="  B: $result"; fi
  echo "$line"
done
echo "logs in $out"
