import { z } from 'zod';
import { MIRRORJOB_API_VERSION, MIRRORJOB_KIND } from './api-group.ts';
import { mirrorJobSpecSchema } from './mirrorjob-spec.schema.ts';
import { mirrorJobStatusSchema } from './mirrorjob-status.schema.ts';
import { objectMetaSchema } from './object-meta.schema.ts';

/** A whole MirrorJob manifest, as `kubectl apply -f` and `kafka-mirror run -f` read it. */
export const mirrorJobSchema = z.strictObject({
  apiVersion: z.literal(MIRRORJOB_API_VERSION, { error: `apiVersion must be ${MIRRORJOB_API_VERSION}` }),
  kind: z.literal(MIRRORJOB_KIND, { error: `kind must be ${MIRRORJOB_KIND}` }),
  metadata: objectMetaSchema,
  spec: mirrorJobSpecSchema,
  status: mirrorJobStatusSchema.optional(),
});

/** A MirrorJob with every spec default applied: the type the operator, workers and CLI pass around. */
export type MirrorJob = z.output<typeof mirrorJobSchema>;
/** A MirrorJob manifest as a user may write it (defaulted fields optional). */
export type MirrorJobInput = z.input<typeof mirrorJobSchema>;
