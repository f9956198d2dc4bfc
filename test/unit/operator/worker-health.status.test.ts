import type { Condition } from '../../../src/api/index.ts';
import { degradedCondition, groupsStatus, type WorkerHealthInput } from '../../../operator/worker-health.status.ts';
import { parseWorkerReport } from '../../../operator/worker-report.ts';
import { aSyncRound, aWorkerReport, REVISION, reportsOf, tooLarge } from './worker-reports.fixtures.ts';

const input = (reports: WorkerHealthInput['reports'], overrides: Partial<WorkerHealthInput> = {}): WorkerHealthInput => ({ paused: false, desired: 2, revision: REVISION, reports, ...overrides });
const asCondition = (update: ReturnType<typeof degradedCondition>): Condition => ({ ...update, lastTransitionTime: '2026-01-01T00:00:00Z' });

describe('degradedCondition', () => {
  it('is False when every worker answered with nothing stopped', () => {
    expect(degradedCondition(input(reportsOf([aWorkerReport(0), aWorkerReport(1)])), undefined, 3)).toEqual({
      type: 'Degraded', status: 'False', reason: 'Reconciled', message: '2/2 workers copy all their partitions', observedGeneration: 3,
    });
  });

  it('names topic, partition, offset and error of a refused record, sorted, as RecordRejected', () => {
    const reports = reportsOf([aWorkerReport(0, { stopped: [tooLarge('orders', 2, 40)] }), aWorkerReport(1, { stopped: [tooLarge('orders', 1, 10)] })]);
    const c = degradedCondition(input(reports), undefined, 3);
    expect(c).toMatchObject({ status: 'True', reason: 'RecordRejected' });
    expect(c.message).toMatch(/^topic orders partition 1 stopped at offset 10: MESSAGE_TOO_LARGE \(The request included .*\); topic orders partition 2 stopped at offset 40: MESSAGE_TOO_LARGE/);
  });

  it('says PermissionDenied when only authorization errors stopped partitions', () => {
    const denied = { topic: 'payments', partition: 0, offset: 0, error: 'TOPIC_AUTHORIZATION_FAILED', message: 'the job may not read this topic on the source' };
    const c = degradedCondition(input(reportsOf([aWorkerReport(0, { stopped: [denied] }), aWorkerReport(1)])), undefined, 1);
    expect(c).toMatchObject({ status: 'True', reason: 'PermissionDenied', message: expect.stringContaining('topic payments partition 0 stopped at offset 0: TOPIC_AUTHORIZATION_FAILED') });
  });

  it('reports an idle worker of the current revision with its reason', () => {
    const idle = aWorkerReport(1, { ready: false, state: 'Idle', reason: 'fenced: a newer producer with the same transactional id exists' });
    const c = degradedCondition(input(reportsOf([aWorkerReport(0), idle])), undefined, 1);
    expect(c).toEqual(expect.objectContaining({ status: 'True', reason: 'WorkerIdle', message: 'worker 1 (orders-worker-1) is idle: fenced: a newer producer with the same transactional id exists' }));
  });

  it('ignores the reports of an older revision: those workers stand down by design during a roll', () => {
    const superseded = aWorkerReport(1, { revision: REVISION - 5, state: 'Idle', reason: 'superseded by revision ...', stopped: [tooLarge('orders', 0, 1)] });
    const c = degradedCondition(input(reportsOf([aWorkerReport(0), superseded]), { desired: 1 }), undefined, 1);
    expect(c.status).toBe('False');
  });

  it('lists at most five problems and counts the rest', () => {
    const stopped = Array.from({ length: 8 }, (_, p) => tooLarge('big', p, p));
    const c = degradedCondition(input(reportsOf([aWorkerReport(0, { stopped }), aWorkerReport(1)])), undefined, 1);
    expect(c.message.match(/stopped at offset/g)).toHaveLength(5);
    expect(c.message).toContain('and 3 more');
  });

  it('keeps an earlier Degraded=True while the worker that reported it does not answer', () => {
    const before = asCondition(degradedCondition(input(reportsOf([aWorkerReport(0), aWorkerReport(1, { stopped: [tooLarge('orders', 1, 10)] })])), undefined, 1));
    const during = degradedCondition(input(reportsOf([aWorkerReport(0)], ['orders-worker-1'])), before, 1);
    expect(during).toMatchObject({ status: 'True', reason: 'RecordRejected', message: before.message });
    const after = degradedCondition(input(reportsOf([aWorkerReport(0), aWorkerReport(1)])), asCondition(during), 1);
    expect(after.status).toBe('False');
  });

  it('is Unknown before any worker answered, and False when paused', () => {
    expect(degradedCondition(input(reportsOf([], ['orders-worker-0'])), undefined, 1)).toMatchObject({ status: 'Unknown', message: '0/2 workers answered on /status' });
    expect(degradedCondition(input(undefined, { paused: true, desired: 0 }), undefined, 1)).toMatchObject({ status: 'False', reason: 'Paused' });
  });
});

describe('groupsStatus', () => {
  const failed = [{ group: 'zeta', reason: 'the group has active members on the target' }, { group: 'alpha', reason: 'GROUP_AUTHORIZATION_FAILED' }];

  it('comes from worker 0 of the current revision, failed groups sorted and counted', () => {
    const zero = aWorkerReport(0, { sync: aSyncRound('2026-01-01T00:00:05.000Z', { groups: { matched: 5, synced: 3, failed } }) });
    expect(groupsStatus({ revision: REVISION, reports: reportsOf([zero, aWorkerReport(1)]) }, undefined)).toEqual({
      matched: 5, synced: 3, failedCount: 2, failed: [failed[1], failed[0]],
    });
  });

  it('keeps the groups last written while worker 0 does not answer, and drops them when it has no summary', () => {
    const previous = { matched: 1, synced: 1, failedCount: 0, failed: [] };
    expect(groupsStatus({ revision: REVISION, reports: reportsOf([aWorkerReport(1)], ['orders-worker-0']) }, previous)).toBe(previous);
    expect(groupsStatus({ revision: REVISION, reports: reportsOf([aWorkerReport(0)]) }, previous)).toBeUndefined();
  });
});

describe('parseWorkerReport', () => {
  const body = {
    ready: true,
    detail: { state: 'Running', worker: 0, revision: REVISION, assigned: ['orders-0'], recordsBehind: 0, recordsCopied: 9, stopped: [], somethingNew: { x: 1 } },
  };

  it('reads a worker /status, ignoring fields it does not know', () => {
    expect(parseWorkerReport('p-0', body)).toEqual({ pod: 'p-0', ready: true, state: 'Running', worker: 0, revision: REVISION, stopped: [] });
  });

  it('drops a sync summary it cannot read rather than the whole report', () => {
    const withSync = { ...body, detail: { ...body.detail, sync: { lastRoundAt: 'yesterday' }, stopped: [tooLarge('orders', 1, 10)] } };
    expect(parseWorkerReport('p-0', withSync)).toMatchObject({ stopped: [tooLarge('orders', 1, 10)] });
    expect(parseWorkerReport('p-0', withSync)?.sync).toBeUndefined();
    const good = { ...body, detail: { ...body.detail, sync: aSyncRound('2026-01-01T00:00:05.123Z') } };
    expect(parseWorkerReport('p-0', good)?.sync).toEqual(aSyncRound('2026-01-01T00:00:05.123Z'));
  });

  it('refuses what is not a worker report', () => {
    expect(parseWorkerReport('p-0', { identity: 'operator', leading: true })).toBeUndefined();
    expect(parseWorkerReport('p-0', undefined)).toBeUndefined();
  });
});
