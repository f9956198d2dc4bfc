import { summarizeSyncRound } from '../../../src/sync/sync-summary.ts';
import type { SyncRoundResult } from '../../../src/sync/metadata-sync.ts';

const round = (groups: SyncRoundResult['report']['groups'], outcomes: SyncRoundResult['outcomes'] = []): SyncRoundResult =>
  ({
    startedAt: new Date('2026-11-25T10:00:00Z'),
    durationMs: 12,
    report: { groups },
    plan: { actions: [], ownedAcls: [] },
    outcomes,
    applied: outcomes.filter((o) => o.ok).length,
    failed: outcomes.filter((o) => !o.ok).length,
  }) as unknown as SyncRoundResult;

describe('summarizeSyncRound (what worker 0 serves to the operator)', () => {
  it('counts groups in sync, and lists the others with the reason', () => {
    const summary = summarizeSyncRound(
      round(
        [
          { group: 'billing', outcome: 'Synced', detail: '' },
          { group: 'audit', outcome: 'UpToDate', detail: '' },
          { group: 'live', outcome: 'SkippedActiveOnTarget', detail: '2 members on the target' },
          { group: 'late', outcome: 'Synced', detail: '' },
        ],
        [{ action: { kind: 'SetGroupOffsets', group: 'late', offsets: [] }, ok: false, ms: 3, code: 'UNKNOWN_MEMBER_ID', retriable: false, message: 'refused' }],
      ),
    );
    expect(summary).toEqual({
      lastRoundAt: '2026-11-25T10:00:00.000Z',
      errors: 1,
      groups: {
        matched: 4,
        synced: 2,
        failed: [
          { group: 'late', reason: 'UNKNOWN_MEMBER_ID: refused' },
          { group: 'live', reason: 'SkippedActiveOnTarget: 2 members on the target' },
        ],
      },
    });
  });
});
