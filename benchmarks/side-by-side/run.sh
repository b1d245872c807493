#!/usr/bin/env bash
# Side-by-side benchmark: Vite's own ModuleRunner and Runner.Extensible (.NET, V8, WebSocket) on one Vite 8 server
# with vite-plugin-runner-extensible, in one run. Not part of CI (it takes a few minutes and needs a quiet machine).
#
#   bash benchmarks/side-by-side/run.sh [--ready-to-run] [--vite-on-node18] [--modules 1000] [--reps 5] [--warm 5]
#                                       [--hmr 8] [--full-reload 3] [--out file.json]
#
# --ready-to-run publishes the .NET client with ReadyToRun (precompiled, as an app would be deployed) instead of
# running the JIT-compiled build output. --vite-on-node18 runs Vite's runner on Debian's Node 18 (setup-node18.sh:
# the engine ours embeds) instead of the machine's node. Other arguments go to side-by-side.mjs (see its header).
# Prints a markdown table of medians and the ours/Vite ratios.
set -euo pipefail
cd "$(dirname "$0")/../.."

bash scripts/setup.sh >&2
client_args=()
ready_to_run=0
while [[ "${1:-}" == "--ready-to-run" || "${1:-}" == "--vite-on-node18" ]]; do
  if [[ "$1" == "--vite-on-node18" ]]; then
    node18="$(bash benchmarks/side-by-side/setup-node18.sh)"
    client_args+=(--vite-client-node "$node18")
    export LD_LIBRARY_PATH="$PWD/.deps/libnode/root/usr/lib/$(gcc -print-multiarch 2>/dev/null || echo x86_64-linux-gnu)${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  else
    ready_to_run=1
  fi
  shift
done
if [[ $ready_to_run -eq 1 ]]; then
  out="artifacts/side-by-side-r2r"
  dotnet publish benchmarks/Runner.Extensible.SideBySide -c Release -r linux-x64 --self-contained false \
    -p:PublishReadyToRun=true -o "$out" -nologo -clp:ErrorsOnly >&2
  client_args+=(--dotnet-client "$out/Runner.Extensible.SideBySide.dll")
else
  dotnet build benchmarks/Runner.Extensible.SideBySide -c Release -nologo -clp:ErrorsOnly >&2
fi
exec node benchmarks/side-by-side/side-by-side.mjs "${client_args[@]}" "$@"
