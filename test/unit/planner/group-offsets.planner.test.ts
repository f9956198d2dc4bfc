import type { TranslateOffset } from '../../../src/planner/group-offsets.planner.ts';
import { actionsOf, aGroup, aSnapshot, aSpec, aTopic, planFor } from './planner.builders.ts';
import type { NamedGroup } from './planner.builders.ts';
import type { MetadataSyncSpec } from '../../../src/planner/plan-metadata-sync.ts';

const topics = [aTopic('orders', { partitions: 2 }), aTopic('payments')];

function planGroups(sourceGroups: NamedGroup[], targetGroups: NamedGroup[] = [], options: { spec?: MetadataSyncSpec; translateOffset?: TranslateOffset } = {}) {
  const source = aSnapshot({ topics, groups: sourceGroups });
  const target = aSnapshot({ topics, groups: targetGroups });
  return planFor(options.spec ?? aSpec(), source, target, { translateOffset: options.translateOffset });
}

/** Target offsets are 1000 above source offsets; offsets below 10 were never mirrored, above 500 not yet. */
const shifted: TranslateOffset = (_topic, _partition, offset) =>
  offset < 10 ? { ok: false, reason: 'BeforeMirroredRange' } : offset > 500 ? { ok: false, reason: 'NotYetMirrored' } : { ok: true, target: offset + 1000 };

