#!/usr/bin/env bash
# The pool's borrow + release fast path before and after a change, in one run: PoolBenchmark's ours1/ours2 from the
# benchmarks jar of a base commit and from the working tree, alternated (base, now, base, now, ...) so that both
# share the machine's state; commons-pool2 runs in each round as a yardstick. Prints ops/us per round and the
# ratio of the means.
#
#   benchmarks/pool-before-after.sh BASE_COMMIT [ROUNDS]      (default 3 rounds)
#
# Environment: MVN_FLAGS (e.g. -o), SKIP_BUILD=1 (the working tree's benchmarks jar is built already).
set -euo pipefail

base="${1:?usage: pool-before-after.sh BASE_COMMIT [ROUNDS]}"
rounds="${2:-3}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck disable=SC2206 # MVN_FLAGS is a list of flags on purpose
mvn=(mvn -B -q ${MVN_FLAGS:-})
work="$(mktemp -d)"
trap 'git -C "$root" worktree remove --force "$work/base" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

git -C "$root" worktree add --detach -q "$work/base" "$base"
(cd "$work/base" && "${mvn[@]}" package -DskipTests -pl benchmarks -am)
cp "$work/base/benchmarks/target/benchmarks.jar" "$work/before.jar"
if [[ "${SKIP_BUILD:-}" != 1 ]]; then
  (cd "$root" && "${mvn[@]}" package -DskipTests -pl benchmarks -am)
fi
cp "$root/benchmarks/target/benchmarks.jar" "$work/after.jar"

java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
run() { # jar pattern json
  "$java" -jar "$1" "$2" -f 1 -wi 3 -w 1 -i 5 -r 1 -rf json -rff "$3" >/dev/null
}
score() { # json benchmark-suffix
  python3 - "$1" "$2" <<'PY'
import json, sys
for r in json.load(open(sys.argv[1])):
    if r["benchmark"].endswith("." + sys.argv[2]):
        print("%.2f" % r["primaryMetric"]["score"])
PY
}
declare -A sum
printf '%-6s %-7s %10s %10s %14s %14s\n' round side ours1 ours2 commonsPool1 commonsPool2
for ((i = 1; i <= rounds; i++)); do
  for side in before after; do
    run "$work/$side.jar" 'PoolBenchmark\.(ours|commonsPool)[12]$' "$work/$side-$i.json"
    line=()
    for b in ours1 ours2 commonsPool1 commonsPool2; do
      v="$(score "$work/$side-$i.json" "$b")"
      line+=("$v")
      sum[$side.$b]="$(python3 -c "print(${sum[$side.$b]:-0} + $v)")"
    done
    printf '%-6s %-7s %10s %10s %14s %14s\n' "$i" "$side" "${line[@]}"
  done
done
for b in ours1 ours2; do
  python3 -c "print('$b: after/before = %.3f (mean of $rounds rounds each, ops/us)' % (${sum[after.$b]} / ${sum[before.$b]}))"
done
