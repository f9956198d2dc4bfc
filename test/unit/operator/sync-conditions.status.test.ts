import type { Condition } from '../../../src/api/index.ts';
import type { SyncRoundResult } from '../../../src/sync/metadata-sync.ts';
import { summarizeSyncRound } from '../../../src/sync/sync-summary.ts';
import { syncConditions, type SyncSpec } from '../../../operator/sync-conditions.status.ts';
import type { WorkerHealthInput } from '../../../operator/worker-health.status.ts';
import type { WorkerSyncSummary } from '../../../operator/worker-report.ts';
import { aSyncRound, aWorkerReport, REVISION, reportsOf } from './worker-reports.fixtures.ts';

const allOn: SyncSpec = { configs: true, acls: true, groups: true };
const at = '2026-11-25T10:00:00.000Z';
const clean = (overrides: Partial<WorkerSyncSummary> = {}): WorkerSyncSummary =>
  aSyncRound(at, {
    topics: { matched: 4, failedCount: 0, failed: [], conflictCount: 0, conflicts: [] },
    configs: { failedCount: 0, failed: [], skippedCount: 0 },
    acls: { failedCount: 0, failed: [] },
    ...overrides,
  });
const health = (sync: WorkerSyncSummary | undefined, paused = false): WorkerHealthInput => ({
  paused,
  desired: 1,
  revision: REVISION,
  reports: reportsOf([aWorkerReport(0, sync ? { sync } : {})]),
});
const byType = (updates: ReturnType<typeof syncConditions>) => Object.fromEntries(updates.map((u) => [u.type, u]));
const conditions = (spec: SyncSpec, input: WorkerHealthInput, previous: Record<string, Condition> = {}) => byType(syncConditions(spec, input, (t) => previous[t], 3));

describe('syncConditions (TopicsInSync, ConfigsInSync, AclsInSync, GroupOffsetsInSync)', () => {
  it('are True when worker 0 reports a clean round', () => {
    const c = conditions(allOn, health(clean()));
    for (const type of ['TopicsInSync', 'ConfigsInSync', 'AclsInSync', 'GroupOffsetsInSync']) expect(c[type]).toMatchObject({ status: 'True', reason: 'InSync', observedGeneration: 3 });
    expect(c.TopicsInSync!.message).toBe('4 matched topics exist on the target');
    expect(c.GroupOffsetsInSync!.message).toBe("2/2 groups' offsets translated on the target");
  });

  it('name the refused action, resource and Kafka error of each area', () => {
    const denied = (action: string, resource: string, error: string) => ({ failedCount: 1, failed: [{ action, resource, error, message: '' }] });
    const c = conditions(
      allOn,
      health(
        clean({
          configs: { ...denied('AlterTopicConfigs', 'topic lp.a', 'TOPIC_AUTHORIZATION_FAILED'), skippedCount: 2 },
          acls: denied('CreateAcls', 'ACL Topic:LITERAL:lp.a User:app Read', 'CLUSTER_AUTHORIZATION_FAILED'),
          groups: { matched: 2, synced: 1, failed: [{ group: 'billing', reason: 'GROUP_AUTHORIZATION_FAILED: denied' }] },
        }),
      ),
    );
    expect(c.ConfigsInSync).toMatchObject({ status: 'False', reason: 'SyncFailed' });
    expect(c.ConfigsInSync!.message).toContain('AlterTopicConfigs topic lp.a: TOPIC_AUTHORIZATION_FAILED');
    expect(c.ConfigsInSync!.message).toContain('2 configs left out');
    expect(c.AclsInSync!.message).toContain('CreateAcls ACL Topic:LITERAL:lp.a User:app Read: CLUSTER_AUTHORIZATION_FAILED');
    expect(c.GroupOffsetsInSync).toMatchObject({ status: 'False', reason: 'SyncFailed', message: '1 of 2 groups not synced: group billing: GROUP_AUTHORIZATION_FAILED: denied' });
    expect(c.TopicsInSync!.status).toBe('True');
  });

  it('tell a group waiting for its consumers to leave the target from a refused write', () => {
    const c = conditions(allOn, health(clean({ groups: { matched: 2, synced: 1, failed: [{ group: 'live', reason: 'SkippedActiveOnTarget: 2 members on the target' }] } })));
    expect(c.GroupOffsetsInSync).toMatchObject({ status: 'False', reason: 'Syncing' });
    expect(c.GroupOffsetsInSync!.message).toContain('group live: SkippedActiveOnTarget');
  });

  it('report a pass that failed before applying anything on every enabled area, with the cause', () => {
    const c = conditions({ ...allOn, acls: false }, health(clean({ lastFailure: { at, error: 'GROUP_AUTHORIZATION_FAILED: listing groups on the source' } })));
    for (const type of ['TopicsInSync', 'ConfigsInSync', 'GroupOffsetsInSync']) {
      expect(c[type]).toMatchObject({ status: 'False', reason: 'SyncFailed' });
      expect(c[type]!.message).toContain('GROUP_AUTHORIZATION_FAILED: listing groups on the source');
    }
    expect(c.AclsInSync).toMatchObject({ status: 'Unknown', reason: 'SyncDisabled', message: 'spec.acls.sync is false: not compared' });
  });

  it('treat a cluster without an authorizer by side: nothing to copy from the source, nowhere to copy to on the target', () => {
    expect(conditions(allOn, health(clean({ acls: { failedCount: 0, failed: [], skipped: { side: 'source', error: 'SECURITY_DISABLED' } } }))).AclsInSync).toMatchObject({ status: 'True' });
    expect(conditions(allOn, health(clean({ acls: { failedCount: 0, failed: [], skipped: { side: 'target', error: 'SECURITY_DISABLED' } } }))).AclsInSync).toMatchObject({ status: 'False', reason: 'Conflict' });
    const unreadable = conditions(allOn, health(clean({ acls: { failedCount: 0, failed: [], skipped: { side: 'source', error: 'CLUSTER_AUTHORIZATION_FAILED' } } }))).AclsInSync!;
    expect(unreadable).toMatchObject({ status: 'False', reason: 'SyncFailed' });
    expect(unreadable.message).toContain('Describe on the Cluster');
  });

  it('report topic conflicts the job will not resolve by itself', () => {
    const c = conditions(allOn, health(clean({ topics: { matched: 2, failedCount: 0, failed: [], conflictCount: 1, conflicts: [{ topic: 'orders', reason: 'TargetHasMorePartitions', detail: 'target 6, source 3' }] } })));
    expect(c.TopicsInSync).toMatchObject({ status: 'False', reason: 'Conflict', message: '1 topics need a decision: topic orders: TargetHasMorePartitions (target 6, source 3)' });
  });

  it('are Unknown until the first round finished, and keep the last verdict while worker 0 does not answer', () => {
    expect(conditions(allOn, health(undefined)).TopicsInSync).toMatchObject({ status: 'Unknown', reason: 'Syncing' });
    const previous = { TopicsInSync: { type: 'TopicsInSync', status: 'False', reason: 'SyncFailed', message: 'the target refused 1: CreateTopic topic x: POLICY_VIOLATION', lastTransitionTime: at } } as Record<string, Condition>;
    const silent: WorkerHealthInput = { paused: false, desired: 1, revision: REVISION, reports: reportsOf([], ['orders-worker-0']) };
    expect(conditions(allOn, silent, previous).TopicsInSync).toMatchObject({ status: 'False', reason: 'SyncFailed', message: previous.TopicsInSync!.message });
    expect(conditions(allOn, silent).TopicsInSync).toMatchObject({ status: 'Unknown', reason: 'WorkersStarting' });
  });

  it('say Paused while the job is paused', () => {
    expect(conditions(allOn, health(clean(), true)).ConfigsInSync).toMatchObject({ status: 'Unknown', reason: 'Paused' });
  });
});

