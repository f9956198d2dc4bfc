{{/* The chart name, or nameOverride. */}}
{{- define "kmo.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Full name of the release's objects; the release name alone when it already holds the chart name. */}}
{{- define "kmo.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else if contains (include "kmo.name" .) .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name (include "kmo.name" .) | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{- define "kmo.selectorLabels" -}}
app.kubernetes.io/name: {{ include "kmo.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: operator
{{- end }}

{{- define "kmo.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "kmo.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: kafka-mirror-operator
{{- end }}

{{- define "kmo.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "kmo.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The operator image; the worker image defaults to it (one image, two entrypoints). */}}
{{- define "kmo.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{- define "kmo.workerImage" -}}
{{- default (include "kmo.image" .) .Values.workerImage }}
{{- end }}

{{/*
One document of files/operator-role.yaml (a verbatim copy of operator/rbac/operator-role.yaml, kept
identical by test/unit/chart/generated-files.test.ts), by kind, as a dict.
*/}}
{{- define "kmo.rbacDocument" -}}
{{- $kind := .kind }}
{{- range splitList "\n---\n" (.root.Files.Get "files/operator-role.yaml") }}
{{- $doc := fromYaml . }}
{{- if eq (get $doc "kind") $kind }}
{{- toYaml $doc }}
{{- end }}
{{- end }}
{{- end }}

{{/* Fails the render when the Prometheus Operator's CRDs are not served, instead of a late apply error. */}}
{{- define "kmo.requireMonitoringApi" -}}
{{- if not (.Capabilities.APIVersions.Has "monitoring.coreos.com/v1") }}
{{- fail (printf "%s needs the Prometheus Operator's CRDs (monitoring.coreos.com/v1), which this cluster does not serve; install them or turn the value off (helm template: pass --api-versions monitoring.coreos.com/v1)" .what) }}
{{- end }}
{{- end }}
