import type { Condition } from '../../../src/api/condition.schema.ts';
import { ConditionReason, ConditionType } from '../../../src/api/conditions.ts';
import { findCondition, isConditionTrue, setCondition, toKubernetesTime } from '../../../src/api/set-condition.ts';

const t0 = new Date('2025-03-01T10:00:00.123Z');
const t1 = new Date('2025-03-01T10:05:00.999Z');

const caughtUp = (status: 'True' | 'False', reason: string, message = ''): Omit<Condition, 'lastTransitionTime'> => ({
  type: ConditionType.CaughtUp,
  status,
  reason,
  message,
  observedGeneration: 3,
});

describe('setCondition', () => {
  it('stamps a new condition with the time, in whole seconds as metav1.Time stores it', () => {
    const [condition] = setCondition([], caughtUp('False', ConditionReason.Lagging), t0);
    expect(condition?.lastTransitionTime).toBe('2025-03-01T10:00:00Z');
    expect(toKubernetesTime(t1)).toBe('2025-03-01T10:05:00Z');
  });

  it('keeps lastTransitionTime when only reason or message change', () => {
    const first = setCondition([], caughtUp('False', ConditionReason.Lagging, '10 records behind'), t0);
    const second = setCondition(first, caughtUp('False', ConditionReason.Draining, '2 records behind'), t1);
    expect(findCondition(second, ConditionType.CaughtUp)).toEqual({
      ...caughtUp('False', ConditionReason.Draining, '2 records behind'),
      lastTransitionTime: '2025-03-01T10:00:00Z',
    });
  });

  it('moves lastTransitionTime when the status flips', () => {
    const first = setCondition([], caughtUp('False', ConditionReason.Lagging), t0);
    const second = setCondition(first, caughtUp('True', ConditionReason.CaughtUp), t1);
    expect(findCondition(second, ConditionType.CaughtUp)?.lastTransitionTime).toBe('2025-03-01T10:05:00Z');
    expect(isConditionTrue(second, ConditionType.CaughtUp)).toBe(true);
  });

  it('returns the same list for the same world, whatever order conditions were set in', () => {
    const ready = { type: ConditionType.Ready, status: 'True' as const, reason: ConditionReason.Reconciled, message: '' };
    const custom = { type: 'example.com/Audit', status: 'Unknown' as const, reason: 'NotChecked', message: '' };
    const a = [ready, caughtUp('True', ConditionReason.CaughtUp), custom].reduce<Condition[]>((list, c) => setCondition(list, c, t0), []);
    const b = [custom, caughtUp('True', ConditionReason.CaughtUp), ready].reduce<Condition[]>((list, c) => setCondition(list, c, t0), []);
    expect(a).toEqual(b);
    expect(a.map((c) => c.type)).toEqual([ConditionType.Ready, ConditionType.CaughtUp, 'example.com/Audit']);
  });

  it('does not change the list it was given', () => {
    const before = setCondition([], caughtUp('False', ConditionReason.Lagging), t0);
    const frozen = structuredClone(before);
    setCondition(before, caughtUp('True', ConditionReason.CaughtUp), t1);
    expect(before).toEqual(frozen);
  });
});
