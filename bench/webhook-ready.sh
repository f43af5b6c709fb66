#!/usr/bin/env bash
# Time to ready and resident memory of a webhook binary configured for a cluster (docs/performance.md, the
# Kubernetes client's cost): starts it with a kubeconfig whose server refuses connections (no API is needed to
# become ready; the client is built and the configuration read), polls /readyz every 5 ms, prints the time to the
# first 200 and VmRSS then, and after one /validate review (its cluster look-ups fail fast against the closed port).
#   bench/webhook-ready.sh path/to/CanaryGuard.Webhook [RUNS]
set -euo pipefail
binary=$1 runs=${2:-5}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cat > "$dir/kubeconfig" <<'YAML'
apiVersion: v1
kind: Config
current-context: bench
contexts: [{name: bench, context: {cluster: bench, user: bench, namespace: canaryguard-system}}]
clusters: [{name: bench, cluster: {server: "https://127.0.0.1:1", insecure-skip-tls-verify: true}}]
users: [{name: bench, user: {token: bench-token}}]
YAML
review='{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"b1","kind":{"group":"flagger.app","version":"v1beta1","kind":"Canary"},"resource":{"group":"flagger.app","version":"v1beta1","resource":"canaries"},"namespace":"shop","operation":"CREATE","object":{"apiVersion":"flagger.app/v1beta1","kind":"Canary","metadata":{"name":"web","namespace":"shop"},"spec":{"targetRef":{"apiVersion":"apps/v1","kind":"Deployment","name":"web"},"service":{"port":80},"analysis":{"interval":"1m","threshold":5,"maxWeight":50,"stepWeight":10,"metrics":[{"name":"request-success-rate","thresholdRange":{"min":99},"interval":"1m"}]}}}}}'
for run in $(seq "$runs"); do
  start=$(date +%s%N)
  KUBECONFIG="$dir/kubeconfig" "$binary" --dev --address 127.0.0.1 --port 18443 --health-port 18081 >/dev/null 2>&1 &
  pid=$!
  until curl -fs -o /dev/null http://127.0.0.1:18081/readyz; do sleep 0.005; done
  ready=$(( ($(date +%s%N) - start) / 1000000 ))
  rss_ready=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
  first_start=$(date +%s%N)
  curl -ks -o /dev/null -H 'Content-Type: application/json' -d "$review" https://127.0.0.1:18443/validate
  first=$(( ($(date +%s%N) - first_start) / 1000000 ))
  rss_first=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo "run $run: ready in ${ready} ms, RSS ${rss_ready} KiB; first /validate ${first} ms, RSS ${rss_first} KiB"
done
