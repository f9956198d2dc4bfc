import { mirrorJobStatusSchema } from '../../../src/api/mirrorjob-status.schema.ts';
import type { MirrorJobStatus } from '../../../src/api/mirrorjob-status.schema.ts';
import { boundFailedGroups, isSameStatus, normalizeStatus, topLaggingTopics } from '../../../src/api/status-ordering.ts';

const topics = Array.from({ length: 15 }, (_, i) => ({ name: `t${String(i).padStart(2, '0')}`, records: i % 4 }));

function aStatus(order: 'forward' | 'reverse'): MirrorJobStatus {
  const arrange = <T>(list: T[]) => (order === 'forward' ? list : [...list].reverse());
  return {
    observedGeneration: 2,
    phase: 'Replicating',
    conditions: arrange([
      { type: 'Ready', status: 'True', reason: 'Reconciled', message: '', lastTransitionTime: '2025-03-01T10:00:00Z' },
      { type: 'CaughtUp', status: 'False', reason: 'Lagging', message: '', lastTransitionTime: '2025-03-01T10:00:00Z' },
    ]),
    progress: { topics: { matched: 15, created: 15 }, partitions: { total: 60, caughtUp: 40 }, recordsBehind: 21, recordsCopied: 1000 },
    lag: { records: 21, maxPartitionRecords: 3, topTopics: arrange(topics) },
    groups: { matched: 3, synced: 1, failedCount: 2, failed: arrange([{ group: 'b', reason: 'active members' }, { group: 'a', reason: 'active members' }]) },
    workers: { desired: 2, ready: 2 },
  };
}

describe('status ordering', () => {
  it('shows the most lagging topics first, ties by name, without zero-lag topics, at most 10', () => {
    const top = topLaggingTopics(topics);
    expect(top.map((t) => `${t.name}:${t.records}`)).toEqual(['t03:3', 't07:3', 't11:3', 't02:2', 't06:2', 't10:2', 't14:2', 't01:1', 't05:1', 't09:1']);
  });

  it('bounds and sorts failed groups', () => {
    const failed = Array.from({ length: 12 }, (_, i) => ({ group: `g${12 - i}`, reason: 'r' }));
    expect(boundFailedGroups(failed, 3).map((g) => g.group)).toEqual(['g1', 'g10', 'g11']);
  });

  it('makes an unchanged world give an identical status, whatever order lists arrived in', () => {
    expect(JSON.stringify(normalizeStatus(aStatus('forward')))).toBe(JSON.stringify(normalizeStatus(aStatus('reverse'))));
    expect(isSameStatus(aStatus('forward'), aStatus('reverse'))).toBe(true);
    expect(isSameStatus(aStatus('forward'), { ...aStatus('forward'), phase: 'CaughtUp' })).toBe(false);
  });

  it('treats a status the API server echoes back with sorted keys as unchanged', () => {
    const status = normalizeStatus(aStatus('forward'));
    const sortedKeys = JSON.parse(JSON.stringify(status, (_k, v: unknown) =>
      v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v,
    )) as MirrorJobStatus;
    expect(JSON.stringify(sortedKeys)).not.toBe(JSON.stringify(status));
    expect(isSameStatus(sortedKeys, status)).toBe(true);
  });

  it('produces a status the schema accepts (bounded lists fit the CRD limits)', () => {
    const result = mirrorJobStatusSchema.safeParse(normalizeStatus(aStatus('reverse')));
    expect(result.error?.issues ?? []).toEqual([]);
  });

  it('refuses two conditions of the same type', () => {
    const status = normalizeStatus(aStatus('forward'));
    const duplicate = { ...status, conditions: [...(status.conditions ?? []), ...(status.conditions ?? []).slice(0, 1)] };
    expect(mirrorJobStatusSchema.safeParse(duplicate).error?.issues.map((i) => i.path.join('.'))).toEqual(['conditions.2.type']);
  });
});
