import { DashboardBuilder, RowBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { datasourceVariable, jobVariable, table, timeSeries, type Query } from './panels.ts';

const j = 'job="$job"';

/**
 * Process metrics carry no MirrorJob label (prom-client's defaults), and the scrape's own `job` label
 * names the scrape config, not the MirrorJob. Joining on `instance` (one worker process) with the
 * worker's assigned-partitions gauge copies the MirrorJob and worker labels over.
 */
const perWorker = (expr: string): string =>
  `${expr} * on (instance) group_left (job, worker) (max by (instance, job, worker) (kafka_mirror_assigned_partitions{${j}}) * 0 + 1)`;

const quantiles = (histogram: string): Query[] =>
  ['0.5', '0.95', '0.99'].map((q) => ({
    expr: `histogram_quantile(${q}, sum by (le) (rate(${histogram}_bucket{${j}}[$__rate_interval])))`,
    legend: `p${Number(q) * 100}`,
  }));

/** One MirrorJob in depth: its workers, latencies, transactions and the metadata sync. */
export function jobDashboard(): Dashboard {
  return new DashboardBuilder('Kafka Mirror / MirrorJob')
    .uid('kafka-mirror-job')
    .tags(['kafka', 'kafka-mirror'])
    .description('One MirrorJob: partitions, latency, record age, transactions, metadata and group-offset sync, worker resources.')
    .refresh('30s')
    .time({ from: 'now-1h', to: 'now' })
    .withVariable(datasourceVariable())
    .withVariable(jobVariable(false))
    .withRow(new RowBuilder('Partitions'))
    .withPanel(timeSeries('Partitions assigned, per worker', 'Source partitions each worker copies.', 'short', [{ expr: `sum by (worker) (kafka_mirror_assigned_partitions{${j}})`, legend: 'worker {{worker}}' }]))
    .withPanel(timeSeries('Partitions stopped, per worker', 'Partitions stopped on a refused record or a missing permission; the worker /status says why.', 'short', [{ expr: `sum by (worker) (kafka_mirror_stopped_partitions{${j}})`, legend: 'worker {{worker}}' }]))
    .withPanel(table('Records behind, per partition', 'Lag of each source partition.', 'short', { expr: `sum by (topic, partition) (kafka_mirror_records_behind{${j}})`, legend: '{{topic}}-{{partition}}' }, 24))
    .withRow(new RowBuilder('Throughput and latency'))
    .withPanel(timeSeries('Records copied / s, per topic', 'Records made durable on the target.', 'ops', [{ expr: `sum by (topic) (rate(kafka_mirror_records_copied_total{${j}}[$__rate_interval]))`, legend: '{{topic}}' }]))
    .withPanel(timeSeries('Bytes copied / s, per topic', 'Record batch bytes made durable on the target.', 'Bps', [{ expr: `sum by (topic) (rate(kafka_mirror_bytes_copied_total{${j}}[$__rate_interval]))`, legend: '{{topic}}' }]))
    .withPanel(timeSeries('Replication latency', 'From fetching records on the source to their commit on the target.', 's', quantiles('kafka_mirror_replication_latency_seconds')))
    .withPanel(timeSeries('Record age at commit', 'Commit time minus the newest record timestamp of each batch: the end-to-end delay.', 's', quantiles('kafka_mirror_record_age_seconds')))
    .withPanel(timeSeries('Transactions / s', 'Target transactions committed and aborted (AtLeastOnce jobs count their rounds).', 'ops', [{ expr: `sum by (result) (rate(kafka_mirror_transactions_total{${j}}[$__rate_interval]))`, legend: '{{result}}' }]))
    .withPanel(timeSeries('Time per data-path step', 'Share of each second the workers spend waiting for fetch answers, writing batches and committing intervals: a slow source shows in fetch, a slow target in write and commit.', 'percentunit', [{ expr: `sum by (step) (rate(kafka_mirror_step_duration_seconds_sum{${j}}[$__rate_interval]))`, legend: '{{step}}' }]))
    .withPanel(timeSeries('Batches / s, by path', 'Forwarded as the source sent them, joined (runs of small source batches written as one), or re-encoded (legacy formats, compaction gaps, LogAppendTime).', 'ops', [{ expr: `sum by (path) (rate(kafka_mirror_batches_total{${j}}[$__rate_interval]))`, legend: '{{path}}' }]))
    .withRow(new RowBuilder('Metadata and group offsets'))
    .withPanel(timeSeries('Group offset syncs / s, by result', 'Consumer groups considered per sync pass: Synced, UpToDate, AlreadyAhead, NotYetTranslatable, SkippedActiveOnTarget, Failed.', 'ops', [{ expr: `sum by (result) (rate(kafka_mirror_group_offset_syncs_total{${j}}[$__rate_interval]))`, legend: '{{result}}' }]))
    .withPanel(timeSeries('Metadata actions / s', 'Actions the metadata sync applied to the target, by kind and result.', 'ops', [{ expr: `sum by (kind, result) (rate(kafka_mirror_metadata_actions_total{${j}}[$__rate_interval]))`, legend: '{{kind}} {{result}}' }]))
    .withPanel(timeSeries('Metadata sync passes / s', 'Sync passes: ok, partial (some actions failed, retried next pass) or failed.', 'ops', [{ expr: `sum by (result) (rate(kafka_mirror_metadata_sync_rounds_total{${j}}[$__rate_interval]))`, legend: '{{result}}' }]))
    .withPanel(timeSeries('Metadata sync pass duration', 'Snapshots, plan and apply of one pass.', 's', quantiles('kafka_mirror_metadata_sync_duration_seconds').slice(0, 2)))
    .withPanel(timeSeries('Metadata drift', 'What the last pass found to change or could not change, by kind; lasting drift means the sync cannot converge.', 'short', [{ expr: `sum by (kind) (kafka_mirror_metadata_drift{${j}})`, legend: '{{kind}}' }]))
    .withRow(new RowBuilder('Worker resources'))
    .withPanel(timeSeries('Worker CPU', 'CPU seconds per second of each worker process.', 'percentunit', [{ expr: perWorker('rate(process_cpu_seconds_total[$__rate_interval])'), legend: 'worker {{worker}}' }], 8))
    .withPanel(timeSeries('Worker memory', 'Resident memory of each worker process.', 'bytes', [{ expr: perWorker('process_resident_memory_bytes'), legend: 'worker {{worker}}' }], 8))
    .withPanel(timeSeries('Worker event loop lag (p99)', 'Node.js event loop delay: high values slow every fetch and commit.', 's', [{ expr: perWorker('nodejs_eventloop_lag_p99_seconds'), legend: 'worker {{worker}}' }], 8))
    .build();
}
