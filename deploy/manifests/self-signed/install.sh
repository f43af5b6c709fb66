#!/usr/bin/env bash
# Installs CanaryGuard with a CA and serving certificate made here with openssl (no cert-manager).
#
#   deploy/manifests/self-signed/install.sh            # apply to the current kubectl context (Kubernetes >= 1.30)
#   deploy/manifests/self-signed/install.sh --render   # print the manifests instead (no cluster access)
#
# The CA is made once and kept in CERT_DIR (default ~/.config/canaryguard/certs, readable by you only), valid for
# CA_DAYS (default 3650); every later run reuses it, so the caBundle the API server trusts never changes. The serving
# certificate is issued anew on every run, valid for DAYS (default 365): re-run the script before it expires; the
# Secret is replaced and the webhook reloads it without a restart.
#
# No private key is ever printed. --render prints everything except the Secret canaryguard-webhook-tls, and says on
# standard error how to create that Secret from CERT_DIR; without --render the Secret goes straight to kubectl.
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
minimum_minor=30 # the Deployment's preStop sleep action
days="${DAYS:-365}"
ca_days="${CA_DAYS:-3650}"
certs="${CERT_DIR:-$HOME/.config/canaryguard/certs}"
umask 077
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$certs"

if [ "$mode" = apply ]; then
  minor="$(kubectl version -o json | sed -n '/"serverVersion"/,/}/s/.*"minor": *"\([0-9]*\).*/\1/p')"
  major="$(kubectl version -o json | sed -n '/"serverVersion"/,/}/s/.*"major": *"\([0-9]*\).*/\1/p')"
  if [ -z "$minor" ] || [ "${major:-0}" -lt 1 ] || { [ "$major" -eq 1 ] && [ "$minor" -lt "$minimum_minor" ]; }; then
    echo "canaryguard needs Kubernetes 1.$minimum_minor or later; the cluster runs ${major:-?}.${minor:-?}" >&2
    exit 1
  fi
fi

# The CA signs the serving certificates; its certificate is the caBundle the API server trusts. Made once.
if [ -s "$certs/ca.crt" ] && [ -s "$certs/ca.key" ]; then
  echo "reusing the CA in $certs" >&2
else
  openssl req -x509 -new -nodes -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 \
    -keyout "$certs/ca.key" -out "$certs/ca.crt" -days "$ca_days" \
    -subj "/CN=canaryguard-webhook-ca" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
  echo "made a CA in $certs (valid $ca_days days)" >&2
fi

openssl req -new -nodes -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 \
  -keyout "$certs/tls.key" -out "$work/tls.csr" -subj "/CN=$service.$namespace.svc" 2>/dev/null

cat > "$work/serving.ext" <<EXT
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=serverAuth
subjectAltName=DNS:$service.$namespace.svc,DNS:$service.$namespace.svc.cluster.local
EXT
openssl x509 -req -in "$work/tls.csr" -CA "$certs/ca.crt" -CAkey "$certs/ca.key" -CAcreateserial \
  -out "$certs/tls.crt" -days "$days" -extfile "$work/serving.ext" 2>/dev/null
openssl verify -CAfile "$certs/ca.crt" "$certs/tls.crt" >/dev/null

ca_bundle="$(base64 < "$certs/ca.crt" | tr -d '\n')"
overlay="$work/overlay"
mkdir -p "$overlay"
# kustomize resolves resources relative to the kustomization; point back at this overlay.
ln -s "$here" "$overlay/self-signed"
cat > "$overlay/kustomization.yaml" <<KUST
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - self-signed
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
  cat >&2 <<NOTE
The Secret $service-tls is not printed: it holds the private key. Create it before applying the above:
  kubectl -n $namespace create secret generic $service-tls --type=kubernetes.io/tls \\
    --from-file=tls.crt=$certs/tls.crt --from-file=tls.key=$certs/tls.key --from-file=ca.crt=$certs/ca.crt
NOTE
else
  cp "$certs/tls.crt" "$certs/tls.key" "$certs/ca.crt" "$overlay/"
  cat >> "$overlay/kustomization.yaml" <<KUST
secretGenerator:
  - name: $service-tls
    namespace: $namespace
    type: kubernetes.io/tls
    files: [tls.crt, tls.key, ca.crt]
    options:
      disableNameSuffixHash: true
KUST
  kubectl apply -k "$overlay"
  echo "canaryguard installed; waiting for the webhook to become ready..." >&2
  kubectl -n "$namespace" rollout status deployment/"$service" --timeout=120s
fi
