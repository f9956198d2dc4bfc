import { ConditionReason, ConditionType, type Condition } from '../src/api/index.ts';

/** An event to record on the MirrorJob. */
export interface JobEvent {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
}

/** Whether the condition, as it is now, is news a person should act on (a Warning event). */
function isBadNews(c: Condition): boolean {
  if (c.type === ConditionType.Degraded) return c.status === 'True';
  // Draining is progress the user asked for, not a fault.
  if (c.type === ConditionType.CutoverReady) return false;
  return c.status !== 'True';
}

/**
 * The state a condition starts in on every healthy job: its first appearance there tells nothing,
 * and an event for it on each new job would bury the ones that matter.
 */
function isResting(c: Condition): boolean {
  if (c.type === ConditionType.Degraded) return c.status === 'False';
  if (c.type === ConditionType.CutoverReady) return c.reason === ConditionReason.CutoverNotRequested;
  return false;
}

/**
 * One event per condition whose status flipped (or that appeared), so `kubectl describe mj` tells the
 * job's story without an event per reconcile. Pure.
 */
export function transitionEvents(before: readonly Condition[] | undefined, after: readonly Condition[]): JobEvent[] {
  return after.flatMap((c) => {
    const previous = before?.find((p) => p.type === c.type);
    if (previous?.status === c.status && previous.reason === c.reason) return [];
    const firstKnown = previous === undefined || previous.status === 'Unknown';
    if (previous === undefined && c.status === 'Unknown') return [];
    if (firstKnown && isResting(c)) return [];
    const message = `${c.type} is ${c.status}${c.message ? `: ${c.message}` : ''}`;
    return [{ type: isBadNews(c) ? 'Warning' : 'Normal', reason: c.reason, message: message.slice(0, 1000) }];
  });
}
