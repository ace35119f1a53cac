{{/* Chart name, overridable. */}}
{{- define "flowpilot.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Release-scoped base name: <release>-flowpilot, or the release name alone when it already says flowpilot. */}}
{{- define "flowpilot.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* Name of one app's objects: <fullname>-<app>. Call with (dict "root" $ "app" "<app>"). */}}
{{- define "flowpilot.appFullname" -}}
{{- printf "%s-%s" (include "flowpilot.fullname" .root) .app | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "flowpilot.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels on every object. */}}
{{- define "flowpilot.commonLabels" -}}
helm.sh/chart: {{ include "flowpilot.chart" . }}
app.kubernetes.io/name: {{ include "flowpilot.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: flowpilot
{{- end }}

{{/* Labels of one app's objects. Call with (dict "root" $ "app" "<app>"). */}}
{{- define "flowpilot.appLabels" -}}
{{ include "flowpilot.commonLabels" .root }}
app.kubernetes.io/component: {{ .app }}
{{- end }}

{{/* Selector of one app's pods; never changes after install. */}}
{{- define "flowpilot.selectorLabels" -}}
app.kubernetes.io/name: {{ include "flowpilot.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .app }}
{{- end }}

{{- define "flowpilot.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "flowpilot.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The Secret the apps read their secret settings from: an existing one, or the chart's. */}}
{{- define "flowpilot.secretName" -}}
{{- if .Values.secrets.existingSecret }}
{{- .Values.secrets.existingSecret }}
{{- else }}
{{- printf "%s-secrets" (include "flowpilot.fullname" .) }}
{{- end }}
{{- end }}

{{- define "flowpilot.image" -}}
{{- $registry := .Values.image.registry }}
{{- $tag := default .Chart.AppVersion .Values.image.tag }}
{{- if .Values.image.digest }}
{{- printf "%s%s@%s" (ternary "" (printf "%s/" $registry) (empty $registry)) .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s%s:%s" (ternary "" (printf "%s/" $registry) (empty $registry)) .Values.image.repository $tag }}
{{- end }}
{{- end }}
