import { emptySyncSummary, summarizeSyncRound } from '../../../src/sync/sync-summary.ts';
import type { SyncRoundResult } from '../../../src/sync/metadata-sync.ts';
import type { ActionOutcome } from '../../../src/sync/apply-plan.ts';

const noReport = { topics: { matched: 0 }, conflicts: [], skippedConfigs: [], groups: [] };

const round = (report: Partial<SyncRoundResult['report']>, outcomes: ActionOutcome[] = [], extra: Partial<SyncRoundResult> = {}): SyncRoundResult =>
  ({
    startedAt: new Date('2026-11-25T10:00:00Z'),
    durationMs: 12,
    report: { ...noReport, ...report },
    plan: { actions: [], ownedAcls: [] },
    outcomes,
    applied: outcomes.filter((o) => o.ok).length,
    failed: outcomes.filter((o) => !o.ok).length,
    ...extra,
  }) as unknown as SyncRoundResult;

const refused = (action: ActionOutcome['action'], code: string, message = 'refused'): ActionOutcome => ({ action, ok: false, ms: 3, code, retriable: false, message });

describe('summarizeSyncRound (what worker 0 serves to the operator)', () => {
  it('counts groups in sync, and lists the others with the reason', () => {
    const summary = summarizeSyncRound(
      round(
        {
          groups: [
            { group: 'billing', outcome: 'Synced', detail: '' },
            { group: 'audit', outcome: 'UpToDate', detail: '' },
            { group: 'live', outcome: 'SkippedActiveOnTarget', detail: '2 members on the target' },
            { group: 'late', outcome: 'Synced', detail: '' },
          ],
        },
        [refused({ kind: 'SetGroupOffsets', group: 'late', offsets: [] }, 'UNKNOWN_MEMBER_ID')],
      ),
    );
    expect(summary.lastRoundAt).toBe('2026-11-25T10:00:00.000Z');
    expect(summary.errors).toBe(1);
    expect(summary.groups).toEqual({
      matched: 4,
      synced: 2,
      failed: [
        { group: 'late', reason: 'UNKNOWN_MEMBER_ID: refused' },
        { group: 'live', reason: 'SkippedActiveOnTarget: 2 members on the target' },
      ],
    });
  });

  it('files each refused action under its area, naming the resource and the Kafka error', () => {
    const acl = { resourceType: 'Topic', resourceName: 'orders', patternType: 'Literal', principal: 'User:app', host: '*', operation: 'Read', permission: 'Allow' } as const;
    const summary = summarizeSyncRound(
      round({ topics: { matched: 3 } as SyncRoundResult['report']['topics'] }, [
        refused({ kind: 'CreateTopic', topic: 'orders', sourceTopic: 'orders', partitions: 3, replicationFactor: 1, configs: {} }, 'TOPIC_AUTHORIZATION_FAILED'),
        refused({ kind: 'AlterTopicConfigs', topic: 'audit', sourceTopic: 'audit', changes: [] }, 'TOPIC_AUTHORIZATION_FAILED'),
        refused({ kind: 'CreateAcls', acls: [acl, acl] }, 'CLUSTER_AUTHORIZATION_FAILED'),
        { action: { kind: 'CreatePartitions', topic: 'fine', sourceTopic: 'fine', totalCount: 4 }, ok: true, ms: 1 },
      ]),
    );
    expect(summary.topics).toMatchObject({ matched: 3, failedCount: 1, failed: [{ action: 'CreateTopic', resource: 'topic orders', error: 'TOPIC_AUTHORIZATION_FAILED' }] });
    expect(summary.configs).toMatchObject({ failedCount: 1, failed: [{ action: 'AlterTopicConfigs', resource: 'topic audit' }] });
    expect(summary.acls.failed).toEqual([{ action: 'CreateAcls', resource: 'ACL Topic:Literal:orders User:app Read and 1 more', error: 'CLUSTER_AUTHORIZATION_FAILED', message: 'refused' }]);
  });

  it('lists at most five failures per area but counts them all', () => {
    const outcomes = Array.from({ length: 8 }, (_, i) => refused({ kind: 'AlterTopicConfigs', topic: `t${i}`, sourceTopic: `t${i}`, changes: [] }, 'POLICY_VIOLATION'));
    const summary = summarizeSyncRound(round({}, outcomes));
    expect(summary.configs.failedCount).toBe(8);
    expect(summary.configs.failed).toHaveLength(5);
  });

  it('says which cluster hid its ACLs, and the conflicts the planner will not resolve', () => {
    const summary = summarizeSyncRound(
      round({ conflicts: [{ reason: 'TargetHasMorePartitions', topic: 'orders', sourceTopic: 'orders', detail: 'target 6, source 3' }] }, [], {
        aclsUnreadable: { side: 'target', code: 'SECURITY_DISABLED' },
      }),
    );
    expect(summary.acls.skipped).toEqual({ side: 'target', error: 'SECURITY_DISABLED' });
    expect(summary.topics).toMatchObject({ conflictCount: 1, conflicts: [{ topic: 'orders', reason: 'TargetHasMorePartitions', detail: 'target 6, source 3' }] });
  });

  it('has no round time before a round finished, so cutover cannot mistake it for one', () => {
    expect(emptySyncSummary().lastRoundAt).toBeUndefined();
  });
});

describe('summarizeSyncRound: source groups the job may not describe', () => {
  it('counts them as matched and not synced, naming the permission', () => {
    const summary = summarizeSyncRound(round({ groups: [{ group: 'billing', outcome: 'Synced', detail: '' }] }, [], { groupsUnreadable: [{ group: 'private', code: 'GROUP_AUTHORIZATION_FAILED' }] }));
    expect(summary.groups).toEqual({ matched: 2, synced: 1, failed: [{ group: 'private', reason: 'GROUP_AUTHORIZATION_FAILED: the job may not describe this group on the source' }] });
  });
});

describe('summarizeSyncRound: a group is synced only when every committed offset is on the target', () => {
  it('does not count a group written in part, and says which offsets are missing as a waiting outcome', () => {
    const partial = { group: 'projects', outcome: 'Synced' as const, detail: '1 partition(s) to set; not yet translatable: empty-0: NotYetMirrored (source offset 0)', untranslated: 1 };
    const summary = summarizeSyncRound(round({ groups: [partial, { group: 'done', outcome: 'UpToDate', detail: '' }] }));
    expect(summary.groups).toEqual({
      matched: 2,
      synced: 1,
      failed: [{ group: 'projects', reason: 'NotYetTranslatable: 1 partition(s) to set; not yet translatable: empty-0: NotYetMirrored (source offset 0)' }],
    });
  });
});