describe('group offsets', () => {
  it('sets translated offsets of a group absent from the target: Synced', () => {
    const plan = planGroups([aGroup('billing', { offsets: { orders: [100, 200] } })], [], { translateOffset: shifted });
    expect(actionsOf(plan, 'SetGroupOffsets')).toEqual([
      { kind: 'SetGroupOffsets', group: 'billing', offsets: [{ topic: 'orders', partition: 0, offset: 1100 }, { topic: 'orders', partition: 1, offset: 1200 }] },
    ]);
    expect(plan.report.groups).toEqual([{ group: 'billing', outcome: 'Synced', detail: '2 partition(s) to set' }]);
  });

  it('writes target topic names under the naming policy', () => {
    const spec = aSpec({ topics: { include: ['.*'], naming: { policy: 'Prefix', prefix: 'dc1.' } } });
    const plan = planGroups([aGroup('billing', { offsets: { payments: [42] } })], [], { spec });
    expect(actionsOf(plan, 'SetGroupOffsets')[0]?.offsets).toEqual([{ topic: 'dc1.payments', partition: 0, offset: 42 }]);
  });

  it('skips groups with active members on the target: SkippedActiveOnTarget', () => {
    const plan = planGroups([aGroup('billing', { offsets: { orders: [100] } })], [aGroup('billing', { members: 2 })]);
    expect(plan.actions.filter((a) => a.kind === 'SetGroupOffsets')).toEqual([]);
    expect(plan.report.groups).toEqual([expect.objectContaining({ group: 'billing', outcome: 'SkippedActiveOnTarget' })]);
  });

  it('reports offsets the worker cannot translate yet: NotYetTranslatable', () => {
    const plan = planGroups([aGroup('billing', { offsets: { orders: [5, 900] } })], [], { translateOffset: shifted });
    expect(plan.actions).toEqual(expect.not.arrayContaining([expect.objectContaining({ kind: 'SetGroupOffsets' })]));
    expect(plan.report.groups).toEqual([
      {
        group: 'billing',
        outcome: 'NotYetTranslatable',
        detail: 'not yet translatable: orders-0: BeforeMirroredRange (source offset 5); orders-1: NotYetMirrored (source offset 900)',
        untranslated: 2,
      },
    ]);
  });

  it('counts the offsets it cannot translate in a group it writes: Synced, yet not all on the target', () => {
    const plan = planGroups([aGroup('billing', { offsets: { orders: [100, 900] } })], [], { translateOffset: shifted });
    expect(actionsOf(plan, 'SetGroupOffsets')[0]?.offsets).toEqual([{ topic: 'orders', partition: 0, offset: 1100 }]);
    expect(plan.report.groups).toEqual([
      { group: 'billing', outcome: 'Synced', detail: '1 partition(s) to set; not yet translatable: orders-1: NotYetMirrored (source offset 900)', untranslated: 1 },
    ]);
  });

  it('never moves a target offset backwards: AlreadyAhead', () => {
    const plan = planGroups([aGroup('billing', { offsets: { orders: [100] } })], [aGroup('billing', { offsets: { orders: [1500] } })], { translateOffset: shifted });
    expect(actionsOf(plan, 'SetGroupOffsets')).toEqual([]);
    expect(plan.report.groups).toEqual([
      { group: 'billing', outcome: 'AlreadyAhead', detail: 'already ahead: orders-0: target at 1500, translated 1100' },
    ]);
  });

  it('moves only the partitions that are behind and says which were ahead', () => {
    const plan = planGroups([aGroup('billing', { offsets: { orders: [100, 100] } })], [aGroup('billing', { offsets: { orders: [1500, 1050] } })], {
      translateOffset: shifted,
    });
    expect(actionsOf(plan, 'SetGroupOffsets')[0]?.offsets).toEqual([{ topic: 'orders', partition: 1, offset: 1100 }]);
    expect(plan.report.groups[0]?.outcome).toBe('Synced');
    expect(plan.report.groups[0]?.detail).toContain('already ahead: orders-0');
  });

  it('needs nothing when the target already has the translated offsets: UpToDate', () => {
    const plan = planGroups([aGroup('billing', { offsets: { orders: [7, 8] } })], [aGroup('billing', { offsets: { orders: [7, 8] } })]);
    expect(plan.actions).toEqual([]);
    expect(plan.report.groups).toEqual([{ group: 'billing', outcome: 'UpToDate', detail: '2 partition(s) up to date' }]);
  });

  it('considers groups matched by spec.groups and offsets on mirrored topics only', () => {
    const spec = aSpec({ topics: { include: ['orders'] }, groups: { include: ['billing-.*'], exclude: ['billing-test'] } });
    const groups = [
      aGroup('billing-app', { offsets: { orders: [1], payments: [2] } }),
      aGroup('billing-test', { offsets: { orders: [1] } }),
      aGroup('shipping', { offsets: { orders: [1] } }),
      aGroup('billing-payments-only', { offsets: { payments: [2] } }),
      aGroup('billing-internal', { offsets: { __consumer_offsets: [2] } }),
    ];
    const plan = planGroups(groups, [], { spec });
    expect(actionsOf(plan, 'SetGroupOffsets')).toEqual([{ kind: 'SetGroupOffsets', group: 'billing-app', offsets: [{ topic: 'orders', partition: 0, offset: 1 }] }]);
    expect(plan.report.groups.map((g) => g.group)).toEqual(['billing-app']);
  });

  it('does nothing when groups.syncOffsets is false', () => {
    const plan = planGroups([aGroup('billing', { offsets: { orders: [100] } })], [], { spec: aSpec({ groups: { syncOffsets: false } }) });
    expect(plan.actions).toEqual([]);
    expect(plan.report.groups).toEqual([]);
  });

  it('sets offsets on partitions the same plan creates, after the topic actions', () => {
    const source = aSnapshot({ topics: [aTopic('orders', { partitions: 2 })], groups: [aGroup('billing', { offsets: { orders: [3, 4] } })] });
    const plan = planFor(aSpec(), source, aSnapshot({ topics: [aTopic('orders', { partitions: 1 })] }));
    expect(plan.actions.map((a) => a.kind)).toEqual(['CreatePartitions', 'SetGroupOffsets']);
  });

  it('treats partitions missing on the target as not yet mirrored', () => {
    const source = aSnapshot({ topics: [aTopic('orders')], groups: [aGroup('billing', { offsets: { orders: [3] } })] });
    const plan = planFor(aSpec({ configs: { replicationFactor: 5 } }), source, aSnapshot({ brokerCount: 1 }));
    expect(plan.report.groups).toEqual([expect.objectContaining({ outcome: 'NotYetTranslatable' })]);
  });
});
