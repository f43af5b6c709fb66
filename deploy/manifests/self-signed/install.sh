#!/usr/bin/env bash
# Installs CanaryGuard with a self-signed CA and serving certificate made here with openssl (no cert-manager).
#
#   deploy/manifests/self-signed/install.sh            # apply to the current kubectl context
#   deploy/manifests/self-signed/install.sh --render   # print the manifests instead (no cluster access)
#
# Environment: CERT_DIR keeps the CA and certificate (default: a temporary folder, deleted afterwards);
# DAYS is the validity (default 365). Re-run the script before the certificate expires: the Secret is
# replaced and the webhook reloads it without a restart.
set -euo pipefail

mode=apply
case "${1:-}" in
  --render) mode=render ;;
  "") ;;
  *) echo "usage: $0 [--render]" >&2; exit 2 ;;
esac

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
service=canaryguard-webhook
namespace=canaryguard-system
days="${DAYS:-365}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
certs="${CERT_DIR:-$work/certs}"
mkdir -p "$certs"

# The CA signs the serving certificate; its certificate is the caBundle the API server trusts.
openssl req -x509 -new -nodes -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 \
  -keyout "$certs/ca.key" -out "$certs/ca.crt" -days "$days" \
  -subj "/CN=canaryguard-webhook-ca" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null

openssl req -new -nodes -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 \
  -keyout "$certs/tls.key" -out "$work/tls.csr" -subj "/CN=$service.$namespace.svc" 2>/dev/null

cat > "$work/serving.ext" <<EXT
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=DNS:$service.$namespace.svc,DNS:$service.$namespace.svc.cluster.local
EXT
openssl x509 -req -in "$work/tls.csr" -CA "$certs/ca.crt" -CAkey "$certs/ca.key" -CAcreateserial \
  -out "$certs/tls.crt" -days "$days" -extfile "$work/serving.ext" 2>/dev/null
openssl verify -CAfile "$certs/ca.crt" "$certs/tls.crt" >/dev/null

ca_bundle="$(base64 < "$certs/ca.crt" | tr -d '\n')"
overlay="$work/overlay"
mkdir -p "$overlay"
cp "$certs/tls.crt" "$certs/tls.key" "$certs/ca.crt" "$overlay/"
# kustomize resolves resources relative to the kustomization; point back at this overlay.
ln -s "$here" "$overlay/self-signed"
cat > "$overlay/kustomization.yaml" <<KUST
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - self-signed
secretGenerator:
  - name: canaryguard-webhook-tls
    namespace: $namespace
    type: kubernetes.io/tls
    files: [tls.crt, tls.key, ca.crt]
    options:
      disableNameSuffixHash: true
patches:
  - target: {kind: ValidatingWebhookConfiguration, name: canaryguard}
    patch: |-
      - {op: add, path: /webhooks/0/clientConfig/caBundle, value: "$ca_bundle"}
  - target: {kind: MutatingWebhookConfiguration, name: canaryguard}
    patch: |-
      - {op: add, path: /webhooks/0/clientConfig/caBundle, value: "$ca_bundle"}
      - {op: add, path: /webhooks/1/clientConfig/caBundle, value: "$ca_bundle"}
KUST

if [ "$mode" = render ]; then
  kubectl kustomize "$overlay"
else
  kubectl apply -k "$overlay"
  echo "canaryguard installed; waiting for the webhook to become ready..." >&2
  kubectl -n "$namespace" rollout status deployment/"$service" --timeout=120s
fi
