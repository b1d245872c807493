#!/usr/bin/env bash
# Side-by-side benchmark: Vite's own ModuleRunner and Runner.Extensible (.NET, V8, WebSocket) on one Vite 8 server
# with vite-plugin-runner-extensible, in one run. Not part of CI (it takes minutes and needs a quiet machine).
#
#   bash benchmarks/side-by-side/run.sh [--modules 1000] [--reps 5] [--warm 3] [--hmr 3] [--full-reload 2] [--out file.json]
#
# Arguments go to side-by-side.mjs (see its header). Prints a markdown table of medians and the ours/Vite ratios.
set -euo pipefail
cd "$(dirname "$0")/../.."

bash scripts/setup.sh >&2
dotnet build benchmarks/Runner.Extensible.SideBySide -c Release -nologo -clp:ErrorsOnly >&2
exec node benchmarks/side-by-side/side-by-side.mjs "$@"
