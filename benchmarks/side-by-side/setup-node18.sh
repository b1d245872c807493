#!/usr/bin/env bash
# Debian's Node.js 18 (the same libnode 18.20.4 and V8 10.2 the .NET runner embeds), for running Vite's own runner on
# the same engine as ours: `bash benchmarks/side-by-side/run.sh --vite-on-node18`. Downloads Debian's nodejs package
# (not the machine's node) into .deps/node18 and prints the path of its node binary. Needs scripts/setup-libnode.sh
# first (run.sh runs scripts/setup.sh); the binary links against .deps/libnode's libnode.so.108.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
dir="$repo/.deps/node18"
node="$dir/root/usr/bin/node"
fail() { echo "setup-node18: $*" >&2; exit 1; }

if [[ ! -x "$node" ]]; then
  # The newest 18.x Debian offers (the machine's own nodejs may come from another source).
  version="$(apt-cache madison nodejs | awk -F'|' '{gsub(/ /, "", $2); print $2}' | grep '^18\.' | sort -V | tail -1)"
  if [[ -z "$version" ]]; then
    if [[ $(id -u) -eq 0 ]]; then apt-get update -qq >/dev/null; else sudo -n apt-get update -qq >/dev/null; fi \
      || fail "apt-get update failed"
    version="$(apt-cache madison nodejs | awk -F'|' '{gsub(/ /, "", $2); print $2}' | grep '^18\.' | sort -V | tail -1)"
  fi
  [[ -n "$version" ]] || fail "Debian offers no nodejs 18.x package here"
  mkdir -p "$dir/debs" "$dir/root"
  (cd "$dir/debs" && apt-get download -q -o APT::Sandbox::User=root "nodejs=$version" >/dev/null) \
    || fail "apt-get download nodejs=$version failed"
  dpkg -x "$dir"/debs/nodejs_*.deb "$dir/root" || fail "dpkg -x failed"
fi
[[ -x "$node" ]] || fail "no node binary at $node"
echo "$node"
