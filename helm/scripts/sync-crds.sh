#!/usr/bin/env bash
# Copies the generated CRDs (repo crds/, written by the operator build) into the chart (files/crds/, rendered by templates/crds.yaml).
# The chart's copies are never edited by hand: check.sh fails when they differ from crds/.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source_dir="$repo/crds"
chart_crds="$repo/helm/socketio-operator/files/crds"

mkdir -p "$chart_crds"
find "$chart_crds" -maxdepth 1 -type f \( -name '*.yml' -o -name '*.yaml' \) -delete
shopt -s nullglob
copied=0
for crd in "$source_dir"/*.yml "$source_dir"/*.yaml; do
  cp "$crd" "$chart_crds/"
  copied=$((copied + 1))
done
echo "copied $copied CRD file(s) from crds/ to helm/socketio-operator/files/crds/"
# deploy/install.yaml embeds the CRD: regenerate it in the same step.
"$repo/helm/scripts/generate-install.sh"
