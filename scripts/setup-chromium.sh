#!/usr/bin/env bash
# Installs Debian's chromium for the browser end-to-end tests (tests/Runner.Extensible.Samples.Tests drive it
# headless over the DevTools protocol). Idempotent: does nothing when /usr/bin/chromium is already there.
# scripts/setup.sh runs it when SETUP_CHROMIUM=1 (scripts/test.sh sets that).
set -euo pipefail

export DEBIAN_FRONTEND=noninteractive
step() { printf '[setup-chromium] %s\n' "$*"; }
fail() { printf '[setup-chromium] error: %s\n' "$*" >&2; exit 1; }

as_root() {
  if [[ $(id -u) -eq 0 ]]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo -n "$@" || fail "needs root for: $*"
  else fail "needs root for: $*"
  fi
}

if [[ -x /usr/bin/chromium ]]; then
  step "chromium already installed ($(/usr/bin/chromium --version 2>/dev/null || echo 'version unknown'))"
  exit 0
fi

# apt-cache knows the package only once 'apt-get update' has filled the lists.
if ! apt-cache show chromium >/dev/null 2>&1; then
  step "apt-get update"
  as_root apt-get update -qq >/dev/null || fail "apt-get update failed"
fi
step "installing chromium"
as_root apt-get install -y -q --no-install-recommends chromium fonts-liberation >/dev/null || fail "apt-get install chromium failed"
[[ -x /usr/bin/chromium ]] || fail "/usr/bin/chromium missing after installing the package"
step "ready: $(/usr/bin/chromium --version 2>/dev/null || echo /usr/bin/chromium)"
