#!/usr/bin/env bash
# The chart and packaging checks that `mvn verify` runs (helm module), offline:
# helm lint, helm template with several value sets validated against Kubernetes schemas,
# values.schema.json rejecting bad values, chart CRDs == crds/, deploy/install.yaml up to date,
# the examples valid against the CRD, the upgrade behaviour (CRD template kept on uninstall, Recreate
# unless leader election, namespaced NOTES), the metric names of the alert rules and the dashboard, and
# the shell scripts of the repository checked by shellcheck.
# Usage: check.sh [expected-chart-version]
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
helm_dir="$repo/helm"
chart="$helm_dir/socketio-operator"
expected_version="${1:-}"

"$helm_dir/scripts/install-tools.sh"
helm="$helm_dir/tools/bin/helm/helm"
validate=(node "$helm_dir/tools/validate-manifests.mjs")
query=(node "$helm_dir/tools/query-manifests.mjs")
# The CRD ships as a template (files/crds/ + templates/crds.yaml) so that upgrades apply it.
chart_crds="$chart/files/crds"
# Renders as if the CRD were installed, so that the example cluster is rendered (and validated) too.
crd_api=(--api-versions socketiooperator.org/v1alpha1/SocketIoCluster)

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

passed=0
failed=0
pass() { passed=$((passed + 1)); echo "PASS $*"; }
fail() { failed=$((failed + 1)); echo "FAIL $*"; }

# The CRD schemas every rendering is validated with.
crd_args=()
shopt -s nullglob
for crd in "$chart_crds"/*.yml "$chart_crds"/*.yaml; do
  crd_args+=(--crd "$crd")
done
if [ ${#crd_args[@]} -eq 0 ]; then
  # Nothing to check custom resources against yet; they are reported as skipped, never as valid.
  crd_args=(--skip-unknown-custom)
fi

# 1. Chart versions follow the project version.
if [ -n "$expected_version" ]; then
  chart_version="$(sed -n 's/^version: *//p' "$chart/Chart.yaml")"
  app_version="$(sed -n 's/^appVersion: *"\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' "$chart/Chart.yaml")"
  if [ "$chart_version" = "$expected_version" ] && [ "$app_version" = "$expected_version" ]; then
    pass "Chart.yaml version and appVersion are $expected_version"
  else
    fail "Chart.yaml version '$chart_version' / appVersion '$app_version' differ from the project version $expected_version"
  fi
fi

# 2. The chart's CRDs are links to the generated crds/ (one copy in the repository), one per CRD.
if [ ! -d "$repo/crds" ] || [ -z "$(find "$repo/crds" -maxdepth 1 -name '*.y*ml' -print -quit)" ]; then
  echo "NOTE crds/ holds no generated CRD yet: the chart ships none until the operator build writes it"
fi
crd_links_ok=true
for f in "$repo"/crds/*.yml "$repo"/crds/*.yaml; do
  link="$chart_crds/$(basename "$f")"
  if [ ! -L "$link" ] || [ "$(readlink "$link")" != "../../../../crds/$(basename "$f")" ]; then
    crd_links_ok=false
    echo "helm/socketio-operator/files/crds/$(basename "$f") is not a link to crds/$(basename "$f")"
  fi
done
for link in "$chart_crds"/*.yml "$chart_crds"/*.yaml; do
  if [ ! -e "$repo/crds/$(basename "$link")" ] || [ ! -L "$link" ]; then
    crd_links_ok=false
    echo "helm/socketio-operator/files/crds/$(basename "$link") is not a link to a CRD of crds/"
  fi
done
if $crd_links_ok; then
  pass "helm/socketio-operator/files/crds/ links every CRD of crds/ and nothing else"
else
  fail "helm/socketio-operator/files/crds/ does not mirror crds/: run helm/scripts/sync-crds.sh (it also regenerates deploy/install.yaml) and commit both"
fi

# 3. The validator itself refuses known-bad manifests, so its passes below mean something.
strict_args=()
for arg in "${crd_args[@]}"; do
  if [ "$arg" != --skip-unknown-custom ]; then strict_args+=("$arg"); fi
done
for f in "$helm_dir"/tools/testdata/invalid-*.yaml "$helm_dir"/tools/testdata/unknown-*.yaml; do
  if [[ "$f" == */invalid-cluster.yaml && "${crd_args[0]}" == --skip-unknown-custom ]]; then
    echo "SKIP validator self-test $(basename "$f"): no CRD yet"
    continue
  fi
  if "${validate[@]}" "${strict_args[@]}" "$f" > "$work/validate.out" 2>&1; then
    cat "$work/validate.out"
    fail "the manifest validator accepted $(basename "$f")"
  else
    pass "the manifest validator refuses $(basename "$f"): $(grep -m1 '^FAIL' "$work/validate.out" | cut -c1-160)"
  fi
