#!/usr/bin/env bash
# The main job: sets the machine up (libnode and the native V8 shim, Vite 8 from npm), builds the vite-dotnet tool,
# and runs the bundled example: Vite transforms examples/hello/src/main.ts (TypeScript importing a helper) and the
# module runs in V8 embedded in the .NET process. Extra arguments go to vite-dotnet, e.g. --watch or --verbose.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh

echo "==> build vite-dotnet (src/Runner.Extensible.Cli)"
dotnet build src/Runner.Extensible.Cli/Runner.Extensible.Cli.csproj -c Release -nologo -clp:ErrorsOnly -v quiet \
  || { echo "error: building vite-dotnet failed" >&2; exit 1; }

echo "==> vite-dotnet run examples/hello/src/main.ts $*"
exec src/Runner.Extensible.Cli/bin/Release/net10.0/vite-dotnet run examples/hello/src/main.ts "$@"
