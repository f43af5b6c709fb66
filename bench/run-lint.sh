#!/usr/bin/env bash
# Lint throughput and scaling: canaryguard lint vs the YamlDotNet parse-only floor vs yamllint on the same
# seeded corpora, with canaryguard's own reading (its reader into kept trees, no rules) as a row of its own. Prints CSV (tool,N,resources,seconds,rss_kib,resources_per_s): the median of RUNS runs
# each (seconds and peak RSS medians taken separately), and keeps it in $BENCH_CACHE/lint.csv for plot.sh.
#   bench/run-lint.sh                       # N = 100, 1000, 10000; 3 runs each
#   SIZES="100 1000" RUNS=5 bench/run-lint.sh
#   YAMLLINT_LARGE_RUNS=1 bench/run-lint.sh  # yamllint only once at N >= 10000 (it takes minutes a run there)
#   ONE_NAMESPACE_SIZES="1000 10000"         # canaryguard again with every app in one namespace (default: the largest size)
# BENCH_SKIP_PUBLISH=1 reuses the builds already in the cache.
# Needs: dotnet SDK, /usr/bin/time and yamllint (apt-get install time yamllint).
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

SIZES=${SIZES:-"100 1000 10000"}
RUNS=${RUNS:-3}
YAMLLINT_LARGE_RUNS=${YAMLLINT_LARGE_RUNS:-$RUNS}
SEED=${SEED:-42}
ONE_NAMESPACE_SIZES=${ONE_NAMESPACE_SIZES-${SIZES##* }}
CACHE=${BENCH_CACHE:-bench/.cache}
mkdir -p "$CACHE"
CACHE=$(cd "$CACHE" && pwd)

for tool in /usr/bin/time yamllint; do
  command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install -y time yamllint" >&2; exit 2; }
done

# Corpora once per (N, seed, namespace size): regenerating would only cost time, the generator is deterministic.
corpus() { # name apps apps-per-namespace
  if [[ ! -f "$CACHE/$1.summary" ]]; then
    rm -rf "${CACHE:?}/$1"
    dotnet run -c Release --project bench/Corpus -- --apps "$2" --out "$CACHE/$1" --seed "$SEED" --apps-per-namespace "$3" > "$CACHE/$1.summary"
  fi
}
for n in $SIZES; do corpus "corpus-$n-seed$SEED" "$n" 20; done
for n in $ONE_NAMESPACE_SIZES; do corpus "corpus-$n-seed$SEED-one-namespace" "$n" "$n"; done

# The linter as users get it (Release, framework-dependent, ReadyToRun) and the floor built the same way.
publish() { dotnet publish "$1" -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$2" -v q -nologo >&2; }
[[ -n "${BENCH_SKIP_PUBLISH:-}" ]] || publish src/Linter/Linter.csproj "$CACHE/publish/canaryguard"
[[ -n "${BENCH_SKIP_PUBLISH:-}" ]] || publish bench/ParseOnly/ParseOnly.csproj "$CACHE/publish/parse-only"

# median of the numbers on standard input
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

measure() { # runs tool n corpus command...: timed runs, prints one CSV row
  local runs=$1 tool=$2 n=$3 name=$4; shift 4
  local times=() rss=() out
  out=$(mktemp)
  for ((i = 0; i < runs; i++)); do
    /usr/bin/time -o "$out" -f "%e %M" "$@" >/dev/null 2>&1 || true
    read -r t m < <(tail -1 "$out")
    times+=("$t"); rss+=("$m")
  done
  rm -f "$out"
  local seconds kib resources
  seconds=$(printf '%s\n' "${times[@]}" | median)
  kib=$(printf '%s\n' "${rss[@]}" | median)
  resources=$(sed -E 's/^[0-9]+ apps, ([0-9]+) resources.*/\1/' "$CACHE/$name.summary")
  awk -v t="$tool" -v n="$n" -v r="$resources" -v s="$seconds" -v k="$kib" \
    'BEGIN {printf "%s,%d,%d,%.2f,%d,%.0f\n", t, n, r, s, k, (s > 0 ? r / s : 0)}'
}

csv="$CACHE/lint.csv"
echo "tool,N,resources,seconds,rss_kib,resources_per_s" | tee "$csv"
for n in $SIZES; do
  dir="$CACHE/corpus-$n-seed$SEED"
  # --fail-on none: findings are expected (about 30% of apps are unsafe); the exit code is not the point.
  measure "$RUNS" canaryguard "$n" "corpus-$n-seed$SEED" "$CACHE/publish/canaryguard/canaryguard" lint "$dir" --fail-on none -q --format json -o /dev/null | tee -a "$csv"
  measure "$RUNS" parse-only "$n" "corpus-$n-seed$SEED" "$CACHE/publish/parse-only/canaryguard-parse-only" "$dir" | tee -a "$csv"
  measure "$RUNS" read-only "$n" "corpus-$n-seed$SEED" "$CACHE/publish/parse-only/canaryguard-parse-only" "$dir" --trees | tee -a "$csv"
  measure "$([[ $n -ge 10000 ]] && echo "$YAMLLINT_LARGE_RUNS" || echo "$RUNS")" yamllint "$n" "corpus-$n-seed$SEED" yamllint -d relaxed -f parsable "$dir" | tee -a "$csv"
done
# The same apps with every one in a single namespace: the cross-resource look-ups must stay linear there too.
for n in $ONE_NAMESPACE_SIZES; do
  measure "$RUNS" canaryguard-one-namespace "$n" "corpus-$n-seed$SEED-one-namespace" "$CACHE/publish/canaryguard/canaryguard" lint "$CACHE/corpus-$n-seed$SEED-one-namespace" --fail-on none -q --format json -o /dev/null | tee -a "$csv"
done
echo "load: $(uptime)" >&2