done

# 4. helm lint and helm template with each value set, every manifest schema-valid.
value_sets=("")
for f in "$helm_dir"/ci-values/*.yaml; do value_sets+=("$f"); done
for values in "${value_sets[@]}"; do
  name="${values:+$(basename "$values")}"
  name="${name:-default values}"
  values_args=()
  if [ -n "$values" ]; then values_args=(-f "$values"); fi
  if "$helm" lint --strict "$chart" "${values_args[@]}" > "$work/lint.out" 2>&1; then
    pass "helm lint --strict ($name)"
  else
    cat "$work/lint.out"
    fail "helm lint --strict ($name)"
  fi
  if "$helm" template ci "$chart" --namespace ci-system --include-crds "${crd_api[@]}" "${values_args[@]}" \
      > "$work/rendered.yaml" 2> "$work/template.err"; then
    if "${validate[@]}" "${crd_args[@]}" "$work/rendered.yaml" > "$work/validate.out" 2>&1; then
      pass "helm template ($name): $(tail -1 "$work/validate.out")"
    else
      cat "$work/validate.out"
      fail "helm template ($name) renders invalid manifests"
    fi
  else
    cat "$work/template.err"
    fail "helm template ($name)"
  fi
done

# 5. values.schema.json rejects each bad value set at render time, for the right reason.
for values in "$helm_dir"/bad-values/*.yaml; do
  if "$helm" template ci "$chart" -f "$values" > /dev/null 2> "$work/bad.err"; then
    fail "bad values $(basename "$values") were accepted"
  elif grep -q "values don't meet the specifications of the schema" "$work/bad.err"; then
    pass "bad values $(basename "$values") rejected: $(grep -m1 "at '" "$work/bad.err" | sed 's/^ *- *//')"
  else
    cat "$work/bad.err"
    fail "bad values $(basename "$values") failed, but not by the values schema"
  fi
done

# 6. deploy/install.yaml is what the chart renders now, and valid.
"$helm_dir/scripts/generate-install.sh" "$work/install.yaml" > /dev/null
if diff -u "$repo/deploy/install.yaml" "$work/install.yaml" > "$work/install.diff" 2>&1; then
  pass "deploy/install.yaml is up to date with the chart"
else
  head -40 "$work/install.diff"
  fail "deploy/install.yaml is stale: run helm/scripts/generate-install.sh"
fi
if "${validate[@]}" "$repo/deploy/install.yaml" > "$work/validate.out" 2>&1; then
  pass "deploy/install.yaml: $(tail -1 "$work/validate.out")"
else
  cat "$work/validate.out"
  fail "deploy/install.yaml holds invalid manifests"
fi

