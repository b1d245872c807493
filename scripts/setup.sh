#!/usr/bin/env bash
# Sets up everything the build and tests need on a fresh Debian machine, idempotently:
# libnode + the native V8 shim, the npm packages (Vite 8, ws), and Chromium when asked.
# Fast when everything is already in place.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '==> %s\n' "$*"; }

command -v dotnet >/dev/null || { echo "error: the .NET 10 SDK (dotnet) is required; install it from Microsoft's packages" >&2; exit 1; }
command -v node >/dev/null || { echo "error: Node.js >= 20.19 is required (Vite 8); install nodejs" >&2; exit 1; }

if [ -f scripts/setup-libnode.sh ]; then
  step "libnode and the native V8 shim"
  bash scripts/setup-libnode.sh
fi
if [ -f scripts/setup-node.sh ]; then
  step "npm packages (Vite 8, ws, Preact for the SSR sample)"
  bash scripts/setup-node.sh
fi
if [ "${SETUP_CHROMIUM:-0}" = "1" ] && [ -f scripts/setup-chromium.sh ]; then
  step "Chromium for browser tests"
  bash scripts/setup-chromium.sh
fi
step "setup done"
