#!/usr/bin/env bash
# Installs the Node-side dependencies (Vite 8, ws, the workspace plugin package) at the repo root.
# Idempotent and quick when nothing changed: a stamp in node_modules records the hash of the
# manifests that produced the current install, so a second run only compares hashes.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "setup-node: node and npm are required (Node >= 20.19). Install Node.js 20 or later, e.g. 'apt-get install nodejs npm'." >&2
  exit 1
fi

manifests=(package.json src/vite-plugin-runner-extensible/package.json)
[[ -f package-lock.json ]] && manifests+=(package-lock.json)
wanted="$(cat "${manifests[@]}" | sha256sum | cut -d' ' -f1)"
stamp="node_modules/.runner-extensible-setup"

if [[ -f "$stamp" && "$(cat "$stamp")" == "$wanted" && -f node_modules/vite/package.json && -f node_modules/ws/package.json ]]; then
  exit 0
fi

npm_flags=(--no-audit --no-fund --loglevel=error)
if [[ -f package-lock.json ]]; then
  npm ci "${npm_flags[@]}" >/dev/null
else
  npm install "${npm_flags[@]}" >/dev/null
  wanted="$(cat package.json src/vite-plugin-runner-extensible/package.json package-lock.json | sha256sum | cut -d' ' -f1)"
fi

echo "$wanted" > "$stamp"
echo "setup-node: installed vite $(node -p "require('./node_modules/vite/package.json').version") and ws $(node -p "require('./node_modules/ws/package.json').version")" >&2
