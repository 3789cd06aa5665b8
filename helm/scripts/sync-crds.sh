#!/usr/bin/env bash
# Links the chart to the generated CRDs: helm/socketio-operator/files/crds/<file> is a symbolic link to
# crds/<file> (written by the operator build), so the CRD exists once in the repository. Helm follows the
# links when it renders, lints and packages the chart (the packaged chart holds the file itself).
# check.sh fails when a CRD of crds/ has no link or a link points elsewhere.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source_dir="$repo/crds"
chart_crds="$repo/helm/socketio-operator/files/crds"

mkdir -p "$chart_crds"
find "$chart_crds" -maxdepth 1 \( -type f -o -type l \) \( -name '*.yml' -o -name '*.yaml' \) -delete
shopt -s nullglob
linked=0
for crd in "$source_dir"/*.yml "$source_dir"/*.yaml; do
  ln -s "../../../../crds/$(basename "$crd")" "$chart_crds/$(basename "$crd")"
  linked=$((linked + 1))
done
echo "linked $linked CRD file(s) of crds/ into helm/socketio-operator/files/crds/"
# deploy/install.yaml embeds the CRD: regenerate it in the same step.
"$repo/helm/scripts/generate-install.sh"
