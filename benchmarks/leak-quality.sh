#!/usr/bin/env bash
# The leak quality suite: realistic applications (jolokia-bridge/src/test/java/com/acme) in child JVMs with the
# agent at its default detector settings, each judged against its target; prints a markdown table and writes it to
# jolokia-bridge/target/leak-quality.md (or --out, relative to jolokia-bridge/).
#
#   benchmarks/leak-quality.sh                                  # all scenarios, 25 min, all at once
#   benchmarks/leak-quality.sh --minutes 2 --scenarios static-map-20mb,lru-warmup
#   options: --minutes N  --scenarios a,b,c  --parallel P  --heap 1g  --out FILE  --agent-options k=v,...
#
# Environment: MVN_FLAGS (e.g. -o to build offline), SKIP_BUILD=1 (use what is built), JAVA_HOME.
# Exit code: 0 when every scenario passes, 1 otherwise, 2 for a usage error.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# shellcheck disable=SC2206 # MVN_FLAGS is a list of flags on purpose
mvn=(mvn -B -q ${MVN_FLAGS:-})
classpath="$root/jolokia-bridge/target/leak-quality.classpath"

if [[ "${SKIP_BUILD:-}" != 1 ]]; then
  "${mvn[@]}" install -DskipTests
fi
if [[ "${SKIP_BUILD:-}" != 1 || ! -s "$classpath" ]]; then
  "${mvn[@]}" -pl jolokia-bridge dependency:build-classpath -Dmdep.outputFile="$classpath"
fi
for built in jolokia-bridge/target/memory-manager-agent.jar jolokia-bridge/target/test-classes/com/acme; do
  [[ -e "$built" ]] || { echo "missing $built: run without SKIP_BUILD=1" >&2; exit 2; }
done

java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
# A snapshot of what runs, so that rebuilding the tree during a 25-minute run cannot change it under the children.
run="$root/jolokia-bridge/target/leak-quality-run"
rm -rf "$run"
mkdir -p "$run"
cp -r jolokia-bridge/target/test-classes "$run/test-classes"
cp -r jolokia-bridge/target/classes "$run/classes"
cp jolokia-bridge/target/memory-manager-agent.jar "$run/memory-manager-agent.jar"
cd "$root/jolokia-bridge"
exec "$java" -cp "$run/test-classes:$run/classes:$(cat "$classpath")" \
  -Dagent.jar="$run/memory-manager-agent.jar" \
  -Dhost.classes="$run/test-classes" \
  -Ddemo.jar="$root/samples/target/memory-manager-demo.jar" \
  io.memorymanager.bridge.it.LeakQuality "$@"
