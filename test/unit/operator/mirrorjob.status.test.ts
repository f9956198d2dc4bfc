import { findCondition, isSameStatus } from '../../../src/api/index.ts';
import { computeStatus, type ObservedWorld } from '../../../operator/mirrorjob.status.ts';
import type { JobProgress } from '../../../operator/progress-reader.port.ts';
import { transitionEvents } from '../../../operator/status-events.ts';
import { aSyncRound, aWorkerReport, REVISION, reportsOf, tooLarge } from './worker-reports.fixtures.ts';

const t0 = new Date('2026-01-01T00:00:00.250Z');
const t1 = new Date('2026-01-01T00:05:00Z');
const connected = { connected: true } as const;
const measured = (lags: number[]): JobProgress => ({
  source: connected,
  target: connected,
  measured: {
    topics: { matched: 1, created: 1 },
    partitions: { total: lags.length, caughtUp: lags.filter((l) => l === 0).length },
    recordsBehind: lags.reduce((a, b) => a + b, 0),
    recordsCopied: 7,
    maxPartitionRecordsBehind: Math.max(0, ...lags),
    behindByTopic: [{ name: 'orders', records: lags.reduce((a, b) => a + b, 0) }],
  },
});
const world = (overrides: Partial<ObservedWorld> = {}): ObservedWorld => ({
  paused: false,
  cutover: { requested: false, syncOffsets: true },
  sync: { configs: true, acls: true, groups: true },
  workers: { desired: 2, ready: 2, outdated: 0, selector: 'a=b', revision: REVISION },
  progress: measured([0, 0]),
  workerReports: reportsOf([aWorkerReport(0), aWorkerReport(1)]),
  ...overrides,
});
const condition = (status: ReturnType<typeof computeStatus>, type: string) => findCondition(status.conditions, type);

describe('computeStatus', () => {
  it('reports a caught-up job as Ready and CaughtUp, with whole-second transition times', () => {
    const status = computeStatus({ generation: 4, status: undefined }, world(), t0);
    expect(status).toMatchObject({ observedGeneration: 4, phase: 'CaughtUp', workers: { desired: 2, ready: 2, selector: 'a=b' } });
    expect(status.progress).toEqual({ topics: { matched: 1, created: 1 }, partitions: { total: 2, caughtUp: 2 }, recordsBehind: 0, recordsCopied: 7 });
    for (const type of ['Ready', 'SourceConnected', 'TargetConnected', 'WorkersReady', 'CaughtUp']) expect(condition(status, type)?.status).toBe('True');
    expect(condition(status, 'Ready')?.lastTransitionTime).toBe('2026-01-01T00:00:00Z');
  });

  it('does not call workers ready, nor an older revision, while the StatefulSet controller has not taken the spec', () => {
    const status = computeStatus({ generation: 1, status: undefined }, world({ workers: { desired: 2, ready: 2, outdated: 0, settling: true, selector: 'a=b', revision: REVISION } }), t0);
    const workersReady = status.conditions?.find((c) => c.type === 'WorkersReady');
    expect(workersReady?.status).not.toBe('True');
    expect(workersReady?.message).toContain('waiting for the StatefulSet controller');
    expect(workersReady?.message).not.toContain('older revision');
  });

  it('gives the same status for the same world later, so nothing is written', () => {
    const first = computeStatus({ generation: 4, status: undefined }, world(), t0);
    const again = computeStatus({ generation: 4, status: first }, world(), t1);
    expect(isSameStatus(first, again)).toBe(true);
  });

  it('reports lag with the largest topics first', () => {
    const status = computeStatus({ generation: 1, status: undefined }, world({ progress: measured([5, 0, 7]) }), t0);
    expect(status.phase).toBe('Replicating');
    expect(status.lag).toEqual({ records: 12, maxPartitionRecords: 7, topTopics: [{ name: 'orders', records: 12 }] });
    expect(condition(status, 'CaughtUp')).toMatchObject({ status: 'False', reason: 'Lagging' });
  });

  it('names the field of an invalid spec in Ready and creates nothing else', () => {
    const status = computeStatus({ generation: 2, status: undefined }, world({ invalid: [{ path: 'spec.topics.include[0]', message: 'not a valid regular expression' }] }), t0);
    expect(status.phase).toBe('Failed');
    expect(condition(status, 'Ready')).toMatchObject({ status: 'False', reason: 'InvalidSpec', message: 'spec.topics.include[0]: not a valid regular expression', observedGeneration: 2 });
  });

  it('says which cluster cannot be reached and why, and is Degraded', () => {
    const progress: JobProgress = { source: { connected: false, reason: 'AuthenticationFailed', message: 'src:9092: SASL authentication failed' }, target: connected };
    const status = computeStatus({ generation: 1, status: undefined }, world({ progress }), t0);
    expect(status.phase).toBe('Degraded');
    expect(condition(status, 'SourceConnected')).toMatchObject({ status: 'False', reason: 'AuthenticationFailed' });
    expect(condition(status, 'Ready')).toMatchObject({ status: 'False', reason: 'AuthenticationFailed' });
    expect(condition(status, 'CaughtUp')?.status).toBe('Unknown');
    expect(status.lag).toBeUndefined();
  });

  it('is Pending while workers start, and WorkersUnavailable once ready workers are lost', () => {
    const starting = computeStatus({ generation: 1, status: undefined }, world({ workers: { desired: 2, ready: 0, outdated: 0, selector: '' } }), t0);
    expect(starting.phase).toBe('Pending');
    expect(condition(starting, 'WorkersReady')).toMatchObject({ status: 'False', reason: 'WorkersStarting' });
    const ready = computeStatus({ generation: 1, status: starting }, world(), t0);
    const lost = computeStatus({ generation: 1, status: ready }, world({ workers: { desired: 2, ready: 1, outdated: 0, selector: '' } }), t1);
    expect(condition(lost, 'WorkersReady')).toMatchObject({ status: 'False', reason: 'WorkersUnavailable', lastTransitionTime: '2026-01-01T00:05:00Z' });
  });

  it('reports a paused job as Paused with no desired workers', () => {
    const status = computeStatus({ generation: 1, status: undefined }, world({ paused: true, workers: { desired: 2, ready: 0, outdated: 0, selector: '' } }), t0);
    expect(status.phase).toBe('Paused');
    expect(status.workers?.desired).toBe(0);
    expect(condition(status, 'WorkersReady')).toMatchObject({ status: 'True', reason: 'Paused' });
  });

  it('turns an unreadable progress into Unknown conditions pointing at the logs', () => {
    const status = computeStatus({ generation: 1, status: undefined }, world({ progress: undefined }), t0);
    expect(condition(status, 'SourceConnected')).toMatchObject({ status: 'Unknown', reason: 'InternalError' });
  });
});

