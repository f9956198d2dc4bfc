import { z } from 'zod';
import { aclsSchema } from './acls.schema.ts';
import { clusterConnectionSchema } from './cluster-connection.schema.ts';
import { withCrossFieldRules } from './cross-field-rules.ts';
import type { CrossFieldRule } from './cross-field-rules.ts';
import { consumerGroupsSchema } from './groups.schema.ts';
import { replicationSchema } from './replication.schema.ts';
import { topicConfigsSchema } from './topic-configs.schema.ts';
import { topicSelectionSchema } from './topics.schema.ts';
import { workerTemplateSchema } from './worker-template.schema.ts';

const specShape = z.strictObject({
  source: clusterConnectionSchema.describe('The cluster records, topics, configs, ACLs and group offsets are copied from.'),
  target: clusterConnectionSchema.describe('The cluster they are copied to; the job\'s progress is stored here too, in an internal topic.'),
  topics: topicSelectionSchema.describe('Which source topics are mirrored and how they are named on the target.'),
  configs: topicConfigsSchema
    .prefault({})
    .describe('Topic configuration sync and the settings of topics created on the target. Default: configs synced, MirrorMaker 2\'s exclusions.'),
  acls: aclsSchema.prefault({}).describe('ACL sync for mirrored topics (and, in Full mode, consumer groups). Default: synced, MirrorMaker 2 compatible.'),
  groups: consumerGroupsSchema.prefault({}).describe('Which consumer groups have their committed offsets mirrored. Default: every group, offsets synced.'),
  replication: replicationSchema
    .prefault({})
    .describe('How records are copied: start position, delivery guarantee, worker count and throughput limit. Default: from the earliest offset, exactly once, 1 worker, unlimited.'),
  syncIntervalSeconds: z
    .int32()
    .min(1, 'the sync interval is at least 1 second')
    .max(86400, 'the sync interval is at most 86400 seconds (one day)')
    .default(10)
    .describe('Seconds between two metadata syncs (topic configs, ACLs, group offsets). New source topics and partitions do not wait for it: they are looked for every 2 seconds and created on the target at once. Default: 10.'),
  cutover: z
    .boolean()
    .default(false)
    .describe(
      'Set to true after stopping the producers on the source: the job drains to zero lag, writes the final exact group offsets on the target and reports the CutoverReady condition. Only for a running (not paused) job. Default: false.',
    ),
  paused: z
    .boolean()
    .default(false)
    .describe('Stop copying and syncing while keeping all progress; set back to false to resume where it stopped. Default: false.'),
  workerTemplate: workerTemplateSchema
    .optional()
    .describe('Settings of the worker Pods the operator creates (resources, scheduling, annotations, ServiceAccount). Ignored by the local CLI.'),
});

type SpecShape = z.output<typeof specShape>;

export const specRules: readonly CrossFieldRule<SpecShape>[] = [
  {
    cel: '!(has(self.cutover) && self.cutover) || !(has(self.paused) && self.paused)',
    holds: (spec) => !(spec.cutover && spec.paused),
    field: ['cutover'],
    message: 'cutover needs a running job: set paused to false (or cutover back to false)',
  },
];

/** What a user writes under `spec:` of a MirrorJob. */
export const mirrorJobSpecSchema = withCrossFieldRules(
  specShape,
  'What to mirror from the source Kafka cluster to the target, and how.',
  specRules,
);

/** The spec with every default applied: what the operator, workers and CLI work with. */
export type MirrorJobSpec = z.output<typeof mirrorJobSpecSchema>;
/** The spec as a user may write it (defaulted fields optional). */
export type MirrorJobSpecInput = z.input<typeof mirrorJobSpecSchema>;
