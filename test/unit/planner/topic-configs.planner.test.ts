import { actionsOf, aConfig, aSnapshot, aSpec, aTopic, planFor } from './planner.builders.ts';
import type { NamedTopic } from './planner.builders.ts';
import type { Plan } from '../../../src/planner/plan.ts';

/** The config changes planned for "orders" when source and target carry these topics. */
function changesFor(source: NamedTopic, target: NamedTopic, options: { spec?: ReturnType<typeof aSpec>; targetVersion?: string | null } = {}): {
  changes: unknown[];
  plan: Plan;
} {
  const plan = planFor(options.spec ?? aSpec(), aSnapshot({ topics: [source] }), aSnapshot({ topics: [target], kafkaVersion: options.targetVersion }));
  return { changes: actionsOf(plan, 'AlterTopicConfigs').flatMap((a) => a.changes), plan };
}

describe('topic configs', () => {
  it('copies only the source topic\'s own overrides, not inherited values', () => {
    const source = aTopic('orders', {
      configs: {
        'retention.ms': '1000',
        'segment.bytes': aConfig('1073741824', { source: 'Default' }),
        'compression.type': aConfig('lz4', { source: 'StaticBroker' }),
        'max.message.bytes': aConfig('2000000', { source: 'DynamicBroker' }),
      },
    });
    expect(changesFor(source, aTopic('orders')).changes).toEqual([{ op: 'Set', name: 'retention.ms', value: '1000' }]);
  });

  it('skips read-only and sensitive values, with a report entry', () => {
    const source = aTopic('orders', { configs: { 'a.read.only': aConfig('1', { readOnly: true }), 'a.secret': aConfig(null, { sensitive: true }) } });
    const { changes, plan } = changesFor(source, aTopic('orders'));
    expect(changes).toEqual([]);
    expect(plan.report.skippedConfigs.map((s) => [s.config, s.reason])).toEqual([
      ['a.read.only', 'ReadOnly'],
      ['a.secret', 'Sensitive'],
    ]);
  });

  it('leaves out MirrorMaker 2\'s default exclusions', () => {
    const source = aTopic('orders', { configs: { 'min.insync.replicas': '2', 'message.timestamp.type': 'LogAppendTime', 'retention.ms': '5' } });
    expect(changesFor(source, aTopic('orders')).changes).toEqual([{ op: 'Set', name: 'retention.ms', value: '5' }]);
  });

  it('leaves out the user\'s exclusions (full-name patterns) instead of the defaults', () => {
    const spec = aSpec({ configs: { exclude: ['retention\\..*'] } });
    const source = aTopic('orders', { configs: { 'retention.ms': '5', 'retention.bytes': '9', 'min.insync.replicas': '2', 'x.retention.ms': '1' } });
    expect(changesFor(source, aTopic('orders'), { spec }).changes).toEqual([
      { op: 'Set', name: 'min.insync.replicas', value: '2' },
      { op: 'Set', name: 'x.retention.ms', value: '1' },
    ]);
  });

  it('sets only values that differ, sorted by name', () => {
    const source = aTopic('orders', { configs: { 'segment.ms': '7', 'retention.ms': '1000', 'cleanup.policy': 'compact' } });
    const target = aTopic('orders', { configs: { 'retention.ms': '1000', 'segment.ms': '6' } });
    expect(changesFor(source, target).changes).toEqual([
      { op: 'Set', name: 'cleanup.policy', value: 'compact' },
      { op: 'Set', name: 'segment.ms', value: '7' },
    ]);
  });

  it('pins a value the target only inherits', () => {
    const source = aTopic('orders', { configs: { 'retention.ms': '604800000' } });
    const target = aTopic('orders', { configs: { 'retention.ms': aConfig('604800000', { source: 'Default' }) } });
    expect(changesFor(source, target).changes).toEqual([{ op: 'Set', name: 'retention.ms', value: '604800000' }]);
  });

  it('deletes a target override the source no longer sets, but never an excluded one', () => {
    const source = aTopic('orders');
    const target = aTopic('orders', { configs: { 'retention.ms': '1000', 'min.insync.replicas': '2' } });
    expect(changesFor(source, target).changes).toEqual([{ op: 'Delete', name: 'retention.ms' }]);
  });

  it('does not delete a target override the source sets but could not give (sensitive)', () => {
    const source = aTopic('orders', { configs: { 'a.secret': aConfig(null, { sensitive: true }) } });
    const target = aTopic('orders', { configs: { 'a.secret': 'kept' } });
    expect(changesFor(source, target).changes).toEqual([]);
  });

  it('needs nothing when overrides are equal', () => {
    const topic = aTopic('orders', { configs: { 'retention.ms': '1000' } });
    const { changes, plan } = changesFor(topic, aTopic('orders', { configs: { 'retention.ms': '1000' } }));
    expect(changes).toEqual([]);
    expect(plan.report.topics.inSync).toBe(1);
  });
});

