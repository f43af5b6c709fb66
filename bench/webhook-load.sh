#!/usr/bin/env bash
# Webhook load: the real server (Release, NativeAOT as shipped, --dev self-signed TLS, no cluster) on loopback,
# driven by wrk over TLS with keep-alive, POSTing recorded AdmissionReviews from ../shared/admission-reviews:
#   validate = canary-create.validating.json to /validate, mutate = deployment-create.mutating.json to /mutate with
#   the Deployment opted in (annotation canaryguard.io/canary: enabled, so the patch is built, not the no-op path),
# each at 500 req/s, 2,000 req/s (paced, see bench/wrk/admission.lua) and at saturation, DURATION each.
# Prints CSV: scenario,target_rps,p50_ms,p99_ms,p999_ms,rps,errors,server_vmhwm_kib,server_cpu_us_per_request
# (VmHWM = peak RSS so far; CPU = the server's user + system time over the run divided by the requests answered,
# which stays comparable when other work on the machine makes the wall-clock numbers noisy).
#   bench/webhook-load.sh                 # 30 s per run
#   DURATION=10s bench/webhook-load.sh
# WARMUP (default 10s): each endpoint at saturation once after the server starts, not reported, so the runs measure
# the steady state and not the runtime recompiling hot methods (about 5 s under load: docs/performance.md).
# BENCH_SKIP_PUBLISH=1 reuses the builds already in the cache. BUILD=readytorun measures the ReadyToRun (JIT) build
# instead of NativeAOT.
# Needs: dotnet SDK, clang and zlib1g-dev (NativeAOT), wrk (apt-get install wrk), curl.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

DURATION=${DURATION:-30s}
WARMUP=${WARMUP:-10s}
RATES=${RATES:-"500 2000 0"}
THREADS=${THREADS:-2}
BUILD=${BUILD:-aot}
PORT=${PORT:-18443}
HEALTH_PORT=${HEALTH_PORT:-18081}
CACHE=${BENCH_CACHE:-bench/.cache}
mkdir -p "$CACHE"
CACHE=$(cd "$CACHE" && pwd)
# The shared reference data sits beside the repository (../shared); from a git worktree, further up.
reviews=${REVIEWS:-}
for up in .. ../.. ../../..; do
  [[ -z "$reviews" && -d "$up/shared/admission-reviews" ]] && reviews=$(cd "$up/shared/admission-reviews" && pwd)
done
[[ -n "$reviews" ]] || { echo "no shared/admission-reviews beside the repository (set REVIEWS=DIR)" >&2; exit 2; }
command -v wrk >/dev/null || { echo "missing wrk: apt-get install -y wrk" >&2; exit 2; }

case "$BUILD" in
  aot) publish_flags=(-p:PublishAot=true) ;;
  readytorun) publish_flags=(--self-contained false -p:PublishAot=false -p:PublishReadyToRun=true) ;;
  *) echo "BUILD is aot or readytorun, not '$BUILD'" >&2; exit 2 ;;
esac
[[ -n "${BENCH_SKIP_PUBLISH:-}" ]] || dotnet publish src/Webhook/Webhook.csproj -c Release -r linux-x64 "${publish_flags[@]}" -o "$CACHE/publish/webhook-$BUILD" -v q -nologo >&2

# The recorded Deployment, opted in by its annotation (it has annotations, so the entry is added to them).
mutate_review="$CACHE/deployment-create.opted-in.mutating.json"
sed 's/"labels":{"app":"api"},"annotations":{/&"canaryguard.io\/canary":"enabled",/' "$reviews/deployment-create.mutating.json" > "$mutate_review"
grep -q '"canaryguard.io/canary":"enabled"' "$mutate_review" || { echo "could not opt the recorded Deployment in" >&2; exit 1; }

# One JSON log line per admission goes to a file, as a log shipper would read it, not to a terminal.
"$CACHE/publish/webhook-$BUILD/CanaryGuard.Webhook" --dev --no-cluster --address 127.0.0.1 --port "$PORT" --health-port "$HEALTH_PORT" > "$CACHE/webhook.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true' EXIT
for _ in $(seq 100); do
  curl -fs "http://127.0.0.1:$HEALTH_PORT/healthz" >/dev/null && break
  sleep 0.1
done
curl -fs "http://127.0.0.1:$HEALTH_PORT/healthz" >/dev/null || { echo "the webhook did not start:" >&2; cat "$CACHE/webhook.log" >&2; exit 1; }

# utime + stime of the server, in clock ticks (fields 14 and 15 of /proc/PID/stat; the name in field 2 has no spaces).
server_ticks() { awk '{ print $14 + $15 }' "/proc/$server/stat"; }

run() { # scenario path body rate
  local scenario=$1 path=$2 body=$3 rate=$4 connections
  # Paced runs: enough connections that each waits well above the latency; saturation: 64 connections.
  if [[ $rate -gt 0 ]]; then connections=$((rate / 50)); else connections=64; fi
  # Warm-up at the run's own rate, not reported: a paced server suspends and resumes where a saturated one never waits,
  # and the runtime compiles those paths at first use (650 methods inside the run after a warm-up at saturation only).
  BODY_FILE=$body RATE=$rate CONNECTIONS=$connections wrk -t "$THREADS" -c "$connections" -d 5s -s bench/wrk/admission.lua "https://127.0.0.1:$PORT$path" >/dev/null
  local result ticks_before ticks_after
  ticks_before=$(server_ticks)
  result=$(BODY_FILE=$body RATE=$rate CONNECTIONS=$connections wrk -t "$THREADS" -c "$connections" -d "$DURATION" -s bench/wrk/admission.lua "https://127.0.0.1:$PORT$path" | sed -n 's/^RESULT //p')
  ticks_after=$(server_ticks)
  local hwm cpu
  hwm=$(awk '/VmHWM/ {print $2}' "/proc/$server/status")
  cpu=$(awk -F, -v ticks=$((ticks_after - ticks_before)) -v hz="$(getconf CLK_TCK)" -v seconds="${DURATION%s}" \
    '{ printf "%.0f", ticks * 1e6 / hz / ($4 * seconds) }' <<< "$result")
  echo "$scenario,$([[ $rate -gt 0 ]] && echo "$rate" || echo saturation),$result,$hwm,$cpu"
}

for endpoint in "/validate $reviews/canary-create.validating.json" "/mutate $mutate_review"; do
  read -r path body <<< "$endpoint"
  BODY_FILE="$body" RATE=0 CONNECTIONS=64 wrk -t "$THREADS" -c 64 -d "$WARMUP" -s bench/wrk/admission.lua "https://127.0.0.1:$PORT$path" >/dev/null
done

echo "scenario,target_rps,p50_ms,p99_ms,p999_ms,rps,errors,server_vmhwm_kib,server_cpu_us_per_request"
for rate in $RATES; do
  run validate-canary /validate "$reviews/canary-create.validating.json" "$rate"
  run mutate-deployment /mutate "$mutate_review" "$rate"
done
echo "load: $(uptime)" >&2
