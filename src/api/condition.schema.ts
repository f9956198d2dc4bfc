import { z } from 'zod';

// The limits and patterns of metav1.Condition (k8s.io/apimachinery/pkg/apis/meta/v1/types.go), so a
// status this schema accepts is one the API server accepts too.
const CONDITION_TYPE = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$/;
const CONDITION_REASON = /^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$/;

export const conditionSchema = z.strictObject({
  type: z.string().max(316).regex(CONDITION_TYPE, 'a condition type is CamelCase, optionally prefixed by a DNS domain and "/"').describe('Kind of condition, e.g. Ready or CaughtUp.'),
  status: z.enum(['True', 'False', 'Unknown']).describe('Whether the condition holds: True, False or Unknown.'),
  observedGeneration: z
    .int()
    .min(0)
    .optional()
    .describe('The metadata.generation of the MirrorJob this condition was computed from.'),
  lastTransitionTime: z.iso
    .datetime({ offset: true })
    .describe('When status last changed (RFC 3339, whole seconds); unchanged while only reason or message change.'),
  reason: z
    .string()
    .min(1)
    .max(1024)
    .regex(CONDITION_REASON, 'a reason is one CamelCase word')
    .describe('Machine-readable CamelCase cause of the current status, e.g. ConnectionFailed.'),
  message: z.string().max(32768).describe('Human-readable detail of the current status; may be empty.'),
});

export type Condition = z.output<typeof conditionSchema>;
/** A condition as computed by a reconcile, before setCondition stamps the transition time. */
export type ConditionUpdate = Omit<Condition, 'lastTransitionTime'>;
