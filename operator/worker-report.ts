import { z } from 'zod';

// What the operator reads from a worker's GET /status (src/worker/run-worker.ts). Parsed loosely:
// unknown fields are ignored and an optional part that does not parse is dropped, so a worker of a
// newer or older version never hides the stopped partitions the operator must report.

const stoppedSchema = z.object({
  topic: z.string(),
  partition: z.int(),
  /** Source offset of the first record the target refused. */
  offset: z.int(),
  /** Kafka's error name, e.g. MESSAGE_TOO_LARGE or TOPIC_AUTHORIZATION_FAILED. */
  error: z.string(),
  message: z.string().optional(),
});

/**
 * The metadata sync's summary, served by worker 0 under `detail.sync`. The shape the operator expects
 * (the worker is to match it): the latest COMPLETED sync round.
 */
const failureSchema = z.object({ action: z.string(), resource: z.string(), error: z.string(), message: z.string().catch('') });
/** An area's refused actions: the first few, and the count. A part that does not parse reads as unknown (absent). */
const areaFailures = { failedCount: z.int().min(0), failed: z.array(failureSchema) };

const syncSchema = z.object({
  /** When that round started (ISO 8601). Cutover waits for a round that started after lag reached 0. */
  lastRoundAt: z.iso.datetime({ offset: true }).optional(),
  /** Actions of that round that failed (topics, configs, ACLs, group offsets); 0 when none. */
  errors: z.int().min(0).optional(),
  topics: z
    .object({ ...areaFailures, matched: z.int().min(0), conflictCount: z.int().min(0), conflicts: z.array(z.object({ topic: z.string(), reason: z.string(), detail: z.string() })) })
    .optional()
    .catch(undefined),
  configs: z.object({ ...areaFailures, skippedCount: z.int().min(0) }).optional().catch(undefined),
  acls: z
    .object({ ...areaFailures, skipped: z.object({ side: z.enum(['source', 'target']), error: z.string() }).optional() })
    .optional()
    .catch(undefined),
  /** The latest pass failed before applying anything; the rest is from the last finished round. */
  lastFailure: z.object({ at: z.iso.datetime({ offset: true }), error: z.string() }).optional().catch(undefined),
  /** The group-offset part of that round. */
  groups: z
    .object({
      matched: z.int().min(0),
      synced: z.int().min(0),
      failed: z.array(z.object({ group: z.string().min(1), reason: z.string() })),
    })
    .optional(),
});

const reportSchema = z.object({
  ready: z.boolean(),
  detail: z.object({
    state: z.enum(['Starting', 'Running', 'Idle']),
    reason: z.string().optional(),
    worker: z.int().min(0),
    revision: z.number(),
    stopped: z.array(stoppedSchema).catch([]),
    sync: syncSchema.optional().catch(undefined),
  }),
});

export type StoppedPartitionReport = z.output<typeof stoppedSchema>;
export type WorkerSyncSummary = z.output<typeof syncSchema>;
export type WorkerSyncFailure = z.output<typeof failureSchema>;

/** One worker's answer, with the Pod that gave it. */
export interface WorkerReport {
  pod: string;
  ready: boolean;
  state: 'Starting' | 'Running' | 'Idle';
  reason?: string;
  worker: number;
  revision: number;
  stopped: StoppedPartitionReport[];
  sync?: WorkerSyncSummary;
}

/** What one reconcile read from the worker Pods: their answers, and the Pods that did not answer. */
export interface WorkerReports {
  reports: WorkerReport[];
  /** Running Pods whose /status could not be read (timeout, refused, not the expected JSON). */
  unread: string[];
}

/** The report in `body`, or undefined when it is not a worker's /status. Pure. */
export function parseWorkerReport(pod: string, body: unknown): WorkerReport | undefined {
  const parsed = reportSchema.safeParse(body);
  if (!parsed.success) return undefined;
  const { ready, detail } = parsed.data;
  return {
    pod,
    ready,
    state: detail.state,
    ...(detail.reason !== undefined && { reason: detail.reason }),
    worker: detail.worker,
    revision: detail.revision,
    stopped: detail.stopped,
    ...(detail.sync !== undefined && { sync: detail.sync }),
  };
}
