import { DashboardBuilder, RowBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { datasourceVariable, jobVariable, stat, table, timeSeries } from './panels.ts';

const j = 'job=~"$job"';
/** A series only the operator exports: `and on (instance)` with it keeps an operator's process metrics, not a worker's. */
const operatorOnly = 'kafka_mirror_reconcile_duration_seconds_count';

/** Every MirrorJob at a glance: phases, throughput, lag and the time to catch up. */
export function overviewDashboard(): Dashboard {
  return new DashboardBuilder('Kafka Mirror / Overview')
    .uid('kafka-mirror-overview')
    .tags(['kafka', 'kafka-mirror'])
    .description('MirrorJobs by phase, throughput, lag and catch-up time, for every job (kafka-mirror-operator).')
    .refresh('30s')
    .time({ from: 'now-1h', to: 'now' })
    .withVariable(datasourceVariable())
    .withVariable(jobVariable(true))
    .withRow(new RowBuilder('Jobs'))
    .withPanel(stat('MirrorJobs by phase', 'MirrorJobs by status.phase, as the operator last wrote it.', 'short', [{ expr: 'sum by (phase) (kafka_mirror_jobs)', legend: '{{phase}}' }], 12))
    .withPanel(stat('Stopped partitions', 'Partitions a worker stopped (the target refused a record, or a permission is missing); see the worker /status.', 'short', [{ expr: `sum by (job) (kafka_mirror_stopped_partitions{${j}})`, legend: '{{job}}' }], 12))
    .withRow(new RowBuilder('Throughput'))
    .withPanel(timeSeries('Records copied / s', 'Records made durable on the target, per job.', 'ops', [{ expr: `sum by (job) (rate(kafka_mirror_records_copied_total{${j}}[$__rate_interval]))`, legend: '{{job}}' }]))
    .withPanel(timeSeries('Bytes copied / s', 'Record batch bytes made durable on the target, per job.', 'Bps', [{ expr: `sum by (job) (rate(kafka_mirror_bytes_copied_total{${j}}[$__rate_interval]))`, legend: '{{job}}' }]))
    .withRow(new RowBuilder('Lag'))
    .withPanel(timeSeries('Records behind, per job', 'Source records not yet copied (source last stable offset minus the job position).', 'short', [{ expr: `sum by (job) (kafka_mirror_records_behind{${j}})`, legend: '{{job}}' }]))
    .withPanel(timeSeries('Records behind, per job and topic', 'Lag per source topic.', 'short', [{ expr: `sum by (job, topic) (kafka_mirror_records_behind{${j}})`, legend: '{{job}} {{topic}}' }]))
    .withPanel(
      table(
        'Time to catch up',
        'Records behind divided by the rate at which the lag shrinks (over 5 minutes): seconds until caught up at the current pace. +Inf: the lag is not shrinking; NaN: nothing behind.',
        's',
        { expr: `sum by (job) (kafka_mirror_records_behind{${j}}) / clamp_min(-sum by (job) (deriv(kafka_mirror_records_behind{${j}}[5m])), 0)`, legend: '{{job}}' },
      ),
    )
    .withPanel(
      timeSeries('Records lost to retention', 'Source records deleted by retention before the job copied them (should stay empty).', 'short', [
        { expr: `sum by (job, topic) (increase(kafka_mirror_records_lost_to_retention_total{${j}}[$__rate_interval]))`, legend: '{{job}} {{topic}}' },
      ]),
    )
    .withRow(new RowBuilder('Operator'))
    .withPanel(timeSeries('Reconciles / s', 'MirrorJob reconciles by result.', 'ops', [{ expr: 'sum by (result) (rate(kafka_mirror_reconciles_total[$__rate_interval]))', legend: '{{result}}' }]))
    .withPanel(
      timeSeries('Reconcile duration', 'Duration of one reconcile, Kafka progress reads included.', 's', [
        { expr: 'histogram_quantile(0.5, sum by (le) (rate(kafka_mirror_reconcile_duration_seconds_bucket[$__rate_interval])))', legend: 'p50' },
        { expr: 'histogram_quantile(0.95, sum by (le) (rate(kafka_mirror_reconcile_duration_seconds_bucket[$__rate_interval])))', legend: 'p95' },
      ]),
    )
    .withPanel(
      timeSeries('Operator memory', "Resident memory and JavaScript heap in use of each operator process. The heap is bounded by the chart's heapMiB (default 192 MiB); with 100 MirrorJobs the operator held about 57 MiB of live heap and 200 MiB resident.", 'bytes', [
        { expr: `process_resident_memory_bytes and on (instance) ${operatorOnly}`, legend: 'resident {{instance}}' },
        { expr: `nodejs_heap_size_used_bytes and on (instance) ${operatorOnly}`, legend: 'heap in use {{instance}}' },
      ]),
    )
    .build();
}
