#!/usr/bin/env bash
# Run by the build before the first test (test-support, phase initialize; skipped with -DskipTests).
# Checks once, up front, the tools the build cannot install, naming each missing one and its install
# command; then installs the official Node.js peers from the committed lockfile, unless already current.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
peers="$here/node-peers"

missing=()
need() {
  command -v "$1" >/dev/null 2>&1 || missing+=("  $1 — $2")
}
need node "Node.js 18 or newer: apt-get install nodejs npm (or your platform's Node.js package)"
need npm "npm: apt-get install npm"
need redis-server "Redis 7: apt-get install redis-server (the tests start their own servers on loopback ports)"
need redis-cli "redis-cli: apt-get install redis-tools"
chromium="${CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$chromium" ] && ! command -v chromium >/dev/null 2>&1; then
  missing+=("  chromium — headless browser for the demo page test: apt-get install chromium (or set CHROMIUM to its path)")
fi
if command -v node >/dev/null 2>&1; then
  major="$(node -p 'process.versions.node.split(".")[0]')"
  if [ "$major" -lt 18 ]; then
    missing+=("  node — found Node.js $major, the official Socket.IO packages need 18 or newer")
  fi
fi
if [ "${#missing[@]}" -gt 0 ]; then
  echo "The tests need tools that the build cannot install:" >&2
  printf '%s\n' "${missing[@]}" >&2
  echo "Install them and run the build again (or build without tests: -DskipTests)." >&2
  exit 1
fi

# npm ci only when the lockfile changed since the last install (a stamp of its hash in node_modules).
stamp="$peers/node_modules/.installed-lockfile.sha256"
want="$(sha256sum "$peers/package-lock.json" | cut -d' ' -f1)"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -d "$peers/node_modules/socket.io" ]; then
  echo "Node.js peers are current (test-support/node-peers)"
  exit 0
fi
echo "Installing the Node.js peers from the lockfile (npm ci in test-support/node-peers)"
(cd "$peers" && npm ci --no-audit --no-fund --loglevel=error)
echo "$want" > "$stamp"
