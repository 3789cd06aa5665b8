#!/usr/bin/env bash
# Builds the node's local base image without a daemon or a registry: a jlinked Java 17 runtime (from the
# host's Debian JDK) on the few Debian C libraries it links against, packed as a docker-archive tar that
# Jib reads with <from><image>tar://...</image></from>.
#
# usage: node-image/image/build-base.sh [output.tar]      (default: node-image/target/base/base.tar)
# Needs: jlink (openjdk-17-jdk-headless), apt-get, dpkg-deb, sha256sum, tar. Installs the JDK if missing.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/../target/base/base.tar}
tag=localhost/socketio-node-base:17
# What the node needs: Netty (jdk.unsupported), Lettuce TLS (jdk.crypto.ec), the management port
# (jdk.httpserver), JVM metrics (java.management, jdk.management), logback (java.naming).
modules=java.base,java.logging,java.management,java.naming,java.net.http,java.security.jgss,java.sql,java.xml,jdk.crypto.ec,jdk.unsupported,jdk.httpserver,jdk.management,jdk.zipfs

if [ -s "$out" ] && [ "$out" -nt "$0" ]; then
  echo "base image up to date: $out"
  exit 0
fi

if ! command -v jlink >/dev/null; then
  apt-get update -qq && apt-get install -y -qq --no-install-recommends openjdk-17-jdk-headless >/dev/null
fi
for tool in apt-get dpkg-deb sha256sum tar; do
  command -v "$tool" >/dev/null || { echo "build-base.sh: '$tool' is required" >&2; exit 1; }
done
java_home=$(dirname "$(dirname "$(readlink -f "$(command -v jlink)")")")

work=$(mktemp -d -t node-base.XXXXXX)
chmod 755 "$work"
trap 'rm -rf "$work"' EXIT
root=$work/root

"$java_home/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
  --compress=2 --output "$root/opt/java"

# The runtime's shared libraries, from the same Debian release as the JDK, unpacked without running
# any maintainer script.
mkdir -p "$work/debs"
(cd "$work/debs" && apt-get download -qq -o APT::Sandbox::User=root libc6 libgcc-s1 libstdc++6 zlib1g gcc-12-base \
  >/dev/null 2>&1) || { apt-get update -qq && (cd "$work/debs" && apt-get download -qq -o APT::Sandbox::User=root \
  libc6 libgcc-s1 libstdc++6 zlib1g gcc-12-base >/dev/null); }
for deb in "$work"/debs/*.deb; do dpkg-deb -x "$deb" "$root"; done
rm -rf "$root"/usr/share/doc "$root"/usr/share/lintian "$root"/usr/share/locale "$root"/usr/share/gcc \
  "$root"/usr/share/gdb "$root"/usr/lib/x86_64-linux-gnu/gconv "$root"/usr/lib/x86_64-linux-gnu/audit

# uid 1000 owns nothing but its home; /tmp is the only place the node writes.
mkdir -p "$root/tmp" "$root/etc" "$root/home/node" "$root/app"
chmod 1777 "$root/tmp"
printf 'root:x:0:0:root:/root:/sbin/nologin\nnode:x:1000:1000:node:/home/node:/sbin/nologin\n' > "$root/etc/passwd"
printf 'root:x:0:\nnode:x:1000:\n' > "$root/etc/group"
ldconfig -r "$root" 2>/dev/null || true

# docker-archive layout: one layer tar, an image config named by its digest, and manifest.json.
archive=$work/archive
mkdir -p "$archive"
chown -R 1000:1000 "$root/home/node"
tar --numeric-owner --sort=name --mtime=@0 -C "$root" -cf "$work/layer.tar" .
layer_id=$(sha256sum "$work/layer.tar" | cut -d' ' -f1)
mkdir -p "$archive/$layer_id"
mv "$work/layer.tar" "$archive/$layer_id/layer.tar"
printf '{"architecture":"amd64","os":"linux","created":"1970-01-01T00:00:00Z","config":{"Env":["PATH=/opt/java/bin:/usr/bin:/bin","JAVA_HOME=/opt/java"],"WorkingDir":"/app"},"rootfs":{"type":"layers","diff_ids":["sha256:%s"]},"history":[{"created":"1970-01-01T00:00:00Z","created_by":"node-image/image/build-base.sh"}]}' \
  "$layer_id" > "$work/config.json"
config_id=$(sha256sum "$work/config.json" | cut -d' ' -f1)
mv "$work/config.json" "$archive/$config_id.json"
printf '[{"Config":"%s.json","RepoTags":["%s"],"Layers":["%s/layer.tar"]}]' "$config_id" "$tag" "$layer_id" \
  > "$archive/manifest.json"

mkdir -p "$(dirname "$out")"
tar --numeric-owner --owner=0 --group=0 -C "$archive" -cf "$out.tmp" manifest.json "$config_id.json" "$layer_id/layer.tar"
mv "$out.tmp" "$out"
echo "base image $tag: $out ($(du -h "$out" | cut -f1), java $("$root/opt/java/bin/java" -version 2>&1 | head -1))"
