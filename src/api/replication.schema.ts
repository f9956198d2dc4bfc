import { z } from 'zod';

export const START_POSITIONS = ['Earliest', 'Latest'] as const;
export type StartPosition = (typeof START_POSITIONS)[number];

export const DELIVERY_GUARANTEES = ['ExactlyOnce', 'AtLeastOnce'] as const;
export type DeliveryGuarantee = (typeof DELIVERY_GUARANTEES)[number];

/** Decision 0003: at 1 record/s per partition, 0.2 commit markers per record and ~1 % of the data in own-topic writes. */
export const DEFAULT_COMMIT_INTERVAL_MS = 5_000;

export const replicationSchema = z.strictObject({
  startFrom: z
    .enum(START_POSITIONS)
    .default('Earliest')
    .describe(
      'Where a partition starts the first time it is mirrored: Earliest copies everything the source still holds, Latest copies only records written from then on. Later runs resume from the saved progress. Default: Earliest.',
    ),
  delivery: z
    .enum(DELIVERY_GUARANTEES)
    .default('ExactlyOnce')
    .describe(
      'ExactlyOnce writes mirrored records and progress in one Kafka transaction, so no record is lost or doubled, even when workers crash (target consumers should read with isolation.level=read_committed). AtLeastOnce skips transactions: faster, but a crash may copy some records twice. Default: ExactlyOnce.',
    ),
  workers: z
    .int32()
    .min(1, 'a job needs at least 1 worker')
    .default(1)
    .describe('Number of worker processes (Pods) sharing the partitions; `kubectl scale` changes it. Default: 1.'),
  commitIntervalMs: z
    .int()
    .min(100, 'a commit interval is at least 100 ms')
    .max(30_000, 'a commit interval is at most 30000 ms (30 s): a transaction must commit well within its 60 s timeout')
    .default(DEFAULT_COMMIT_INTERVAL_MS)
    .describe(
      'How often progress is made durable, in milliseconds. ExactlyOnce keeps one transaction open this long, so records become visible to read_committed consumers up to this much later, and each target partition gets one commit marker per interval instead of one per fetch. An interval ends early when it holds 64 MiB, or when the worker has caught up and the interval holds at least 100 records per partition it copied (a marker then costs at most 0.01 offsets per record); a trickle of a few records per partition waits for the whole interval. Both modes write the job\'s progress once per interval; after a crash, AtLeastOnce copies up to one interval again. Lower it for latency, raise it for fewer markers and fewer bytes in the job\'s own topics. Default: 5000.',
    ),
  maxBytesPerSecond: z
    .int()
    .min(1, 'a throughput limit is at least 1 byte per second; remove the field for no limit')
    .optional()
    .describe('Upper limit on the bytes copied per second by the whole job, shared equally by the workers. When omitted, there is no limit.'),
});

export type ReplicationSettings = z.output<typeof replicationSchema>;
