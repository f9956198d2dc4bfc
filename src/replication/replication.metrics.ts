import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { recordsBehind, type PartitionState } from './partition-state.ts';

/**
 * The data path's Prometheus metrics. Counters move when a transaction commits (ExactlyOnce) or a
 * checkpoint is durable (AtLeastOnce), so they count what the target really holds.
 */
export class ReplicationMetrics {
  readonly recordsCopied: Counter<'job' | 'topic'>;
  readonly bytesCopied: Counter<'job' | 'topic'>;
  readonly batches: Counter<'job' | 'path'>;
  readonly transactions: Counter<'job' | 'result'>;
  readonly recordsLostToRetention: Counter<'job' | 'topic'>;
  readonly replicationLatency: Histogram<'job'>;
  readonly recordAge: Histogram<'job'>;
  readonly stepDuration: Histogram<'job' | 'step'>;
  readonly #job: string;

  constructor(registry: Registry, job: string, worker: number, partitions: () => Iterable<PartitionState>) {
    this.#job = job;
    const registers = [registry];
    this.recordsCopied = new Counter({ name: 'kafka_mirror_records_copied_total', help: 'Records written to the target and made durable, by source topic.', labelNames: ['job', 'topic'], registers });
    this.bytesCopied = new Counter({ name: 'kafka_mirror_bytes_copied_total', help: 'Record batch bytes written to the target and made durable, by source topic.', labelNames: ['job', 'topic'], registers });
    this.batches = new Counter({ name: 'kafka_mirror_batches_total', help: 'Batches written, by path: forwarded as the source sent them, joined (runs of small source batches written as one), or re-encoded (legacy formats, compaction gaps, LogAppendTime).', labelNames: ['job', 'path'], registers });
    this.transactions = new Counter({ name: 'kafka_mirror_transactions_total', help: 'Target transactions by result (committed or aborted); AtLeastOnce jobs count their commit intervals (progress made durable).', labelNames: ['job', 'result'], registers });
    this.recordsLostToRetention = new Counter({ name: 'kafka_mirror_records_lost_to_retention_total', help: 'Source records deleted by retention before the job could copy them.', labelNames: ['job', 'topic'], registers });
    this.replicationLatency = new Histogram({ name: 'kafka_mirror_replication_latency_seconds', help: 'Time from fetching records on the source to their commit on the target.', labelNames: ['job'], buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30], registers });
    this.recordAge = new Histogram({ name: 'kafka_mirror_record_age_seconds', help: 'Age of the newest record of each committed batch (commit time minus record timestamp): end-to-end delay.', labelNames: ['job'], buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 3600, 86400], registers });
    this.stepDuration = new Histogram({
      name: 'kafka_mirror_step_duration_seconds',
      help: 'Where the data path spends its time, by step: waiting for a fetch answer (fetch; a fetch sent ahead may have answered already), writing one fetch\'s batches to the target (write), making a commit interval durable (commit).',
      labelNames: ['job', 'step'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    const labels = { job, worker: String(worker) };
    new Gauge({
      name: 'kafka_mirror_assigned_partitions',
      help: 'Source partitions assigned to this worker.',
      labelNames: ['job', 'worker'],
      registers,
      collect() {
        this.set(labels, [...partitions()].length);
      },
    });
    new Gauge({
      name: 'kafka_mirror_stopped_partitions',
      help: 'Partitions stopped because the target refused a record or a permission is missing (see the worker /status endpoint and logs).',
      labelNames: ['job', 'worker'],
      registers,
      collect() {
        this.set(labels, [...partitions()].filter((p) => p.stopped).length);
      },
    });
    new Gauge({
      name: 'kafka_mirror_records_behind',
      help: 'Records on the source not yet copied (source last stable offset minus the job position), per partition.',
      labelNames: ['job', 'topic', 'partition'],
      registers,
      collect() {
        this.reset();
        for (const p of partitions()) this.set({ job, topic: p.source.topic, partition: String(p.source.partition) }, recordsBehind(p));
      },
    });
  }

  committed(topic: string, records: number, bytes: number): void {
    this.recordsCopied.inc({ job: this.#job, topic }, records);
    this.bytesCopied.inc({ job: this.#job, topic }, bytes);
  }

  batchesWritten(counts: { forwardedBatches: number; reencodedBatches: number; joinedBatches: number }): void {
    if (counts.forwardedBatches > 0) this.batches.inc({ job: this.#job, path: 'forwarded' }, counts.forwardedBatches);
    if (counts.reencodedBatches > 0) this.batches.inc({ job: this.#job, path: 'reencoded' }, counts.reencodedBatches);
    if (counts.joinedBatches > 0) this.batches.inc({ job: this.#job, path: 'joined' }, counts.joinedBatches);
  }

  step(step: 'fetch' | 'write' | 'commit', seconds: number): void {
    this.stepDuration.observe({ job: this.#job, step }, seconds);
  }

  transaction(result: 'committed' | 'aborted'): void {
    this.transactions.inc({ job: this.#job, result });
  }

  lostToRetention(topic: string, records: number): void {
    this.recordsLostToRetention.inc({ job: this.#job, topic }, records);
  }

  /** One commit: the time from each fetch whose data it made durable, and the age of its newest record. */
  latency(fetchToCommitSeconds: readonly number[], newestRecordAgeSeconds: number): void {
    for (const seconds of fetchToCommitSeconds) this.replicationLatency.observe({ job: this.#job }, seconds);
    this.recordAge.observe({ job: this.#job }, Math.max(0, newestRecordAgeSeconds));
  }
}