describe('computeStatus with worker reports', () => {
  const stopped = reportsOf([aWorkerReport(0), aWorkerReport(1, { stopped: [tooLarge('orders', 1, 10)] })]);

  it('turns a stopped partition into phase Degraded, Ready=False and a Warning event naming it', () => {
    const healthy = computeStatus({ generation: 1, status: undefined }, world(), t0);
    expect(condition(healthy, 'Degraded')).toMatchObject({ status: 'False', reason: 'Reconciled' });
    const degraded = computeStatus({ generation: 1, status: healthy }, world({ progress: measured([0, 3]), workerReports: stopped }), t1);
    expect(degraded.phase).toBe('Degraded');
    expect(condition(degraded, 'Degraded')).toMatchObject({ status: 'True', reason: 'RecordRejected', message: expect.stringContaining('topic orders partition 1 stopped at offset 10: MESSAGE_TOO_LARGE') });
    expect(condition(degraded, 'Ready')).toMatchObject({ status: 'False', reason: 'RecordRejected', message: expect.stringMatching(/^Degraded: topic orders partition 1/) });
    expect(transitionEvents(healthy.conditions, degraded.conditions ?? [])).toEqual(
      expect.arrayContaining([{ type: 'Warning', reason: 'RecordRejected', message: expect.stringContaining('Degraded is True: topic orders partition 1 stopped at offset 10') }]),
    );
  });

  it('names an idle worker before the WorkersReady count in Ready', () => {
    const idle = reportsOf([aWorkerReport(0), aWorkerReport(1, { ready: false, state: 'Idle', reason: 'fenced' })]);
    const status = computeStatus({ generation: 1, status: undefined }, world({ workers: { desired: 2, ready: 1, outdated: 0, selector: '', revision: REVISION }, workerReports: idle }), t0);
    expect(status.phase).toBe('Degraded');
    expect(condition(status, 'Ready')).toMatchObject({ status: 'False', reason: 'WorkerIdle' });
  });

  it('fills status.groups from worker 0 and keeps it while worker 0 is down', () => {
    const sync = aSyncRound('2026-01-01T00:00:01Z', { groups: { matched: 3, synced: 2, failed: [{ group: 'billing', reason: 'active members on the target' }] } });
    const first = computeStatus({ generation: 1, status: undefined }, world({ workerReports: reportsOf([aWorkerReport(0, { sync }), aWorkerReport(1)]) }), t0);
    expect(first.groups).toEqual({ matched: 3, synced: 2, failedCount: 1, failed: [{ group: 'billing', reason: 'active members on the target' }] });
    const down = computeStatus({ generation: 1, status: first }, world({ workerReports: reportsOf([aWorkerReport(1)], ['orders-worker-0']) }), t1);
    expect(down.groups).toEqual(first.groups);
    expect(isSameStatus(first, down)).toBe(true);
  });

  it('keeps the workers draining under cutover until a group sync round after lag reached 0', () => {
    const cutover = { requested: true, syncOffsets: true };
    const zeroReport = (lastRoundAt: string) => reportsOf([aWorkerReport(0, { sync: aSyncRound(lastRoundAt) }), aWorkerReport(1)]);
    const lagging = computeStatus({ generation: 2, status: undefined }, world({ cutover, progress: measured([4, 0]), workerReports: zeroReport('2026-01-01T00:00:00Z') }), t0);
    expect(condition(lagging, 'CutoverReady')).toMatchObject({ status: 'False', reason: 'Draining', message: 'draining: 4 records left to copy (orders: 4)' });
    const drained = computeStatus({ generation: 2, status: lagging }, world({ cutover, workerReports: zeroReport('2026-01-01T00:04:59Z') }), t1);
    expect(drained.phase).toBe('CaughtUp');
    expect(condition(drained, 'CutoverReady')).toMatchObject({ status: 'False', reason: 'Draining', message: expect.stringContaining('starts after the drain (2026-01-01T00:05:00Z)') });
    const ready = computeStatus({ generation: 2, status: drained }, world({ cutover, workerReports: zeroReport('2026-01-01T00:05:10Z') }), new Date('2026-01-01T00:05:12Z'));
    expect(condition(ready, 'CutoverReady')).toMatchObject({ status: 'True', reason: 'CutoverComplete', lastTransitionTime: '2026-01-01T00:05:12Z' });
    expect(ready.phase).toBe('CaughtUp');
    expect(transitionEvents(drained.conditions, ready.conditions ?? [])).toEqual([{ type: 'Normal', reason: 'CutoverComplete', message: expect.stringContaining('CutoverReady is True') }]);
  });
});

