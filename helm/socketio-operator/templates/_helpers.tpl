{{/* Names are cut to 63 characters: Kubernetes rejects longer labels and DNS names. */}}
{{- define "sio.name" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "sio.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "sio.selectorLabels" -}}
app.kubernetes.io/name: {{ include "sio.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "sio.labels" -}}
{{ include "sio.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/component: operator
app.kubernetes.io/part-of: socketio-operator
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end -}}

{{- define "sio.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "sio.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "sio.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}

{{/* Leader election is forced on with several replicas: two unelected reconcilers would fight. */}}
{{- define "sio.leaderElection" -}}
{{- if or .Values.leaderElection.enabled (gt (int .Values.replicaCount) 1) -}}true{{- else -}}false{{- end -}}
{{- end -}}

{{/* The rules for what the operator manages; shared by the ClusterRole and the per-namespace Roles. */}}
{{- define "sio.managedRules" -}}
- apiGroups: ["socketiooperator.org"]
  resources: ["socketioclusters"]
  verbs: ["get", "list", "watch", "patch", "update"]
- apiGroups: ["socketiooperator.org"]
  resources: ["socketioclusters/status"]
  verbs: ["get", "patch", "update"]
- apiGroups: ["socketiooperator.org"]
  resources: ["socketioclusters/scale"]
  verbs: ["get", "patch", "update"]
- apiGroups: ["socketiooperator.org"]
  resources: ["socketioclusters/finalizers"]
  verbs: ["update"]
- apiGroups: ["apps"]
  resources: ["statefulsets"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: [""]
  resources: ["services", "configmaps"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
# The blue/green switch's drain signal: one annotation on the pods of a generation the client Service no
# longer selects (docs/adr/0002-rollouts.md). Pods are never read, listed or deleted.
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["patch"]
- apiGroups: ["policy"]
  resources: ["poddisruptionbudgets"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: ["networking.k8s.io"]
  resources: ["ingresses", "networkpolicies"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
# Optional APIs (Prometheus Operator, Gateway API): written only where discovery serves them, read with get
# (no informer, which would fail where the CRD is missing), so neither list nor watch.
- apiGroups: ["monitoring.coreos.com"]
  resources: ["podmonitors"]
  verbs: ["get", "create", "update", "patch", "delete"]
- apiGroups: ["gateway.networking.k8s.io"]
  resources: ["httproutes"]
  verbs: ["get", "create", "update", "patch", "delete"]
# Redis credentials, never written. RBAC cannot narrow list/watch by label, but the operator lists, watches
# and caches only Secrets labelled socketiooperator.org/watch=true; it reads other referenced ones with get.
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["get", "list", "watch"]
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create", "patch"]
- apiGroups: ["events.k8s.io"]
  resources: ["events"]
  verbs: ["create", "patch"]
{{- end -}}
