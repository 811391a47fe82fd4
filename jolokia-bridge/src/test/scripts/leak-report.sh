#!/usr/bin/env bash
# A measured run for the leak detector's detection-quality report (not part of the build):
# one child JVM with the agent per scenario, its detector polled every 5 s over Jolokia; prints when the status
# first reached WARNING and CRITICAL, and the top suspect at the end.
#
#   mvn -B -q install -DskipTests && jolokia-bridge/src/test/scripts/leak-report.sh <minutes> <name> <heap> <window s> <mode> [sessions/s]
#   e.g. leak-report.sh 10 slow-leak 512m 300 leak-map 16
set -euo pipefail
minutes=$1 name=$2 heap=$3 window=$4 mode=$5 rate=${6:-100}
cd "$(dirname "$0")/../../.."
sample=$(( window * 1000 / 60 ))
log=$(mktemp)
# Copies: a rebuild during the run must not pull the jar from under the running JVM.
copy=$(mktemp -d)
cp target/memory-manager-agent.jar "$copy/" && cp -r target/test-classes "$copy/"
java -Xmx"$heap" -XX:+UseG1GC -DsessionsPerSecond="$rate" \
  -javaagent:"$copy"/memory-manager-agent.jar=port=0,leakWindowSeconds="$window",leakSampleIntervalMillis="$sample" \
  -cp "$copy"/test-classes io.memorymanager.bridge.it.HostApp "$mode" < <(sleep $(( minutes * 60 + 30 ))) 2> "$log" > /dev/null &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$log" "$copy"' EXIT
url=""
for _ in $(seq 60); do
  url=$(grep -o 'Jolokia at http://[^ ]*' "$log" | cut -d' ' -f3 || true)
  [ -n "$url" ] && break
  sleep 0.5
done
[ -n "$url" ] || { echo "no Jolokia URL"; cat "$log"; exit 1; }
start=$(date +%s)
warning=-1 critical=-1 worst=NONE
rank() { case $1 in NONE) echo 0;; INFO) echo 1;; WARNING) echo 2;; CRITICAL) echo 3;; *) echo 9;; esac; }
while [ $(( $(date +%s) - start )) -lt $(( minutes * 60 )) ]; do
  status=$(curl -s "${url}read/io.memorymanager:type=LeakDetector/Status" | python3 -c 'import json,sys; print(json.load(sys.stdin)["value"])' 2>/dev/null || echo UNREADABLE)
  t=$(( $(date +%s) - start ))
  [ "$(rank "$status")" -gt "$(rank "$worst")" ] && worst=$status
  [ "$warning" -lt 0 ] && [ "$(rank "$status")" -ge 2 ] && warning=$t
  [ "$critical" -lt 0 ] && [ "$(rank "$status")" -ge 3 ] && critical=$t
  sleep 5
done
summary=$(curl -s "${url}read/io.memorymanager:type=LeakDetector" | python3 -c '
import json, sys
v = json.load(sys.stdin)["value"]
s = v["Suspects"]
top = s[0]["className"] + " %.0f/min" % s[0]["instancesPerMinute"] if s else "-"
print("end status %s, score %d, floor growth %.1f MB/min, exhaustion in %s s, top suspect %s" % (v["Status"], v["LeakScore"], v["HeapGrowthBytesPerMinute"] / 1048576, v["TimeToExhaustionSeconds"], top))')
echo "$name ($mode, rate $rate/s, -Xmx$heap, window ${window}s, ${minutes} min): first WARNING ${warning} s, first CRITICAL ${critical} s, worst $worst; $summary"