# 7. The example resources (examples/autoscaling/ included) and the e2e manifests are valid against the CRD and Kubernetes schemas.
for f in "$repo"/examples/*.yaml "$repo"/examples/*.yml "$repo"/examples/*/*.yaml "$repo"/e2e/manifests/*.yaml; do
  if "${validate[@]}" "${crd_args[@]}" "$f" > "$work/validate.out" 2>&1; then
    pass "${f#"$repo"/}: $(tail -1 "$work/validate.out")"
  else
    cat "$work/validate.out"
    fail "${f#"$repo"/} is not valid"
  fi
done

# 8. Upgrade behaviour: the CRD is a template kept on uninstall (crds.install=false leaves it out); without
# leader election the Deployment is Recreate (never two operators at once), with it RollingUpdate; the
# NOTES name the namespace of every kubectl command; the retired operator/deploy/operator.yaml stays gone.
# expect LABEL FILE KIND NAME PATH EXPECTED-JSON
expect() {
  local got
  got="$("${query[@]}" "$2" "$3" "$4" "$5")"
  if [ "$got" = "$6" ]; then
    pass "$1: $3 $5 = $6"
  else
    fail "$1: $3 $5 = $got, expected $6"
  fi
}
crd=socketioclusters.socketiooperator.org
deployment=ci-socketio-operator
"$helm" template ci "$chart" --namespace ci-system > "$work/default.yaml"
expect "default values" "$work/default.yaml" CustomResourceDefinition "$crd" metadata.name "\"$crd\""
if grep -q '^    helm.sh/resource-policy: keep$' "$work/default.yaml"; then
  pass "default values: the CRD carries helm.sh/resource-policy: keep"
else
  fail "default values: the CRD lacks helm.sh/resource-policy: keep"
fi
expect "default values" "$work/default.yaml" Deployment "$deployment" spec.strategy.type '"Recreate"'
expect "default values" "$work/default.yaml" Deployment "$deployment" \
  spec.template.spec.containers.0.env.1 '{"name":"LEADER_ELECTION","value":"false"}'
# The operator's heap follows its container's memory limit.
expect "default values" "$work/default.yaml" Deployment "$deployment" \
  spec.template.spec.containers.0.env.8 '{"name":"JAVA_TOOL_OPTIONS","value":"-XX:MaxRAMPercentage=75"}'
# Aggregated roles: namespace admins and editors manage SocketIoClusters, viewers read them.
for role in edit:aggregate-to-admin edit:aggregate-to-edit view:aggregate-to-view; do
  name="ci-socketio-operator-${role%%:*}"
  labels="$("${query[@]}" "$work/default.yaml" ClusterRole "$name" metadata.labels)"
  if grep -q "\"rbac.authorization.k8s.io/${role#*:}\":\"true\"" <<< "$labels"; then
    pass "default values: ClusterRole $name is labelled ${role#*:}"
  else
    fail "default values: ClusterRole $name lacks rbac.authorization.k8s.io/${role#*:}=true: $labels"
  fi
done
expect "default values" "$work/default.yaml" ClusterRole ci-socketio-operator-view rules.0.verbs '["get","list","watch"]'
"$helm" template ci "$chart" --namespace ci-system --set rbac.aggregateRoles=false > "$work/no-aggregate.yaml"
expect "rbac.aggregateRoles=false" "$work/no-aggregate.yaml" ClusterRole ci-socketio-operator-view metadata absent
"$helm" template ci "$chart" --namespace ci-system --set crds.install=false > "$work/no-crds.yaml"
expect "crds.install=false" "$work/no-crds.yaml" CustomResourceDefinition "*" metadata absent
"$helm" template ci "$chart" --namespace ci-system --set leaderElection.enabled=true > "$work/le.yaml"
expect "leaderElection.enabled=true" "$work/le.yaml" Deployment "$deployment" spec.strategy.type '"RollingUpdate"'
"$helm" template ci "$chart" --namespace ci-system -f "$helm_dir/ci-values/high-availability.yaml" > "$work/ha.yaml"
expect "high-availability.yaml" "$work/ha.yaml" Deployment "$deployment" spec.strategy.type '"RollingUpdate"'
expect "high-availability.yaml" "$work/ha.yaml" Deployment "$deployment" \
  spec.template.spec.containers.0.env.1 '{"name":"LEADER_ELECTION","value":"true"}'
expect "deploy/install.yaml" "$repo/deploy/install.yaml" Deployment socketio-operator spec.strategy.type '"Recreate"'
# The first install does not know the CRD yet: no example cluster in it, and the NOTES say how to get it.
for notes_values in "--set=exampleCluster.enabled=true" "--set=exampleCluster.enabled=false"; do
  if "$helm" install ci "$chart" --namespace ci-system --dry-run=client "$notes_values" > "$work/install.out" 2>&1; then
    sed -n '/^NOTES:/,$p' "$work/install.out" > "$work/notes.txt"
    unscoped="$(grep -E '^ +(cat .*\| )?kubectl ' "$work/notes.txt" | grep -v -E 'kubectl (-n [a-z0-9-]+ |create namespace )' || true)"
    if [ -z "$unscoped" ] && grep -q 'port-forward' "$work/notes.txt"; then
      pass "NOTES ($notes_values): every kubectl command names its namespace"
    else
      cat "$work/notes.txt"
      fail "NOTES ($notes_values): kubectl commands without a namespace: $unscoped"
    fi
    if grep -q '^kind: SocketIoCluster$' "$work/install.out"; then
      fail "NOTES ($notes_values): the first install renders a SocketIoCluster its CRD is not known for yet"
    fi
  else
    cat "$work/install.out"
    fail "helm install --dry-run=client ($notes_values)"
  fi
done
# The operator's per-cluster gauges keep their own namespace label (the alert rules and dashboard select on it).
"$helm" template ci "$chart" --namespace ci-system -f "$helm_dir/ci-values/monitoring.yaml" > "$work/monitoring.yaml"
expect "monitoring.yaml" "$work/monitoring.yaml" ServiceMonitor "$deployment" spec.endpoints.0.honorLabels 'true'
if [ -e "$repo/operator/deploy/operator.yaml" ]; then
  fail "operator/deploy/operator.yaml is back: deploy/install.yaml (generated from the chart) is the only plain install"
else
  pass "deploy/install.yaml is the only plain-manifest install"
fi

# 9. Every metric the alert rules and the dashboard use exists in the code, so they cannot drift: a name is
# known when a main Java source registers it (a counter is exposed with _total, a histogram with
# _bucket/_sum/_count).
mapfile -t code_metrics < <(grep -rhoE '"socketio_[a-z0-9_]+"' --include='*.java' "$repo"/*/src/main/java | tr -d '"' | sort -u)
known_metric() {
  local base
  for base in "${code_metrics[@]}"; do
    case "$1" in
      "$base" | "${base}_total" | "${base}_bucket" | "${base}_sum" | "${base}_count") return 0 ;;
    esac
  done
  return 1
}
# unknown_metrics FILE: the socketio_* names FILE uses that the code does not register, one a line.
unknown_metrics() {
  grep -ohE 'socketio_[a-z0-9_]+' "$1" | sort -u | while read -r metric; do
    known_metric "$metric" || echo "$metric"
  done
}
printf 'expr: rate(socketio_connection[5m]) + socketio_connections\n' > "$work/misspelt-rule.yaml"
if [ "$(unknown_metrics "$work/misspelt-rule.yaml")" = "socketio_connection" ]; then
  pass "the metric-name check reports a misspelt name (socketio_connection) and nothing else"