describe('configs across Kafka versions', () => {
  const fromKafka26 = aTopic('orders', { configs: { 'message.format.version': '2.6-IV0', 'message.downconversion.enable': 'false', 'retention.ms': '5' } });

  it('drops message.format.version on a 4.x target with a report entry, and keeps the rest', () => {
    const { changes, plan } = changesFor(fromKafka26, aTopic('orders'), { targetVersion: '4.1.2' });
    expect(changes).toEqual([
      { op: 'Set', name: 'message.downconversion.enable', value: 'false' },
      { op: 'Set', name: 'retention.ms', value: '5' },
    ]);
    expect(plan.report.skippedConfigs).toEqual([
      expect.objectContaining({ topic: 'orders', config: 'message.format.version', reason: 'RemovedInTargetVersion' }),
    ]);
  });

  it('keeps message.format.version on a 3.x target', () => {
    const { changes } = changesFor(fromKafka26, aTopic('orders'), { targetVersion: '3.9.1' });
    expect(changes).toContainEqual({ op: 'Set', name: 'message.format.version', value: '2.6-IV0' });
  });

  it('writes message.timestamp.difference.max.ms as before/after.max.ms on a 4.x target', () => {
    const spec = aSpec({ configs: { exclude: [] } });
    const source = aTopic('orders', { configs: { 'message.timestamp.difference.max.ms': '3600000' } });
    const { changes, plan } = changesFor(source, aTopic('orders'), { spec, targetVersion: '4.0.0' });
    expect(changes).toEqual([
      { op: 'Set', name: 'message.timestamp.after.max.ms', value: '3600000' },
      { op: 'Set', name: 'message.timestamp.before.max.ms', value: '3600000' },
    ]);
    expect(plan.report.mappedConfigs).toEqual([
      expect.objectContaining({ from: 'message.timestamp.difference.max.ms', to: ['message.timestamp.before.max.ms', 'message.timestamp.after.max.ms'] }),
    ]);
  });

  it('lets a replacement the source sets itself win over the mapped old value', () => {
    const spec = aSpec({ configs: { exclude: [] } });
    const source = aTopic('orders', { configs: { 'message.timestamp.difference.max.ms': '100', 'message.timestamp.after.max.ms': '7' } });
    const { changes } = changesFor(source, aTopic('orders'), { spec, targetVersion: '4.1.2' });
    expect(changes).toEqual([
      { op: 'Set', name: 'message.timestamp.after.max.ms', value: '7' },
      { op: 'Set', name: 'message.timestamp.before.max.ms', value: '100' },
    ]);
  });

  it('skips configs newer than the target, and every table entry when the target version is unknown', () => {
    const fromKafka41 = aTopic('orders', { configs: { 'compression.zstd.level': '9', 'retention.ms': '5' } });
    const old = changesFor(fromKafka41, aTopic('orders'), { targetVersion: '3.5.2' });
    expect(old.changes).toEqual([{ op: 'Set', name: 'retention.ms', value: '5' }]);
    expect(old.plan.report.skippedConfigs.map((s) => s.reason)).toEqual(['UnknownInTargetVersion']);
    const unknown = changesFor(fromKafka41, aTopic('orders'), { targetVersion: null });
    expect(unknown.plan.report.skippedConfigs.map((s) => s.reason)).toEqual(['TargetVersionUnknown']);
  });

  it('carries the same decisions into a topic created on the target', () => {
    const plan = planFor(aSpec(), aSnapshot({ topics: [fromKafka26] }), aSnapshot({ kafkaVersion: '4.1.2' }));
    expect(actionsOf(plan, 'CreateTopic')[0]?.configs).toEqual({ 'message.downconversion.enable': 'false', 'retention.ms': '5' });
    expect(plan.report.skippedConfigs.map((s) => s.config)).toEqual(['message.format.version']);
  });
});
