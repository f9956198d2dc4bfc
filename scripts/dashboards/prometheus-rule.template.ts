import { GENERATED_BY } from './chart-paths.ts';
import { alertRules, exprOf, type AlertRule } from './alert-rules.ts';

/** Prometheus' own `{{ $labels.x }}` templates, escaped so that Helm leaves them alone. */
const escapeForHelm = (text: string): string => text.replace(/\{\{(.*?)\}\}/g, (_, inner: string) => `{{\`{{${inner}}}\`}}`);

/** A YAML double-quoted scalar (JSON strings are valid YAML). */
const quoted = (text: string): string => JSON.stringify(text);

function ruleYaml(rule: AlertRule): string {
  return [
    `        - alert: ${rule.alert}`,
    '          expr: |-',
    `            ${exprOf(rule)}`,
    `          for: ${rule.for}`,
    '          labels:',
    `            severity: ${rule.severity}`,
    '            {{- with .Values.monitoring.prometheusRule.additionalLabels }}',
    '            {{- toYaml . | nindent 12 }}',
    '            {{- end }}',
    '          annotations:',
    `            summary: ${escapeForHelm(quoted(rule.summary))}`,
    `            description: ${escapeForHelm(quoted(rule.description))}`,
  ].join('\n');
}

/** templates/prometheusrule.yaml: the alert rules as a PrometheusRule, thresholds from values. */
export function renderPrometheusRuleTemplate(): string {
  return [
    `{{- /* ${GENERATED_BY} (rules: scripts/dashboards/alert-rules.ts) */}}`,
    '{{- if .Values.monitoring.prometheusRule.enabled }}',
    '{{- include "kmo.requireMonitoringApi" (dict "Capabilities" .Capabilities "what" "monitoring.prometheusRule.enabled") }}',
    'apiVersion: monitoring.coreos.com/v1',
    'kind: PrometheusRule',
    'metadata:',
    '  name: {{ include "kmo.fullname" . }}',
    '  namespace: {{ .Release.Namespace }}',
    '  labels:',
    '    {{- include "kmo.labels" . | nindent 4 }}',
    '    {{- with .Values.monitoring.prometheusRule.labels }}',
    '    {{- toYaml . | nindent 4 }}',
    '    {{- end }}',
    'spec:',
    '  groups:',
    '    - name: kafka-mirror',
    '      rules:',
    ...alertRules.map(ruleYaml),
    '{{- end }}',
    '',
  ].join('\n');
}
