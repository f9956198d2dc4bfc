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
});

export type ConsumerGroupsSync = z.output<typeof consumerGroupsSchema>;
