#!/usr/bin/env bash
# Obtains Debian's libnode (Node.js 18 as a shared library) without installing it as a package
# (it conflicts with the machine's Node.js 20), and builds the native shim of the V8 plugin.
# Idempotent and non-interactive: each step is skipped when its result is already in place.
#
#   scripts/setup-libnode.sh          # prepare everything (needs root for /usr/share/nodejs and apt)
#   scripts/setup-libnode.sh --force  # rebuild the native shim even if it looks up to date
set -euo pipefail

export DEBIAN_FRONTEND=noninteractive

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
deps="$repo/.deps"
debs="$deps/libnode/debs"
root="$deps/libnode/root"
native_out="$deps/native"
shim_src="$repo/plugins/Runner.Extensible.V8/native"
shim_lib="$native_out/librunner_v8_host.so"
force=0
[[ "${1:-}" == "--force" ]] && force=1

packages=(libnode108 libnode-dev libuv1-dev node-acorn node-cjs-module-lexer node-undici)
# Shared libraries libnode108 links against; they install cleanly next to the machine's Node.js.
runtime_libs=(libuv1 libbrotli1 libc-ares2 libicu72 libnghttp2-14 libssl3 zlib1g)
# Debian's libnode loads part of its own JavaScript from these absolute paths.
share_dirs=(cjs-module-lexer undici acorn acorn-walk)

step() { printf '[setup-libnode] %s\n' "$*"; }
fail() { printf '[setup-libnode] error: %s\n' "$*" >&2; exit 1; }

as_root() {
  if [[ $(id -u) -eq 0 ]]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo -n "$@" || fail "needs root for: $*"
  else fail "needs root for: $*"
  fi
}

apt_updated=0
apt_update_once() {
  if [[ $apt_updated -eq 0 ]]; then
    step "apt-get update"
    as_root apt-get update -qq >/dev/null || fail "apt-get update failed"
    apt_updated=1
  fi
}

# apt-cache knows a package only after 'apt-get update' has filled the lists.
apt_knows() { apt-cache show "$1" >/dev/null 2>&1; }

multiarch="$(gcc -print-multiarch 2>/dev/null || true)"
[[ -n "$multiarch" ]] || multiarch="$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || echo x86_64-linux-gnu)"
libnode_so="$root/usr/lib/$multiarch/libnode.so.108"
system_libuv="/usr/lib/$multiarch/libuv.so.1"

# 1. Download the packages (once).
mkdir -p "$debs" "$root" "$native_out"
missing=()
for p in "${packages[@]}"; do
  compgen -G "$debs/${p}_*.deb" >/dev/null || missing+=("$p")
done
if [[ ${#missing[@]} -gt 0 ]]; then
  apt_knows libnode108 || apt_update_once
  step "downloading ${missing[*]}"
  # Downloading into a folder the _apt user cannot write is fine as root; silence that notice.
  (cd "$debs" && apt-get download -q -o APT::Sandbox::User=root "${missing[@]}" >/dev/null) \
    || fail "apt-get download ${missing[*]} failed"
else
  step "packages already downloaded"
fi

# 2. Extract each package into .deps/libnode/root (once per .deb).
for deb in "$debs"/*.deb; do
  stamp="$root/.extracted-$(basename "$deb")"
  if [[ ! -f "$stamp" ]]; then
    step "extracting $(basename "$deb")"
    dpkg -x "$deb" "$root" || fail "dpkg -x $deb failed"
    touch "$stamp"
  fi
done
[[ -f "$libnode_so" ]] || fail "libnode.so.108 not found at $libnode_so after extraction"
[[ -f "$root/usr/include/node/node.h" ]] || fail "node.h missing after extraction"

# 3. Put libnode's built-in JavaScript dependencies where it looks for them.
for d in "${share_dirs[@]}"; do
  if [[ ! -e "/usr/share/nodejs/$d" ]]; then
    [[ -d "$root/usr/share/nodejs/$d" ]] || fail "$d missing from the extracted packages"
    step "installing /usr/share/nodejs/$d"
    as_root mkdir -p /usr/share/nodejs
    as_root cp -a "$root/usr/share/nodejs/$d" "/usr/share/nodejs/$d"
  fi
done

# 4. Shared libraries libnode needs at run time (the system libuv.so.1, not the static one).
absent=()
for p in "${runtime_libs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || absent+=("$p")
done
if [[ ${#absent[@]} -gt 0 ]]; then
  apt_knows "${absent[0]}" || apt_update_once
  step "installing ${absent[*]}"
  as_root apt-get install -y -q --no-install-recommends "${absent[@]}" >/dev/null \
    || fail "apt-get install ${absent[*]} failed"
fi
[[ -e "$system_libuv" ]] || fail "system libuv not found at $system_libuv"

# 5. Make libnode reachable next to the shim (the shim's rpath is $ORIGIN).
ln -sfn "../libnode/root/usr/lib/$multiarch/libnode.so.108" "$native_out/libnode.so.108"

# 6. Build the native shim when a source is newer than the library.
needs_build=$force
if [[ ! -f "$shim_lib" ]]; then needs_build=1
elif [[ -n "$(find "$shim_src" -newer "$shim_lib" -type f -print -quit)" ]]; then needs_build=1
elif [[ "$0" -nt "$shim_lib" ]]; then needs_build=1
fi
if [[ $needs_build -eq 1 ]]; then
  command -v g++ >/dev/null 2>&1 || fail "g++ is required to build the native shim"
  step "building $(basename "$shim_lib")"
  g++ -std=c++17 -O2 -g0 -fPIC -shared -Wall -Wextra -Wno-unused-parameter \
    -I"$root/usr/include/node" -I"$root/usr/include" \
    "$shim_src"/*.cc \
    -o "$shim_lib.tmp" \
    "$libnode_so" "$system_libuv" -lpthread \
    -Wl,-rpath,'$ORIGIN' -Wl,--no-undefined -Wl,-z,defs \
    || fail "building the native shim failed"
  mv -f "$shim_lib.tmp" "$shim_lib"
else
  step "native shim up to date"
fi

step "ready: $native_out"
