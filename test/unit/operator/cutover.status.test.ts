import type { Condition } from '../../../src/api/index.ts';
import { cutoverCondition, type CutoverInput } from '../../../operator/cutover.status.ts';
import { aSyncRound } from './worker-reports.fixtures.ts';

const drainedAt = '2026-01-01T00:10:00Z';
const caughtUp: Condition = { type: 'CaughtUp', status: 'True', reason: 'CaughtUp', message: '', lastTransitionTime: drainedAt };
const drained = { records: 0, partitions: 6, topTopics: [] };
const cutover = (overrides: Partial<CutoverInput>): CutoverInput => ({ requested: true, syncOffsets: true, lag: drained, caughtUp, sync: undefined, ...overrides });

describe('cutoverCondition', () => {
  it('is False/CutoverNotRequested while spec.cutover is false, whatever the lag', () => {
    expect(cutoverCondition(cutover({ requested: false }), 2)).toEqual({ type: 'CutoverReady', status: 'False', reason: 'CutoverNotRequested', message: 'spec.cutover is false', observedGeneration: 2 });
  });

  it('drains with the remaining lag in the message', () => {
    const lag = { records: 130, partitions: 6, topTopics: [{ name: 'orders', records: 100 }, { name: 'payments', records: 20 }, { name: 'audit', records: 6 }, { name: 'logs', records: 4 }] };
    const notCaughtUp = { ...caughtUp, status: 'False' as const, reason: 'Lagging' };
    expect(cutoverCondition(cutover({ lag, caughtUp: notCaughtUp }), 2)).toMatchObject({
      status: 'False', reason: 'Draining', message: 'draining: 130 records left to copy (orders: 100, payments: 20, audit: 6, ...)',
    });
    expect(cutoverCondition(cutover({ lag: undefined }), 2)).toMatchObject({ status: 'False', reason: 'Draining', message: expect.stringContaining('lag not measured') });
  });

  it('is ready at lag 0 when group offsets are not synced', () => {
    expect(cutoverCondition(cutover({ syncOffsets: false }), 2)).toMatchObject({ status: 'True', reason: 'CutoverComplete', message: expect.stringContaining('all 6 partitions copied to the end') });
  });

  it('with syncOffsets, waits for a sync round that started after the drain', () => {
    expect(cutoverCondition(cutover({ sync: undefined }), 2)).toMatchObject({ status: 'False', reason: 'Draining', message: expect.stringContaining(`starts after the drain (${drainedAt})`) });
    for (const before of ['2026-01-01T00:09:55.000Z', '2026-01-01T00:10:00.900Z']) {
      expect(cutoverCondition(cutover({ sync: aSyncRound(before) }), 2)).toMatchObject({ status: 'False', reason: 'Draining', message: expect.stringContaining(`the latest started at ${before}`) });
    }
    expect(cutoverCondition(cutover({ sync: aSyncRound('2026-01-01T00:10:01.000Z') }), 2)).toMatchObject({
      status: 'True', reason: 'CutoverComplete', message: 'all 6 partitions copied to the end; group offsets written by the sync round of 2026-01-01T00:10:01.000Z',
    });
  });

  it('counts only a round that started after the cutover was requested, when that came after the drain', () => {
    // Caught up long ago; consumers were stopped (their last commits made) just before the request.
    const requestedAt = '2026-01-01T01:00:00.000Z';
    expect(cutoverCondition(cutover({ requestedAt, sync: aSyncRound('2026-01-01T00:59:58.000Z') }), 2)).toMatchObject({ status: 'False', reason: 'Draining' });
    expect(cutoverCondition(cutover({ requestedAt, sync: aSyncRound('2026-01-01T01:00:02.000Z') }), 2)).toMatchObject({ status: 'True', reason: 'CutoverComplete' });
  });

  it('is not ready while the latest round after the drain failed groups or actions', () => {
    const failed = aSyncRound('2026-01-01T00:10:05.000Z', { groups: { matched: 2, synced: 1, failed: [{ group: 'billing', reason: 'the group has active members on the target' }] } });
    expect(cutoverCondition(cutover({ sync: failed }), 2)).toMatchObject({ status: 'False', reason: 'Draining', message: expect.stringContaining('could not write the offsets of 1 group(s): billing (the group has active members on the target)') });
    expect(cutoverCondition(cutover({ sync: aSyncRound('2026-01-01T00:10:05.000Z', { errors: 2 }) }), 2)).toMatchObject({ status: 'False', message: expect.stringContaining('2 failed action(s)') });
  });
});
