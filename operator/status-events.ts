import type { Condition } from '../src/api/index.ts';

/** An event to record on the MirrorJob. */
export interface JobEvent {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
}

/** Conditions for which True is bad news; for all others False is. */
const TRUE_IS_BAD = new Set(['Degraded']);

/**
 * One event per condition whose status flipped (or that appeared), so `kubectl describe mj` tells the
 * job's story without an event per reconcile. Pure.
 */
export function transitionEvents(before: readonly Condition[] | undefined, after: readonly Condition[]): JobEvent[] {
  return after.flatMap((c) => {
    const previous = before?.find((p) => p.type === c.type);
    if (previous?.status === c.status && previous.reason === c.reason) return [];
    if (previous === undefined && c.status === 'Unknown') return [];
    const good = TRUE_IS_BAD.has(c.type) ? c.status === 'False' : c.status === 'True';
    const message = `${c.type} is ${c.status}${c.message ? `: ${c.message}` : ''}`;
    return [{ type: good ? 'Normal' : 'Warning', reason: c.reason, message: message.slice(0, 1000) }];
  });
}
