#!/usr/bin/env bash
# Cold start for one small file, called the way pre-commit calls the hook (`canaryguard lint FILE...`, a fresh
# process per commit), for the three ways canaryguard runs:
#   installed-tool  the framework-dependent tool package as `dotnet tool install` gives it (the shim, then JIT);
#                   the package pre-commit's `language: dotnet` hook builds, and the `any` one of README's install
#   ready-to-run    the framework-dependent ReadyToRun publish for linux-x64
#   native-aot      the NativeAOT binary (README's install on Linux x64, the Dockerfile, .ci/run)
# Median of RUNS runs (default 20) after 2 warm-up runs (which warm the OS file cache, not the process). Then, with
# THROUGHPUT_APPS (default 10000; 0 skips it), the lint of a generated corpus of that many apps by ReadyToRun and
# NativeAOT, median of THROUGHPUT_RUNS (default 3).
#   bench/cold-start.sh
# BENCH_SKIP_PUBLISH=1 reuses the builds already in the cache.
# Needs: dotnet SDK, clang and zlib1g-dev (NativeAOT), hyperfine (apt-get install hyperfine clang zlib1g-dev).
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

RUNS=${RUNS:-20}
THROUGHPUT_APPS=${THROUGHPUT_APPS:-10000}
THROUGHPUT_RUNS=${THROUGHPUT_RUNS:-3}
CACHE=${BENCH_CACHE:-bench/.cache}
mkdir -p "$CACHE"
CACHE=$(cd "$CACHE" && pwd)
command -v hyperfine >/dev/null || { echo "missing hyperfine: apt-get install -y hyperfine" >&2; exit 2; }

publish() { # folder, extra arguments
  local out="$CACHE/publish/$1"; shift
  dotnet publish src/Linter/Linter.csproj -c Release -r linux-x64 "$@" -o "$out" -v q -nologo >&2
}
if [[ -z "${BENCH_SKIP_PUBLISH:-}" ]]; then
  publish canaryguard --self-contained false -p:PublishReadyToRun=true
  start=$SECONDS
  publish canaryguard-aot -p:PublishAot=true
  echo "NativeAOT publish: $((SECONDS - start)) s" >&2
  # The tool package as pre-commit packs it, installed into a folder of its own (a fresh one: a tool path keeps
  # one version).
  rm -rf "$CACHE/tool-package" "$CACHE/tool"
  dotnet pack src/Linter/Linter.csproj -c Release -o "$CACHE/tool-package" -v q -nologo >&2
  dotnet tool install --tool-path "$CACHE/tool" --add-source "$CACHE/tool-package" CanaryGuard >&2
fi

file=examples/safe/canary.yaml
hyperfine -N --runs "$RUNS" --warmup 2 --export-csv "$CACHE/cold-start.csv" \
  -n installed-tool "$CACHE/tool/canaryguard lint $file --fail-on none" \
  -n ready-to-run "$CACHE/publish/canaryguard/canaryguard lint $file --fail-on none" \
  -n native-aot "$CACHE/publish/canaryguard-aot/canaryguard lint $file --fail-on none" >&2

echo "variant,median_ms,mean_ms,min_ms,max_ms"
tail -n +2 "$CACHE/cold-start.csv" | awk -F, '{printf "%s,%.1f,%.1f,%.1f,%.1f\n", $1, $4*1000, $2*1000, $7*1000, $8*1000}'

if [[ "$THROUGHPUT_APPS" != 0 ]]; then
  corpus="$CACHE/corpus-$THROUGHPUT_APPS-seed42"
  [[ -d "$corpus" ]] || dotnet run -c Release --project bench/Corpus -- --apps "$THROUGHPUT_APPS" --out "$corpus" --seed 42 >/dev/null
  hyperfine -N -i --runs "$THROUGHPUT_RUNS" --warmup 1 --export-csv "$CACHE/throughput.csv" \
    -n "ready-to-run $THROUGHPUT_APPS apps" "$CACHE/publish/canaryguard/canaryguard lint $corpus --fail-on none -q" \
    -n "native-aot $THROUGHPUT_APPS apps" "$CACHE/publish/canaryguard-aot/canaryguard lint $corpus --fail-on none -q" >&2
  tail -n +2 "$CACHE/throughput.csv" | awk -F, '{printf "%s,%.1f,%.1f,%.1f,%.1f\n", $1, $4*1000, $2*1000, $7*1000, $8*1000}'
fi
echo "load: $(uptime)" >&2
