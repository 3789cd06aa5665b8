#!/usr/bin/env bash
# Runs the benchmarks and prints their figures. Loopback only; every scenario stops by itself.
#   benchmarks/run.sh [idle|idle-1k|fanout|fanout-java|fanout-node|all]   (default: all)
# Needs: Redis on 127.0.0.1:6379 (fan-out), Node.js with `npm ci` done in test-support/node-peers.
# FANOUT_CLIENTS (1000), FANOUT_PUBLISHES (200), FANOUT_WINDOW (4) size the fan-out run.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
scenario="${1:-all}"

# 10k clients and the node's 10k sockets need file descriptors: raise the limit as far as allowed.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
echo "open files limit: $(ulimit -n)"

if [ ! -d test-support/node-peers/node_modules/ws ]; then
  (cd test-support/node-peers && npm ci --no-audit --no-fund)
fi
# Build the node jar and the harness from source in one reactor (no install into ~/.m2).
mvn -B -q -o -Pbench -pl node-image,benchmarks -am package -DskipTests
# Keep private copies: other builds may replace the jars in target/ while a run is going.
work="$(mktemp -d /tmp/sio-bench.XXXXXX)"
trap 'rm -rf "$work"' EXIT
cp node-image/target/socketio-node.jar "$work/node.jar"
cp benchmarks/target/socketio-benchmarks.jar "$work/bench.jar"

echo "date: $(date -u +%FT%TZ)  cpus: $(nproc)  load: $(uptime | sed 's/.*load average/load average/')"
bench() {
  timeout 180 java -Xmx256m -Dproject.root="$root" -Dbench.nodeJar="$work/node.jar" \
    -Dbench.logDir="$root/benchmarks/target/logs" -cp "$work/bench.jar" "$@"
}
idle() {  # one JVM per count, so each stays inside its own time bound
  for count in "$@"; do bench org.socketiooperator.bench.IdleConnectionsBenchmark "$count"; done
}
fanout() {
  bench org.socketiooperator.bench.FanOutBenchmark "${FANOUT_CLIENTS:-1000}" "${FANOUT_PUBLISHES:-200}" \
    "${FANOUT_WINDOW:-4}" "$1"
}
case "$scenario" in
  idle-1k) idle 1000 ;;
  idle) idle 1000 10000 ;;
  fanout-java) fanout java ;;
  fanout-node) fanout node ;;
  fanout) fanout java; fanout node ;;
  all)
    idle 1000 10000
    fanout java; fanout node ;;
  *) echo "unknown scenario '$scenario': idle, idle-1k, fanout, fanout-java, fanout-node or all" >&2; exit 2 ;;
esac
echo "after: $(uptime | sed 's/.*load average/load average/')"
