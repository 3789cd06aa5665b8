#!/usr/bin/env bash
# Runs the node image as a real container, the way a hardened pod runs it (uid 1000, read-only root
# filesystem, no capabilities), connects the official socket.io-client through the published port,
# checks the probes, then stops it with SIGTERM and checks that it drained.
#
# usage: node-image/image/smoke.sh <jib-image.tar> <image name>
# Needs podman + runc (installed with apt-get when missing), node and test-support/node-peers (npm ci).
set -euo pipefail

tar_file=${1:?usage: smoke.sh <jib-image.tar> <image name>}
image=${2:?usage: smoke.sh <jib-image.tar> <image name>}
here=$(cd "$(dirname "$0")" && pwd)
peers=$(cd "$here/../../test-support/node-peers" && pwd)

fail() { echo "container smoke FAILED: $*" >&2; exit 1; }

if ! command -v podman >/dev/null || ! command -v runc >/dev/null; then
  echo "installing podman and runc (apt-get)"
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq podman runc >/dev/null; } \
    || fail "podman/runc are not installed and apt-get could not install them"
fi
command -v node >/dev/null || fail "node is required to run the socket.io-client"
[ -d "$peers/node_modules/socket.io-client" ] || fail "run 'npm ci' in $peers first"
[ -s "$tar_file" ] || fail "no image tar at $tar_file (build it with -Pimage or -Pcontainer-smoke)"

name=socketio-node-smoke-$$
# Free loopback ports: ask the kernel, then hand them to podman (a small race we accept in a smoke test).
read -r port mport < <(node -e '
  const net = require("net"); const a = net.createServer(), b = net.createServer();
  a.listen(0, "127.0.0.1", () => b.listen(0, "127.0.0.1", () => {
    console.log(a.address().port + " " + b.address().port); a.close(); b.close(); }));')

cleanup() {
  podman rm -f "$name" >/dev/null 2>&1 || true
  podman rmi -f "$image" >/dev/null 2>&1 || true
}
trap cleanup EXIT

podman load -q -i "$tar_file" >/dev/null || fail "podman could not load $tar_file"
podman run -d --name "$name" --runtime runc \
  --ulimit nofile=1024:1024 --ulimit nproc=1024:1024 \
  --user 1000:1000 --read-only --cap-drop=ALL --security-opt no-new-privileges \
  -e SIO_DRAIN_PERIOD_MS=1000 \
  -p "127.0.0.1:$port:3000" -p "127.0.0.1:$mport:9090" "$image" >/dev/null || fail "podman run failed"

ready=""
for _ in $(seq 1 120); do
  if curl -fsS "http://127.0.0.1:$mport/readyz" >/dev/null 2>&1; then ready=yes; break; fi
  [ "$(podman inspect -f '{{.State.Running}}' "$name" 2>/dev/null)" = true ] || break
  sleep 0.5
done
[ -n "$ready" ] || { podman logs "$name" >&2 || true; fail "the node never became ready"; }

user=$(podman inspect -f '{{.Config.User}}' "$name")
[ "$user" = "1000:1000" ] || fail "container user is '$user', expected 1000:1000"
# read whole bodies first: grep -q stops at its match, and under pipefail curl's broken pipe would fail the check
page="$(curl -fsS "http://127.0.0.1:$port/")" || fail "demo page not served"
grep -q "Demo chat" <<<"$page" || fail "demo page not served"
metrics="$(curl -fsS "http://127.0.0.1:$mport/metrics")" || fail "metrics not served"
grep -q "^socketio_connections " <<<"$metrics" || fail "metrics not served"

NODE_PATH="$peers/node_modules" URL="http://127.0.0.1:$port/" node -e '
  const { io } = require("socket.io-client");
  const socket = io(process.env.URL, { reconnection: false });
  const timer = setTimeout(() => { console.error("no answer from the node"); process.exit(1); }, 15000);
  socket.on("connect_error", (e) => { console.error("connect_error: " + e.message); process.exit(1); });
  socket.on("connect", () => socket.emit("join", "smoke", (answer) => {
    if (!answer || !answer.rooms || answer.rooms[0] !== "smoke") { console.error("bad ack", answer); process.exit(1); }
    console.log("socket.io-client connected over " + socket.io.engine.transport.name + ", joined " + answer.rooms);
    clearTimeout(timer); socket.close();
  }));' || fail "socket.io-client could not talk to the node"

podman stop -t 20 "$name" >/dev/null
podman logs "$name" 2>&1 | grep -q "drained: node stopped" || { podman logs "$name" >&2; fail "no graceful drain on SIGTERM"; }
echo "container smoke OK: $image ran as uid 1000 on a read-only root, served a client, drained on SIGTERM"
