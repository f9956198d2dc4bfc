import { z } from 'zod';

export const START_POSITIONS = ['Earliest', 'Latest'] as const;
export type StartPosition = (typeof START_POSITIONS)[number];

export const DELIVERY_GUARANTEES = ['ExactlyOnce', 'AtLeastOnce'] as const;
export type DeliveryGuarantee = (typeof DELIVERY_GUARANTEES)[number];

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
  maxBytesPerSecond: z
    .int()
    .min(1, 'a throughput limit is at least 1 byte per second; remove the field for no limit')
    .optional()
    .describe('Upper limit on the bytes copied per second by the whole job, shared equally by the workers. When omitted, there is no limit.'),
});

export type ReplicationSettings = z.output<typeof replicationSchema>;
