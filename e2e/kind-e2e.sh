#!/usr/bin/env bash
# End-to-end test on a throwaway kind cluster: needs Docker, kind, kubectl, Java 17, Node.js (Maven comes with ./mvnw).
# Creates the cluster, builds both images with Jib (as tarballs, no registry), loads them into kind,
# installs Redis and the operator (Helm), then runs the JUnit e2e suite (mvn -Pe2e -pl e2e verify),
# which applies a SocketIoCluster and proves broadcasting, the emitter, scaling, healing, the adapter
# mode switch and clean deletion.
#
# Environment: KIND_CLUSTER (default sio-e2e), E2E_NAMESPACE (default sio-e2e), KIND_NODE_IMAGE,
# KEEP_CLUSTER=true keeps the cluster afterwards, SKIP_BUILD=true reuses images already loaded.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

cluster="${KIND_CLUSTER:-sio-e2e}"
namespace="${E2E_NAMESPACE:-sio-e2e}"
operator_namespace="socketio-operator-system"
export E2E_NAMESPACE="$namespace"

for tool in docker kind kubectl node npm; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "ERROR: $tool is required for the kind e2e test (see e2e/README.md)" >&2
    exit 1
  fi
done
docker info >/dev/null 2>&1 || { echo "ERROR: the Docker daemon is not reachable" >&2; exit 1; }

# helm: the pinned binary of the chart checks, unless one is on PATH.
if command -v helm >/dev/null 2>&1; then
  helm="$(command -v helm)"
else
  helm/scripts/install-tools.sh
  helm="$repo/helm/tools/bin/helm/helm"
fi

version="$(sed -n '0,/<version>/s:.*<version>\(.*\)</version>.*:\1:p' pom.xml)"
operator_image="ghcr.io/socketio-operator/socketio-operator:$version"
node_image="ghcr.io/socketio-operator/socketio-node:$version"
echo "== socketio-operator $version on kind cluster '$cluster'"

diagnostics() {
  echo "== diagnostics"
  kubectl get socketioclusters,statefulsets,pods,services -A -o wide || true
  kubectl -n "$operator_namespace" logs deployment/socketio-operator --tail=200 || true
  kubectl -n "$namespace" get events --sort-by=.lastTimestamp | tail -50 || true
}

cleanup() {
  local status=$?
  if [ "$status" -ne 0 ]; then diagnostics; fi
  if [ "${KEEP_CLUSTER:-false}" != "true" ]; then
    kind delete cluster --name "$cluster" || true
  fi
  exit "$status"
}
trap cleanup EXIT

# 1. A kind cluster; kind points the current kubeconfig context at it (kind-<name>).
if ! kind get clusters | grep -qx "$cluster"; then
  # KIND_NODE_IMAGE pins the Kubernetes version (kindest/node:vX.Y.Z); empty = kind's default.
  kind create cluster --name "$cluster" --wait 180s ${KIND_NODE_IMAGE:+--image "$KIND_NODE_IMAGE"}
fi
kubectl config use-context "kind-$cluster"

# 2. Both images with Jib as OCI tarballs, loaded into the cluster's nodes.
if [ "${SKIP_BUILD:-false}" != "true" ]; then
  ./mvnw -B -q -DskipTests -pl operator,node-image -am install
  ./mvnw -B -q -pl operator jib:buildTar -Djib.to.image="$operator_image"
  ./mvnw -B -q -pl node-image jib:buildTar -Djib.to.image="$node_image"
  kind load image-archive operator/target/jib-image.tar --name "$cluster"
  kind load image-archive node-image/target/jib-image.tar --name "$cluster"
fi

# 3. The test suite's helpers and clients: the official socket.io packages, pinned by the lockfile.
./mvnw -B -q -DskipTests -pl test-support -am install
(cd test-support/node-peers && npm ci --no-audit --no-fund)

# 4. Redis, as in the quick start.
kubectl create namespace "$namespace" --dry-run=client -o yaml | kubectl apply -f -
kubectl -n "$namespace" apply -f e2e/manifests/redis.yaml
kubectl -n "$namespace" rollout status deployment/redis --timeout=180s

# 5. The operator, with Helm; the images were loaded, never pulled.
"$helm" upgrade --install socketio-operator helm/socketio-operator \
  --namespace "$operator_namespace" --create-namespace \
  --set image.pullPolicy=IfNotPresent \
  --wait --timeout 5m
kubectl -n "$operator_namespace" rollout status deployment/socketio-operator --timeout=180s

# 6. Every example the project ships is accepted by the real API server (CRD schema and CEL rules).
shopt -s nullglob
for example in examples/*.yaml examples/*.yml; do
  # Dry run in the test namespace, whatever namespace the example names for itself.
  sed '/^  namespace: /d' "$example" | kubectl -n "$namespace" apply --dry-run=server -f -
done

# 7. The product itself; E2E_REQUIRE_CLUSTER turns a missing cluster into a failure instead of a skip.
E2E_REQUIRE_CLUSTER=true ./mvnw -B -Pe2e -pl e2e verify
echo "== kind e2e passed"
