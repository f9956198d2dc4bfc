/**
 * The chart's alert rules. Each has a `signal`: the data the alert judges, without its threshold, which
 * test/integration/chart/promql.test.ts evaluates on a real Prometheus (it must return series when
 * workers run), while `expr` (signal + condition) is checked by promtool and by Prometheus loading it.
 * Thresholds are chart values: `{{ .Values... }}` is rendered by Helm.
 */
export interface AlertRule {
  alert: string;
  signal: string;
  /** Appended to the signal to make `expr`. */
  condition: string;
  for: string;
  severity: 'warning' | 'critical';
  summary: string;
  description: string;
}

const v = (name: string): string => `{{ .Values.monitoring.prometheusRule.${name} }}`;

export const alertRules: AlertRule[] = [
  {
    alert: 'KafkaMirrorLagHigh',
    signal: 'sum by (job, topic) (kafka_mirror_records_behind)',
    condition: `> ${v('lagThreshold')}`,
    for: v('lagFor'),
    severity: 'warning',
    summary: 'MirrorJob {{ $labels.job }} is far behind on topic {{ $labels.topic }}',
    description: '{{ $value }} records of topic {{ $labels.topic }} are not yet copied by MirrorJob {{ $labels.job }}.',
  },
  {
    alert: 'KafkaMirrorLagGrowing',
    signal: 'sum by (job) (deriv(kafka_mirror_records_behind[10m]))',
    condition: '> 0 and sum by (job) (kafka_mirror_records_behind) > 0',
    for: v('lagGrowingFor'),
    severity: 'warning',
    summary: 'MirrorJob {{ $labels.job }} falls further behind',
    description: 'The lag of MirrorJob {{ $labels.job }} keeps growing: the source is produced to faster than the job copies. Add workers (spec.replication.workers) or check the worker logs.',
  },
  {
    alert: 'KafkaMirrorWorkerDown',
    // `up` of the worker targets: the chart's PodMonitor adds the Pod's app.kubernetes.io/component label.
    signal: 'up{app_kubernetes_io_component="worker"}',
    condition: '== 0',
    for: v('workerDownFor'),
    severity: 'critical',
    summary: 'A kafka-mirror worker cannot be scraped',
    description: 'Worker {{ $labels.instance }} ({{ $labels.namespace }}/{{ $labels.kafkamirror_io_job }}) is down or not serving /metrics.',
  },
  {
    alert: 'KafkaMirrorPartitionsStopped',
    signal: 'sum by (job) (kafka_mirror_stopped_partitions)',
    condition: '> 0',
    for: '5m',
    severity: 'critical',
    summary: 'MirrorJob {{ $labels.job }} stopped copying {{ $value }} partitions',
    description: 'The target refused a record or a permission is missing; the worker /status endpoint and the MirrorJob conditions name the partitions and why.',
  },
  {
    alert: 'KafkaMirrorMetadataSyncFailing',
    signal: 'sum by (job) (increase(kafka_mirror_metadata_sync_rounds_total{result=~"failed|partial"}[15m]))',
    condition: '> 0',
    for: '15m',
    severity: 'warning',
    summary: 'The metadata sync of MirrorJob {{ $labels.job }} keeps failing',
    description: 'Topic, config or ACL changes are not reaching the target (kafka_mirror_metadata_actions_total{result="failed"} says which kinds). See the worker 0 logs.',
  },
  {
    alert: 'KafkaMirrorGroupOffsetSyncFailing',
    signal: 'sum by (job) (increase(kafka_mirror_group_offset_syncs_total{result="Failed"}[15m]))',
    condition: '> 0',
    for: '15m',
    severity: 'warning',
    summary: 'Consumer group offsets of MirrorJob {{ $labels.job }} are not synced',
    description: 'The target refuses SetGroupOffsets for some groups: consumers switched to the target would restart from older offsets.',
  },
  {
    alert: 'KafkaMirrorMetadataDrift',
    signal: 'sum by (job) (kafka_mirror_metadata_drift)',
    condition: '> 0',
    for: '30m',
    severity: 'warning',
    summary: 'The target of MirrorJob {{ $labels.job }} differs from the source',
    description: 'Each metadata sync pass finds {{ $value }} changes it cannot make (conflicts or refused actions): the target drifts from the source.',
  },
  {
    alert: 'KafkaMirrorRecordsLostToRetention',
    signal: 'sum by (job, topic) (increase(kafka_mirror_records_lost_to_retention_total[10m]))',
    condition: '> 0',
    for: '0m',
    severity: 'critical',
    summary: 'MirrorJob {{ $labels.job }} lost records of {{ $labels.topic }} to retention',
    description: 'Source records were deleted by retention before the job copied them: the target misses them for good.',
  },
  {
    alert: 'KafkaMirrorJobDegraded',
    signal: 'max(kafka_mirror_jobs{phase="Degraded"})',
    condition: '> 0',
    for: '10m',
    severity: 'warning',
    summary: '{{ $value }} MirrorJobs are Degraded',
    description: 'Running, but some partitions or syncs stopped. `kubectl get mirrorjobs -A` lists them; their conditions say why.',
  },
  {
    alert: 'KafkaMirrorJobFailed',
    signal: 'max(kafka_mirror_jobs{phase="Failed"})',
    condition: '> 0',
    for: '5m',
    severity: 'critical',
    summary: '{{ $value }} MirrorJobs are Failed',
    description: 'Not running (invalid spec, unreachable cluster, authentication). `kubectl get mirrorjobs -A` lists them; their Ready condition says why.',
  },
  {
    alert: 'KafkaMirrorReconcileErrors',
    signal: 'sum(rate(kafka_mirror_reconciles_total{result="error"}[10m]))',
    condition: '> 0',
    for: '15m',
    severity: 'warning',
    summary: 'The kafka-mirror operator keeps failing to reconcile',
    description: 'Reconciles fail and are retried with back-off; the operator logs say why (API server or Kafka unreachable, RBAC).',
  },
];

export const exprOf = (rule: AlertRule): string => `${rule.signal} ${rule.condition}`;
