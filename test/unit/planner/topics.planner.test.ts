import { actionsOf, aSnapshot, aSpec, aTopic, planFor } from './planner.builders.ts';

describe('topics', () => {
  it('creates a missing topic with the source partition count, empty topics included', () => {
    const plan = planFor(aSpec(), aSnapshot({ topics: [aTopic('orders', { partitions: 6 })] }), aSnapshot());
    expect(actionsOf(plan, 'CreateTopic')).toEqual([
      { kind: 'CreateTopic', topic: 'orders', sourceTopic: 'orders', partitions: 6, replicationFactor: 3, configs: {} },
    ]);
    expect(plan.report.topics).toMatchObject({ matched: 1, toCreate: 1, inSync: 0 });
  });

  it('names created topics by the naming policy', () => {
    const spec = aSpec({ topics: { include: ['orders'], naming: { policy: 'Prefix', prefix: 'dc1.' } } });
    const plan = planFor(spec, aSnapshot({ topics: [aTopic('orders')] }), aSnapshot());
    expect(actionsOf(plan, 'CreateTopic').map((a) => [a.sourceTopic, a.topic])).toEqual([['orders', 'dc1.orders']]);
  });

  it('takes the replication factor from spec.configs.replicationFactor', () => {
    const spec = aSpec({ configs: { replicationFactor: 2 } });
    const plan = planFor(spec, aSnapshot({ topics: [aTopic('orders', { replicationFactor: 3 })] }), aSnapshot({ brokerCount: 5 }));
    expect(actionsOf(plan, 'CreateTopic')[0]?.replicationFactor).toBe(2);
  });

  it('defaults to the source topic replication factor capped at the target broker count', () => {
    const source = aSnapshot({ topics: [aTopic('orders', { replicationFactor: 3 }), aTopic('payments', { replicationFactor: 2 })] });
    const plan = planFor(aSpec(), source, aSnapshot({ brokerCount: 1 }));
    expect(actionsOf(plan, 'CreateTopic').map((a) => a.replicationFactor)).toEqual([1, 1]);
    const roomy = planFor(aSpec(), source, aSnapshot({ brokerCount: 5 }));
    expect(actionsOf(roomy, 'CreateTopic').map((a) => a.replicationFactor)).toEqual([3, 2]);
  });

  it('reports a conflict instead of creating a topic whose replication factor the target cannot hold', () => {
    const plan = planFor(aSpec({ configs: { replicationFactor: 3 } }), aSnapshot({ topics: [aTopic('orders')] }), aSnapshot({ brokerCount: 1 }));
    expect(plan.actions).toEqual([]);
    expect(plan.report.conflicts).toEqual([expect.objectContaining({ reason: 'ReplicationFactorUnavailable', topic: 'orders' })]);
  });

  it('grows partitions when the source grew', () => {
    const plan = planFor(aSpec(), aSnapshot({ topics: [aTopic('orders', { partitions: 8 })] }), aSnapshot({ topics: [aTopic('orders', { partitions: 3 })] }));
    expect(plan.actions).toEqual([{ kind: 'CreatePartitions', topic: 'orders', sourceTopic: 'orders', totalCount: 8 }]);
    expect(plan.report.topics.toGrow).toBe(1);
  });

  it('never shrinks: a target with more partitions is a conflict and nothing is planned for it', () => {
    const plan = planFor(aSpec(), aSnapshot({ topics: [aTopic('orders', { partitions: 3 })] }), aSnapshot({ topics: [aTopic('orders', { partitions: 5 })] }));
    expect(plan.actions).toEqual([]);
    expect(plan.report.conflicts).toEqual([
      {
        reason: 'TargetHasMorePartitions',
        topic: 'orders',
        sourceTopic: 'orders',
        detail: 'the target has 5 partitions, the source 3; partitions above 2 receive nothing',
      },
    ]);
    expect(plan.report.topics.inSync).toBe(0);
  });

  it('counts a topic with equal partitions and configs as in sync', () => {
    const plan = planFor(aSpec(), aSnapshot({ topics: [aTopic('orders', { partitions: 3 })] }), aSnapshot({ topics: [aTopic('orders', { partitions: 3 })] }));
    expect(plan.actions).toEqual([]);
    expect(plan.report.topics).toEqual({ matched: 1, toCreate: 0, toGrow: 0, toReconfigure: 0, inSync: 1, targetOnly: [] });
  });

  it('reports target topics under the mapping whose source is gone, as information only', () => {
    const spec = aSpec({ topics: { include: ['orders.*'], naming: { policy: 'Prefix', prefix: 'dc1.' } } });
    const target = aSnapshot({ topics: [aTopic('dc1.orders'), aTopic('dc1.orders-old'), aTopic('dc1.payments'), aTopic('orders-old'), aTopic('dc1.__consumer_offsets')] });
    const plan = planFor(spec, aSnapshot({ topics: [aTopic('orders')] }), target);
    expect(plan.report.topics.targetOnly).toEqual(['dc1.orders-old']);
    expect(plan.actions).toEqual([]);
  });

  it('reports a conflict when prefix and name exceed Kafka\'s 249 characters', () => {
    const longName = 'o'.repeat(245);
    const spec = aSpec({ topics: { include: ['.*'], naming: { policy: 'Prefix', prefix: 'dc1.x.' } } });
    const plan = planFor(spec, aSnapshot({ topics: [aTopic(longName)] }), aSnapshot());
    expect(plan.actions).toEqual([]);
    expect(plan.report.conflicts.map((c) => c.reason)).toEqual(['TargetNameTooLong']);
  });

  it('creates new topics with their configs in the same request', () => {
    const source = aSnapshot({ topics: [aTopic('orders', { configs: { 'retention.ms': '1000', 'cleanup.policy': 'compact' } })] });
    const plan = planFor(aSpec(), source, aSnapshot());
    expect(actionsOf(plan, 'CreateTopic')[0]?.configs).toEqual({ 'cleanup.policy': 'compact', 'retention.ms': '1000' });
    expect(actionsOf(plan, 'AlterTopicConfigs')).toEqual([]);
  });

  it('creates topics with no configs and leaves existing ones alone when configs.sync is false', () => {
    const spec = aSpec({ configs: { sync: false } });
    const source = aSnapshot({ topics: [aTopic('orders', { configs: { 'retention.ms': '1000' } }), aTopic('payments', { configs: { 'retention.ms': '1' } })] });
    const target = aSnapshot({ topics: [aTopic('payments', { configs: { 'segment.ms': '5' } })] });
    const plan = planFor(spec, source, target);
    expect(plan.actions).toEqual([expect.objectContaining({ kind: 'CreateTopic', topic: 'orders', configs: {} })]);
  });
});
