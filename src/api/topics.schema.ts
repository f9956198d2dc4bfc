import { z } from 'zod';
import { withCrossFieldRules } from './cross-field-rules.ts';
import type { CrossFieldRule } from './cross-field-rules.ts';
import { NAME_PATTERN_SEMANTICS, namePatternListSchema } from './name-pattern.ts';

export const TOPIC_NAMING_POLICIES = ['Identity', 'Prefix'] as const;
export type TopicNamingPolicy = (typeof TOPIC_NAMING_POLICIES)[number];

// Kafka's legal topic characters; the prefix becomes part of every target topic name.
const TOPIC_NAME_CHARACTERS = /^[a-zA-Z0-9._-]*$/;

const namingShape = z.strictObject({
  policy: z
    .enum(TOPIC_NAMING_POLICIES)
    .default('Identity')
    .describe(
      'How target topics are named. Identity keeps the source name (a migration; records that came from the target are recognised and skipped, so two opposite jobs do not loop). Prefix puts `prefix` before the source name (a disaster-recovery copy, like MirrorMaker 2\'s DefaultReplicationPolicy). Default: Identity.',
    ),
  prefix: z
    .string()
    .max(200, 'a prefix longer than 200 characters leaves no room for the topic name (Kafka allows 249)')
    .regex(TOPIC_NAME_CHARACTERS, 'a prefix uses only the characters Kafka allows in topic names: letters, digits, ".", "_" and "-"')
    .optional()
    .describe('Text put before every source topic name on the target, e.g. "event-center." (used only with policy Prefix, and required there).'),
});

type Naming = z.output<typeof namingShape>;

export const namingRules: readonly CrossFieldRule<Naming>[] = [
  {
    cel: "!has(self.policy) || self.policy != 'Prefix' || (has(self.prefix) && size(self.prefix) > 0)",
    holds: (naming) => naming.policy !== 'Prefix' || (naming.prefix ?? '').length > 0,
    field: ['prefix'],
    message: 'naming policy Prefix needs a non-empty prefix, e.g. "event-center."',
  },
  {
    cel: "(has(self.policy) && self.policy == 'Prefix') || !has(self.prefix)",
    holds: (naming) => naming.policy === 'Prefix' || naming.prefix === undefined,
    field: ['prefix'],
    message: 'prefix is used only with naming policy Prefix; set policy: Prefix or remove prefix',
  },
];

export const topicNamingSchema = withCrossFieldRules(
  namingShape,
  'How source topic names map to target topic names; ACLs and group offsets follow the same mapping. Default: Identity (names unchanged).',
  namingRules,
);

export const topicSelectionSchema = z.strictObject({
  include: namePatternListSchema
    .min(1, 'list at least one topic pattern, e.g. "projects.*" (or ".*" for every topic)')
    .describe(
      `Source topics to mirror: ${NAME_PATTERN_SEMANTICS}. Empty topics are mirrored too. Internal topics (__consumer_offsets, __transaction_state, the job's own) are never mirrored.`,
    ),
  exclude: namePatternListSchema
    .default([])
    .describe(`Source topics to leave out even when they match include: ${NAME_PATTERN_SEMANTICS}. Default: none.`),
  naming: topicNamingSchema.prefault({}),
});

export type TopicNaming = z.output<typeof topicNamingSchema>;
export type TopicSelection = z.output<typeof topicSelectionSchema>;
