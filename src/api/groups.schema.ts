import { z } from 'zod';
import { NAME_PATTERN_SEMANTICS, namePatternListSchema } from './name-pattern.ts';

export const consumerGroupsSchema = z.strictObject({
  include: namePatternListSchema
    .default(['.*'])
    .describe(`Consumer groups whose offsets are mirrored: ${NAME_PATTERN_SEMANTICS}. Default: [".*"] (every group).`),
  exclude: namePatternListSchema
    .default([])
    .describe(`Consumer groups to leave out even when they match include: ${NAME_PATTERN_SEMANTICS}. Default: none.`),
  syncOffsets: z
    .boolean()
    .default(true)
    .describe(
      'Write the groups\' committed offsets on the target, translated exactly to the target record that was at the committed source offset, so consumers resume where they stopped without re-reading. Written only for groups with no active members on the target (Kafka refuses the others); each outcome is counted in status. Default: true.',
    ),
  translationHorizonDays: z
    .number()
    .int()
    .min(1)
    .max(3650)
    .default(90)
    .describe(
      'How long the job keeps what it needs to translate a committed offset exactly (its offset index on the target), for topics whose records the source keeps longer (compacted topics, unlimited retention): a group that committed on such a topic longer ago than this is reported BeforeTranslationHorizon instead of translated. Records the source has deleted are never kept for, whatever this says. The index keeps a few bytes per copied batch for this many days. Default: 90.',
    ),
});

export type ConsumerGroupsSync = z.output<typeof consumerGroupsSchema>;
