#!/usr/bin/env bash
# Packs everything shipped — the contracts, the core, the conformance kit, the plugins (the V8 package carries
# its native shim and libnode) and the dotnet new template pack — into artifacts/packages/, all with one version.
#
#   scripts/pack.sh                    # version <repo Version>-local.<UTC timestamp>, so that a fresh pack never
#                                      # collides with an older one of the same version in a NuGet cache
#   scripts/pack.sh --version 0.2.0    # an explicit version (or PACK_VERSION=0.2.0)
#   scripts/pack.sh --output DIR       # somewhere else than artifacts/packages/
#
# Builds in Release into artifacts/pack/ (not the projects' bin/ and obj/), so packing never disturbs a build of
# the solution, and a packed assembly never carries this machine's .deps/native path. The last line printed is
# the version packed.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

version="${PACK_VERSION:-}"
output="$repo/artifacts/packages"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --version) version="$2"; shift 2 ;;
    --output) output="$(mkdir -p "$2" && cd "$2" && pwd)"; shift 2 ;;
    *) echo "usage: scripts/pack.sh [--version X] [--output DIR]" >&2; exit 2 ;;
  esac
done
if [[ -z "$version" ]]; then
  base=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props | head -1)
  [[ -n "$base" ]] || { echo "error: no <Version> in Directory.Build.props" >&2; exit 1; }
  version="$base-local.$(date -u +%Y%m%d%H%M%S)"
fi

step() { printf '[pack] %s\n' "$*" >&2; }

projects=(
  src/Runner.Extensible.Abstractions/Runner.Extensible.Abstractions.csproj
  src/Runner.Extensible/Runner.Extensible.csproj
  src/Runner.Extensible.Conformance/Runner.Extensible.Conformance.csproj
)
for p in plugins/*/*.csproj templates/*/*.csproj; do
  [[ -f "$p" ]] && projects+=("$p")
done

# The V8 package carries the native libraries; prepare them (idempotent, quick when already in place).
if compgen -G "plugins/Runner.Extensible.V8/*.csproj" >/dev/null; then
  step "native V8 shim and libnode"
  bash scripts/setup-libnode.sh >&2
fi

# One MSBuild invocation over a solution filter builds shared dependencies once, on both cores.
work="$repo/artifacts/pack"
mkdir -p "$work" "$output"
filter="$work/packages.slnf"
{
  printf '{\n  "solution": {\n    "path": "../../Runner.Extensible.sln",\n    "projects": [\n'
  for i in "${!projects[@]}"; do
    sep=","; [[ $i -eq $((${#projects[@]} - 1)) ]] && sep=""
    printf '      "%s"%s\n' "${projects[$i]}" "$sep"
  done
  printf '    ]\n  }\n}\n'
} >"$filter"

# Older packs of these packages would only pile up (the consumers pin one exact version).
rm -f "$output"/Runner.Extensible*.nupkg

step "packing ${#projects[@]} projects as $version into $output"
dotnet pack "$filter" -c Release -nologo -clp:ErrorsOnly \
  -p:Version="$version" \
  -p:UseArtifactsOutput=true -p:ArtifactsPath="$work/build" \
  -p:PackageOutputPath="$output/" \
  -p:RunnerV8BakeNativeDirectory=false >&2

count=$(find "$output" -maxdepth 1 -name "Runner.Extensible*.$version.nupkg" | wc -l)
[[ "$count" -ge ${#projects[@]} ]] || { echo "error: expected ${#projects[@]} packages of version $version in $output, found $count" >&2; exit 1; }
step "$count packages"
echo "$version"
