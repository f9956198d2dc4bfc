import { z } from 'zod';
import { conditionSchema } from './condition.schema.ts';

export const MIRRORJOB_PHASES = ['Pending', 'Syncing', 'Replicating', 'CaughtUp', 'Paused', 'Degraded', 'Failed'] as const;
export type MirrorJobPhase = (typeof MIRRORJOB_PHASES)[number];

/** Longest list status carries per kind: status is read on every `kubectl get`, so it stays small. */
export const STATUS_LIST_LIMIT = 10;

const count = (description: string) => z.int().min(0).describe(description);

const topicLagSchema = z.strictObject({
  name: z.string().min(1).describe('Source topic name.'),
  records: count('Records of this topic not yet copied, summed over its partitions.'),
});

const failedGroupSchema = z.strictObject({
  group: z.string().min(1).describe('Consumer group id on the source.'),
  reason: z.string().max(1024).describe('Why its offsets could not be written on the target, e.g. the group has active members there.'),
});

export const mirrorJobStatusSchema = z.strictObject({
  observedGeneration: count('The metadata.generation of the spec this status was computed from.').optional(),
  phase: z
    .enum(MIRRORJOB_PHASES)
    .optional()
    .describe(
      'One-word summary: Pending (starting), Syncing (creating topics and metadata), Replicating (copying, lagging), CaughtUp (lag zero), Paused, Degraded (running, some partitions or syncs stopped; see conditions) or Failed (not running; see conditions).',
    ),
  conditions: z
    .array(conditionSchema.describe('One observation about the job (metav1.Condition).'))
    .max(32)
    .superRefine((conditions, ctx) => {
      const seen = new Set<string>();
      conditions.forEach((condition, index) => {
        if (seen.has(condition.type)) ctx.addIssue({ code: 'custom', path: [index, 'type'], message: `condition type ${condition.type} appears twice` });
        seen.add(condition.type);
      });
    })
    .meta({
      description: 'Latest observations of the job, one per type (Ready, SourceConnected, CaughtUp, CutoverReady, ...).',
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-list-map-keys': ['type'],
    })
    .optional(),
  progress: z
    .strictObject({
      topics: z
        .strictObject({
          matched: count('Source topics matched by the topic filters.'),
          created: count('Of those, topics that exist on the target.'),
        })
        .describe('Topic counts.'),
      partitions: z
        .strictObject({
          total: count('Partitions of the matched topics.'),
          caughtUp: count('Of those, partitions whose lag was zero when last measured.'),
        })
        .describe('Partition counts.'),
      recordsBehind: count('Records on the source not yet copied, over all partitions (same as lag.records).'),
      recordsCopied: count('Records copied since the job was created.'),
      etaSeconds: count('Estimated seconds until caught up at the current rate; absent when unknown or not catching up.').optional(),
    })
    .optional()
    .describe('How far the copy is, measured from Kafka itself (source end offsets against the saved progress).'),
  lag: z
    .strictObject({
      records: count('Records on the source not yet copied, over all partitions.'),
      maxPartitionRecords: count('The largest lag of a single partition, in records.'),
      topTopics: z
        .array(topicLagSchema.describe('One topic and its lag.'))
        .max(STATUS_LIST_LIMIT)
        .describe(`The topics with the largest lag (at most ${STATUS_LIST_LIMIT}), largest first, then by name.`),
    })
    .optional()
    .describe('Records not yet copied.'),
  groups: z
    .strictObject({
      matched: count('Source consumer groups matched by the group filters.'),
      synced: count('Of those, groups whose translated offsets are written on the target.'),
      failedCount: count('Groups whose offsets could not be written in the last sync.'),
      failed: z
        .array(failedGroupSchema.describe('One group whose offsets could not be written.'))
        .max(STATUS_LIST_LIMIT)
        .describe(`Some of the failed groups (at most ${STATUS_LIST_LIMIT}), sorted by group id.`),
    })
    .optional()
    .describe('Consumer-group offset sync.'),
  workers: z
    .strictObject({
      desired: count('Workers the spec asks for (spec.replication.workers).'),
      ready: count('Workers running and ready.'),
      selector: z.string().optional().describe('Label selector of the worker Pods, for the scale subresource (used by autoscalers).'),
    })
    .optional()
    .describe('Worker Pods.'),
}).describe('Observed state of the job, written by the operator; lag and progress are measured from Kafka, so they stay true while workers are down.');

export type MirrorJobStatus = z.output<typeof mirrorJobStatusSchema>;
export type TopicLag = z.output<typeof topicLagSchema>;
export type FailedGroup = z.output<typeof failedGroupSchema>;
