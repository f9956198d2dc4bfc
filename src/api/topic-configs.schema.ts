import { z } from 'zod';
import { NAME_PATTERN_SEMANTICS, namePatternListSchema } from './name-pattern.ts';

/**
 * MirrorMaker 2's DefaultConfigPropertyFilter list (config.properties.exclude): throttles are
 * per-cluster tuning, timestamp settings would make the target refuse mirrored records, and
 * unclean election / min ISR follow the target's own broker count and durability policy.
 */
export const MIRROR_MAKER_2_EXCLUDED_TOPIC_CONFIGS: readonly string[] = [
  'follower.replication.throttled.replicas',
  'leader.replication.throttled.replicas',
  'message.timestamp.difference.max.ms',
  'message.timestamp.type',
  'unclean.leader.election.enable',
  'min.insync.replicas',
];

export const topicConfigsSchema = z.strictObject({
  sync: z
    .boolean()
    .default(true)
    .describe('Copy topic configs that are set on the source topic (not broker defaults) to the target topic, and keep them in sync. Default: true.'),
  exclude: namePatternListSchema
    .default([...MIRROR_MAKER_2_EXCLUDED_TOPIC_CONFIGS])
    .describe(
      `Topic config names never copied: ${NAME_PATTERN_SEMANTICS}. Setting this list replaces the default. Default: MirrorMaker 2's list (${MIRROR_MAKER_2_EXCLUDED_TOPIC_CONFIGS.join(', ')}).`,
    ),
  replicationFactor: z
    .int32()
    .min(1, 'a replication factor is at least 1')
    .max(32767, 'Kafka stores the replication factor in 16 bits (at most 32767)')
    .optional()
    .describe('Replication factor of topics created on the target. When omitted, the target broker\'s default.replication.factor is used.'),
});

export type TopicConfigsSync = z.output<typeof topicConfigsSchema>;
