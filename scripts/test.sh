#!/usr/bin/env bash
# Sets up the machine (scripts/setup.sh), builds the solution with warnings as errors, and runs every
# test suite: the .NET test projects and the Vite plugin's node tests. Ends with one summary line
# "N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")/.."

# The browser end-to-end tests need Chromium; CI installs it through the same setup script.
SETUP_CHROMIUM="${SETUP_CHROMIUM:-1}" bash scripts/setup.sh || { echo "error: setup failed (see above)" >&2; exit 1; }

echo "==> build (Release, warnings are errors)"
dotnet build Runner.Extensible.sln -c Release -nologo -clp:ErrorsOnly || { echo "error: build failed" >&2; exit 1; }

passed=0; failed=0; skipped=0; status=0
results_dir=$(mktemp -d)

for project in $(find tests -name '*.Tests.csproj' | sort); do
  name=$(basename "$project" .csproj)
  echo "==> dotnet test $name"
  dotnet test "$project" -c Release --no-build -nologo --logger "trx;LogFileName=$name.trx" --results-directory "$results_dir" || status=1
done

for trx in "$results_dir"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  # xunit's trx leaves notExecuted at 0 and reports skipped tests as total minus executed.
  t=$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters")
  e=$(sed -n 's/.* executed="\([0-9]*\)".*/\1/p' <<<"$counters")
  n=$(( ${t:-0} - ${e:-0} ))
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${n:-0}))
done

if [ -f package.json ] && grep -q '"test"' package.json; then
  echo "==> npm test (Vite plugin, against real Vite 8)"
  node_out=$(mktemp)
  npm test --silent 2>&1 | tee "$node_out"
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
  p=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$node_out" | tail -1)
  f=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$node_out" | tail -1)
  s=$(sed -n 's/^# skipped \([0-9]*\)$/\1/p' "$node_out" | tail -1)
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${s:-0}))
fi

rm -rf "$results_dir"
if [ "$passed" -eq 0 ]; then
  echo "error: no test ran" >&2
  status=1
fi
[ "$failed" -eq 0 ] || status=1
echo "$passed passed, $failed failed, $skipped skipped"
exit $status