else
  fail "the metric-name check does not report socketio_connection: $(unknown_metrics "$work/misspelt-rule.yaml" | tr '\n' ' ')"
fi
"$helm" template ci "$chart" --namespace ci-system -s templates/prometheusrule.yaml \
  -f "$helm_dir/ci-values/monitoring.yaml" > "$work/rules.yaml"
for used in "$work/rules.yaml" "$chart/dashboards/socketio.json"; do
  label="${used#"$work"/}"
  label="${label#"$repo"/}"
  count="$(grep -ohE 'socketio_[a-z0-9_]+' "$used" | sort -u | wc -l)"
  unknown="$(unknown_metrics "$used" | tr '\n' ' ')"
  if [ "$count" -gt 0 ] && [ -z "$unknown" ]; then
    pass "$label: its $count metric names all exist in the code"
  else
    fail "$label uses metrics no code registers: ${unknown:-none found at all}"
  fi
done

# 10. shellcheck on every shell script of the repository (tracked or new, not ignored).
list_scripts() {
  if git -C "$repo" rev-parse --git-dir > /dev/null 2>&1; then
    git -C "$repo" ls-files -co --exclude-standard -- '*.sh'
  else
    (cd "$repo" && find . -name '*.sh' -not -path '*/node_modules/*' -not -path '*/target/*' | sed 's|^\./||')
  fi
}
mapfile -t scripts < <(list_scripts | grep -v 'node_modules/')
for script in "${scripts[@]}"; do
  [ -f "$repo/$script" ] || continue
  if shellcheck "$repo/$script" > "$work/shellcheck.out" 2>&1; then
    pass "shellcheck $script"
  else
    cat "$work/shellcheck.out"
    fail "shellcheck $script"
  fi
done

echo "checks: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
