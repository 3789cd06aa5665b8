#!/usr/bin/env bash
# Runs the benchmarks and prints their figures. Loopback only; every scenario stops by itself.
#   benchmarks/run.sh [idle|idle-1k|fanout|fanout-smoke|emitter|all] [key=value...]   (default: all)
# emitter starts a redis-server of its own (EmitterBenchmark's key=value settings after the scenario).
# Needs: Redis on 127.0.0.1:6379 (fan-out), Node.js with `npm ci` done in test-support/node-peers.
# fanout takes the FanOutBenchmark's key=value settings after the scenario, e.g.
#   benchmarks/run.sh fanout clients=100 rates=500 modes=classic transports=websocket deflateModes=none
# It exits with 3 when the measured figures miss the goal.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
scenario="${1:-all}"
shift || true

# 10k clients and the node's 10k sockets need file descriptors: raise the limit as far as allowed.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
echo "open files limit: $(ulimit -n)"

if [ ! -d test-support/node-peers/node_modules/ws ]; then
  (cd test-support/node-peers && npm ci --no-audit --no-fund)
fi
# Build the node jar and the harness from source in one reactor (no install into ~/.m2).
./mvnw -B -q -o -Pbench -pl node-image,benchmarks -am package -DskipTests
# Keep private copies: other builds may replace the jars in target/ while a run is going.
work="$(mktemp -d /tmp/sio-bench.XXXXXX)"
trap 'rm -rf "$work"' EXIT
cp node-image/target/socketio-node.jar "$work/node.jar"
cp benchmarks/target/socketio-benchmarks.jar "$work/bench.jar"

echo "date: $(date -u +%FT%TZ)  cpus: $(nproc)  load: $(uptime | sed 's/.*load average/load average/')"
bench() {
  timeout -k 30 "${BENCH_TIMEOUT:-180}" java -Xmx256m -Dproject.root="$root" -Dbench.nodeJar="$work/node.jar" \
    -Dbench.nodeJvmArgs="${NODE_JVM_ARGS:-}" \
    -Dbench.nodeEnv="${JAVA_NODE_ENV:-}" \
    -Dbench.logDir="$root/benchmarks/target/logs" -cp "$work/bench.jar" "$@"
}
idle() {  # one JVM per count, so each stays inside its own time bound
  for count in "$@"; do bench org.socketiooperator.bench.IdleConnectionsBenchmark "$count"; done
}
fanout() {  # the default matrix took 10.5 minutes on 2 busy cores; 40 minutes is its hard bound
  BENCH_TIMEOUT=2400 bench org.socketiooperator.bench.FanOutBenchmark "$@"
}
status=0
case "$scenario" in
  idle-1k) idle 1000 ;;
  idle) idle 1000 10000 ;;
  fanout) fanout "$@" || status=$? ;;
  # every variant once, small: 20 clients per side, one rate, 3 s
  # the Java emitter against the official one, on a redis-server of its own: 5 rounds of 100,000 emits each
  emitter) BENCH_TIMEOUT=600 bench org.socketiooperator.bench.EmitterBenchmark "$@" || status=$? ;;
  fanout-smoke) fanout clients=20 rates=200 seconds=3 warmupSeconds=2 startWarmupSeconds=2 deflateRates=50 drainMs=5000 "$@" \
    || status=$? ;;
  all)
    idle 1000 10000
    fanout || status=$? ;;
  *) echo "unknown scenario '$scenario': idle, idle-1k, fanout, fanout-smoke, emitter or all" >&2; exit 2 ;;
esac
echo "after: $(uptime | sed 's/.*load average/load average/')"
exit "$status"
