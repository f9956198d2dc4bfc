import { applyPlanToSnapshot } from '../../../src/planner/apply-plan-to-snapshot.ts';
import { aGroup, anAcl, aSnapshot, aSpec, aTopic, inReverseOrder, planFor } from './planner.builders.ts';

const source = aSnapshot({
  topics: [
    aTopic('orders', { partitions: 3, configs: { 'retention.ms': '1', 'cleanup.policy': 'compact' } }),
    aTopic('payments', { partitions: 4, configs: { 'segment.ms': '9' } }),
    aTopic('refunds', { partitions: 2 }),
    aTopic('audit', { partitions: 2, configs: { 'retention.ms': '5' } }),
  ],
  acls: [anAcl({ resourceName: 'payments' }), anAcl(), anAcl({ principal: 'User:bob' })],
  groups: [aGroup('z-app', { offsets: { payments: [1, 2, 3, 4] } }), aGroup('a-app', { offsets: { orders: [5, 6, 7] } })],
});
const target = aSnapshot({
  topics: [aTopic('payments', { partitions: 2 }), aTopic('refunds', { partitions: 3 }), aTopic('audit', { partitions: 2, configs: { 'retention.ms': '4' } })],
  acls: [anAcl({ principal: 'User:old' })],
});

describe('planMetadataSync', () => {
  it('orders actions for applying: topics, partitions, configs, ACLs, group offsets', () => {
    const plan = planFor(aSpec(), source, target, { jobCreatedAcls: [anAcl({ principal: 'User:old' })] });
    expect(plan.actions.map((a) => `${a.kind}${'topic' in a ? ` ${a.topic}` : 'group' in a ? ` ${a.group}` : ''}`)).toEqual([
      'CreateTopic orders',
      'CreatePartitions payments',
      'AlterTopicConfigs audit',
      'AlterTopicConfigs payments',
      'CreateAcls',
      'DeleteAcls',
      'SetGroupOffsets a-app',
      'SetGroupOffsets z-app',
    ]);
    expect(plan.report.conflicts.map((c) => c.topic)).toEqual(['refunds']);
  });

  it('gives the same plan, byte for byte, whatever order the snapshots list things in', () => {
    const plan = planFor(aSpec(), source, target);
    expect(JSON.stringify(planFor(aSpec(), inReverseOrder(source), inReverseOrder(target)))).toBe(JSON.stringify(plan));
  });

  it('plans nothing once its plan is applied (conflicts stay reported)', () => {
    const first = planFor(aSpec(), source, target);
    const second = planFor(aSpec(), source, applyPlanToSnapshot(target, first.actions), { jobCreatedAcls: first.ownedAcls });
    expect(second.actions).toEqual([]);
    expect(second.report.conflicts).toEqual(first.report.conflicts);
    expect(second.report.topics).toMatchObject({ matched: 4, toCreate: 0, inSync: 3 });
    expect(second.report.groups.map((g) => g.outcome)).toEqual(['UpToDate', 'UpToDate']);
  });
});
