import type { Condition, ConditionUpdate } from './condition.schema.ts';
import { sortConditions } from './status-ordering.ts';

/**
 * metav1.Time is serialised with whole seconds; a stamp with milliseconds would come back from the
 * API server different from what we hold and make every reconcile see a changed status.
 */
export function toKubernetesTime(now: Date): string {
  return now.toISOString().replace(/\.\d+Z$/, 'Z');
}

/**
 * Returns the conditions with `next` set, in canonical order. Pure. lastTransitionTime moves only
 * when the status flips (True/False/Unknown), as metav1.Condition requires, so a reason or message
 * change alone does not look like a transition to `kubectl wait` or to alerting.
 */
export function setCondition(conditions: readonly Condition[], next: ConditionUpdate, now: Date): Condition[] {
  const previous = conditions.find((condition) => condition.type === next.type);
  const lastTransitionTime =
    previous !== undefined && previous.status === next.status ? previous.lastTransitionTime : toKubernetesTime(now);
  const updated: Condition = { ...next, lastTransitionTime };
  return sortConditions([...conditions.filter((condition) => condition.type !== next.type), updated]);
}

/** The condition of a type, or undefined. */
export function findCondition(conditions: readonly Condition[] | undefined, type: string): Condition | undefined {
  return conditions?.find((condition) => condition.type === type);
}

/** True when the condition of `type` is present with status True. */
export function isConditionTrue(conditions: readonly Condition[] | undefined, type: string): boolean {
  return findCondition(conditions, type)?.status === 'True';
}
