import { BLOCKED_PASSES_TO_GIVE_UP, blockedTargetTopics, judgePass, nextStreak, replicationLooksCaughtUp, type PassVerdict } from '../../../src/cli/run/caught-up.ts';
import type { Conflict, GroupReport, PlanAction } from '../../../src/planner/plan.ts';
import type { PartitionState } from '../../../src/replication/partition-state.ts';
import type { ActionOutcome } from '../../../src/sync/apply-plan.ts';
import type { SyncRoundResult } from '../../../src/sync/metadata-sync.ts';

const CAUGHT_UP_AT = Date.parse('2026-12-05T10:00:00Z');

const aRound = (o: { startedAt?: number; conflicts?: Conflict[]; groups?: GroupReport[]; outcomes?: ActionOutcome[] } = {}): SyncRoundResult =>
  ({
    startedAt: new Date(o.startedAt ?? CAUGHT_UP_AT + 1),
    durationMs: 5,
    report: { topics: { matched: 1 }, conflicts: o.conflicts ?? [], skippedConfigs: [], mappedConfigs: [], groups: o.groups ?? [] },
    plan: { actions: (o.outcomes ?? []).map((x) => x.action), ownedAcls: [] },
    outcomes: o.outcomes ?? [],
    applied: 0,
    failed: 0,
  }) as unknown as SyncRoundResult;

const rf: Conflict = { reason: 'ReplicationFactorUnavailable', topic: 'orders', sourceTopic: 'orders', detail: 'replication factor 3 needs 3 brokers; the target has 1' };
const create: PlanAction = { kind: 'CreateTopic', topic: 'fresh', sourceTopic: 'fresh', partitions: 1, replicationFactor: 1, configs: {} };

const state = (topic: string, over: Partial<PartitionState> = {}): PartitionState => ({ source: { topic, partition: 0 }, target: { topic, partition: 0 }, position: 10, endOffset: 10, copied: 10, ...over });

describe('replicationLooksCaughtUp', () => {
  it('waits for partitions behind, stopped, or waiting for a topic the sync will create; not for one a conflict blocks', () => {
    expect(replicationLooksCaughtUp([state('a')], new Set())).toBe(true);
    expect(replicationLooksCaughtUp([state('a', { position: 9 })], new Set())).toBe(false);
    expect(replicationLooksCaughtUp([state('a', { stopped: { offset: 3, error: 'MESSAGE_TOO_LARGE', message: 'too big' } })], new Set())).toBe(false);
    expect(replicationLooksCaughtUp([state('a'), state('orders', { position: 0, waitingForTarget: true })], new Set())).toBe(false);
    expect(replicationLooksCaughtUp([state('a'), state('orders', { position: 0, waitingForTarget: true })], new Set(['orders']))).toBe(true);
  });
});

describe('blockedTargetTopics', () => {
  it('holds the topics of conflicts that keep them from being created and of creations the target refused; not a target with more partitions', () => {
    const more: Conflict = { ...rf, topic: 'wide', reason: 'TargetHasMorePartitions', detail: 'target 6, source 3' };
    const refused: ActionOutcome = { action: { ...create, topic: 'denied' }, ok: false, ms: 1, code: 'POLICY_VIOLATION', retriable: false, message: 'no' };
    const made: ActionOutcome = { action: create, ok: true, ms: 1 };
    expect(blockedTargetTopics(aRound({ conflicts: [rf, more], outcomes: [refused, made] }))).toEqual(new Set(['orders', 'denied']));
    expect(blockedTargetTopics(undefined)).toEqual(new Set());
  });
});

describe('judgePass: what a sync pass says about --until-caught-up', () => {
  it('a pass that started before replication caught up proves nothing', () => {
    expect(judgePass(aRound({ startedAt: CAUGHT_UP_AT - 1, conflicts: [rf] }), CAUGHT_UP_AT)).toEqual({ kind: 'early' });
  });

  it('a pass that created topics is converging: their data follows', () => {
    expect(judgePass(aRound({ conflicts: [rf], outcomes: [{ action: create, ok: true, ms: 1 }] }), CAUGHT_UP_AT)).toEqual({ kind: 'converging' });
  });

  it('settles when nothing blocks: groups written, equal or further; a target with more partitions is copied into', () => {
    const more: Conflict = { ...rf, reason: 'TargetHasMorePartitions', detail: 'target 6, source 3' };
    const groups: GroupReport[] = [{ group: 'a', outcome: 'Synced', detail: '' }, { group: 'b', outcome: 'UpToDate', detail: '' }, { group: 'c', outcome: 'AlreadyAhead', detail: '' }];
    expect(judgePass(aRound({ conflicts: [more], groups }), CAUGHT_UP_AT)).toEqual({ kind: 'settled' });
  });

  it('is blocked by conflicts that keep topics from being created, refused creations and groups not synced, naming each', () => {
    const groups: GroupReport[] = [
      { group: 'ok', outcome: 'UpToDate', detail: '' },
      { group: 'early-birds', outcome: 'NotYetTranslatable', detail: 'not yet translatable: orders-0: BeforeMirroredRange (source offset 5)', untranslated: 1 },
    ];
    const refused: ActionOutcome = { action: { ...create, topic: 'denied' }, ok: false, ms: 1, code: 'TOPIC_AUTHORIZATION_FAILED', retriable: false, message: 'no' };
    const verdict = judgePass(aRound({ conflicts: [rf], groups, outcomes: [refused] }), CAUGHT_UP_AT);
    expect(verdict).toEqual({
      kind: 'blocked',
      reasons: [
        'the target refused 1 topic creation(s): CreateTopic denied: TOPIC_AUTHORIZATION_FAILED',
        '1 topic conflict(s) keep partitions from being created: topic orders: ReplicationFactorUnavailable (replication factor 3 needs 3 brokers; the target has 1)',
        '1 of 2 groups cannot be synced: early-birds: NotYetTranslatable: not yet translatable: orders-0: BeforeMirroredRange (source offset 5)',
      ],
    });
  });
});

describe('nextStreak: giving up takes the same blockers in consecutive passes', () => {
  const blocked = (reason: string): PassVerdict => ({ kind: 'blocked', reasons: [reason] });

  it('counts identical blockers, starts over when they change, and forgets them when the pass settles or converges', () => {
    let streak = nextStreak(undefined, blocked('g: offset 5'));
    expect(streak?.passes).toBe(1);
    streak = nextStreak(streak, { kind: 'early' });
    expect(streak?.passes).toBe(1);
    streak = nextStreak(streak, blocked('g: offset 5'));
    expect(streak?.passes).toBe(BLOCKED_PASSES_TO_GIVE_UP);
    expect(nextStreak(streak, blocked('g: offset 7'))?.passes).toBe(1);
    expect(nextStreak(streak, { kind: 'converging' })).toBeUndefined();
    expect(nextStreak(streak, { kind: 'settled' })).toBeUndefined();
  });
});
