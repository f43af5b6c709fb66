#!/usr/bin/env bash
# Cold start for one small file, called the way pre-commit calls the hook (`canaryguard lint FILE...`, a fresh
# process per commit): the ReadyToRun publish vs the plain framework-dependent Release build (JIT only). Median
# of RUNS runs (default 20) after 2 warm-up runs (which warm the OS file cache, not the process).
#   bench/cold-start.sh
# BENCH_SKIP_PUBLISH=1 reuses the builds already in the cache.
# Needs: dotnet SDK, hyperfine (apt-get install hyperfine).
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

RUNS=${RUNS:-20}
CACHE=${BENCH_CACHE:-bench/.cache}
mkdir -p "$CACHE"
CACHE=$(cd "$CACHE" && pwd)
command -v hyperfine >/dev/null || { echo "missing hyperfine: apt-get install -y hyperfine" >&2; exit 2; }

[[ -n "${BENCH_SKIP_PUBLISH:-}" ]] || dotnet publish src/Linter/Linter.csproj -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$CACHE/publish/canaryguard" -v q -nologo
[[ -n "${BENCH_SKIP_PUBLISH:-}" ]] || dotnet publish src/Linter/Linter.csproj -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=false -o "$CACHE/publish/canaryguard-jit" -v q -nologo

file=examples/safe/canary.yaml
hyperfine -N --runs "$RUNS" --warmup 2 --export-csv "$CACHE/cold-start.csv" \
  -n ready-to-run "$CACHE/publish/canaryguard/canaryguard lint $file --fail-on none" \
  -n framework-dependent-jit "$CACHE/publish/canaryguard-jit/canaryguard lint $file --fail-on none" >&2

echo "variant,median_ms,mean_ms,min_ms,max_ms"
tail -n +2 "$CACHE/cold-start.csv" | awk -F, '{printf "%s,%.1f,%.1f,%.1f,%.1f\n", $1, $4*1000, $2*1000, $7*1000, $8*1000}'
echo "load: $(uptime)" >&2