describe('syncConditions from a round worker 0 summarized (issue #19: the MirrorJob status tells what the CLI tells)', () => {
  it('a group written in part is not in sync, and ReplicationFactorUnavailable conflicts are counted with the first reasons', () => {
    const conflict = (topic: string) => ({ reason: 'ReplicationFactorUnavailable' as const, topic, sourceTopic: topic, detail: 'replication factor 3 needs 3 brokers; the target has 1' });
    const round = {
      startedAt: new Date(at), durationMs: 5, outcomes: [], applied: 0, failed: 0, plan: { actions: [], ownedAcls: [] },
      report: {
        topics: { matched: 8 }, skippedConfigs: [], mappedConfigs: [],
        conflicts: Array.from({ length: 7 }, (_, i) => conflict(`t${i}`)),
        groups: [
          { group: 'done', outcome: 'UpToDate', detail: '' },
          { group: 'projects', outcome: 'Synced', detail: '1 partition(s) to set; not yet translatable: empty-0: NotYetMirrored (source offset 0)', untranslated: 1 },
        ],
      },
    } as unknown as SyncRoundResult;
    const c = conditions(allOn, health({ ...summarizeSyncRound(round) } as WorkerSyncSummary));
    expect(c.GroupOffsetsInSync).toMatchObject({ status: 'False', reason: 'Syncing' });
    expect(c.GroupOffsetsInSync!.message).toBe('1/2 groups in sync; waiting: group projects: NotYetTranslatable: 1 partition(s) to set; not yet translatable: empty-0: NotYetMirrored (source offset 0)');
    expect(c.TopicsInSync).toMatchObject({ status: 'False', reason: 'Conflict' });
    expect(c.TopicsInSync!.message).toMatch(/^7 topics need a decision: topic t0: ReplicationFactorUnavailable \(replication factor 3 needs 3 brokers; the target has 1\); .*; and 2 more \(see worker 0's log or kafka-mirror plan\)$/);
  });
});
