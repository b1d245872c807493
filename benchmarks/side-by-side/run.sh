#!/usr/bin/env bash
# Side-by-side benchmark: Vite's own ModuleRunner and Runner.Extensible (.NET, V8, WebSocket) on one Vite 8 server
# with vite-plugin-runner-extensible, in one run. Not part of CI (it takes a few minutes and needs a quiet machine).
#
#   bash benchmarks/side-by-side/run.sh [--ready-to-run] [--modules 1000] [--reps 5] [--warm 5] [--hmr 8]
#                                       [--full-reload 3] [--out file.json]
#
# --ready-to-run publishes the .NET client with ReadyToRun (precompiled, as an app would be deployed) instead of
# running the JIT-compiled build output. Other arguments go to side-by-side.mjs (see its header). Prints a markdown
# table of medians and the ours/Vite ratios.
set -euo pipefail
cd "$(dirname "$0")/../.."

bash scripts/setup.sh >&2
client_args=()
if [[ "${1:-}" == "--ready-to-run" ]]; then
  shift
  out="artifacts/side-by-side-r2r"
  dotnet publish benchmarks/Runner.Extensible.SideBySide -c Release -r linux-x64 --self-contained false \
    -p:PublishReadyToRun=true -o "$out" -nologo -clp:ErrorsOnly >&2
  client_args=(--dotnet-client "$out/Runner.Extensible.SideBySide.dll")
else
  dotnet build benchmarks/Runner.Extensible.SideBySide -c Release -nologo -clp:ErrorsOnly >&2
fi
exec node benchmarks/side-by-side/side-by-side.mjs "${client_args[@]}" "$@"