describe('transitionEvents', () => {
  it('records nothing for conditions that appear in their resting state (Degraded=False, cutover not requested)', () => {
    const starting = computeStatus({ generation: 1, status: undefined }, world({ workerReports: reportsOf([], ['orders-worker-0', 'orders-worker-1']) }), t0);
    const running = computeStatus({ generation: 1, status: starting }, world(), t1);
    const types = (events: ReturnType<typeof transitionEvents>) => events.map((e) => e.message.split(' ')[0]);
    expect(types(transitionEvents(undefined, starting.conditions ?? []))).not.toContain('CutoverReady');
    expect(types(transitionEvents(starting.conditions, running.conditions ?? []))).not.toContain('Degraded');
  });


  it('records one event per flipped condition, Warning for bad news', () => {
    const before = computeStatus({ generation: 1, status: undefined }, world(), t0);
    const after = computeStatus({ generation: 1, status: before }, world({ workers: { desired: 2, ready: 1, outdated: 0, selector: '' } }), t1);
    expect(transitionEvents(before.conditions, after.conditions ?? [])).toEqual([
      { type: 'Warning', reason: 'WorkersUnavailable', message: 'Ready is False: WorkersReady: 1/2 workers ready' },
      { type: 'Warning', reason: 'WorkersUnavailable', message: 'WorkersReady is False: 1/2 workers ready' },
    ]);
    expect(transitionEvents(after.conditions, after.conditions ?? [])).toEqual([]);
  });
});

describe('computeStatus: the metadata sync and workers that cannot start', () => {
  it('holds Ready on a sync action the target refused, naming it', () => {
    const sync = aSyncRound('2026-01-01T00:00:00Z', { configs: { failedCount: 1, failed: [{ action: 'AlterTopicConfigs', resource: 'topic orders', error: 'TOPIC_AUTHORIZATION_FAILED', message: '' }], skippedCount: 0 } });
    const status = computeStatus({ generation: 2, status: undefined }, world({ workerReports: reportsOf([aWorkerReport(0, { sync }), aWorkerReport(1)]) }), t0);
    expect(condition(status, 'ConfigsInSync')).toMatchObject({ status: 'False', reason: 'SyncFailed' });
    expect(condition(status, 'Ready')).toMatchObject({ status: 'False', reason: 'SyncFailed' });
    expect(condition(status, 'Ready')?.message).toContain('ConfigsInSync: the target refused 1: AlterTopicConfigs topic orders: TOPIC_AUTHORIZATION_FAILED');
  });

  it('says why a worker is not ready, and a permission it lacks to start is Degraded/PermissionDenied', () => {
    const reason = 'TOPIC_AUTHORIZATION_FAILED: creating __kafka-mirror.ns.job.checkpoints on the target';
    const starting = aWorkerReport(0, { ready: false, state: 'Starting', reason });
    const status = computeStatus({ generation: 2, status: undefined }, world({ workers: { desired: 2, ready: 1, outdated: 0, selector: 'a=b', revision: REVISION }, workerReports: reportsOf([starting, aWorkerReport(1)]) }), t0);
    expect(condition(status, 'WorkersReady')?.message).toBe(`1/2 workers ready; worker 0: ${reason}`);
    expect(condition(status, 'Degraded')).toMatchObject({ status: 'True', reason: 'PermissionDenied', message: `worker 0 (orders-worker-0) cannot start: ${reason}` });
  });
});
