import { isInternalTopic, selectMirroredTopics } from '../../../src/job/topic-selection.ts';
import { sourceTopicName, targetTopicName } from '../../../src/job/topic-naming.ts';
import { aSpec } from '../planner/planner.builders.ts';

describe('isInternalTopic', () => {
  it.each([
    '__consumer_offsets',
    '__transaction_state',
    '__kafka-mirror.orders-mirror.progress',
    '__anything',
    'mm2-offset-syncs.target.internal',
    'mm2-configs.source.internal',
    'mm2-status.source.internal',
    'mm2-offsets.source.internal',
    'source.checkpoints.internal',
    'heartbeats',
  ])('treats %s as internal', (name) => {
    expect(isInternalTopic(name)).toBe(true);
  });

  it.each(['orders', '_single-underscore', 'mm2-offsets', 'my.internal', 'app.heartbeats', 'heartbeats-v2', 'x.mm2-configs.a.internal'])(
    'mirrors %s',
    (name) => {
      expect(isInternalTopic(name)).toBe(false);
    },
  );
});

describe('selectMirroredTopics', () => {
  const topics = ['projects.orders', 'projects.orders.tmp', 'old-projects.orders', '__consumer_offsets', 'heartbeats', 'billing'];

  it('matches whole names with include then exclude, sorted', () => {
    const { topics: selection } = aSpec({ topics: { include: ['projects.*', 'billing'], exclude: ['.*\\.tmp'] } });
    expect(selectMirroredTopics(selection, topics)).toEqual(['billing', 'projects.orders']);
  });

  it('never selects internal topics, even with include ".*"', () => {
    const { topics: selection } = aSpec({ topics: { include: ['.*'] } });
    expect(selectMirroredTopics(selection, topics)).toEqual(['billing', 'old-projects.orders', 'projects.orders', 'projects.orders.tmp']);
  });
});

describe('topic naming', () => {
  it('keeps names under Identity and prepends the prefix under Prefix', () => {
    const identity = aSpec().topics.naming;
    const prefixed = aSpec({ topics: { include: ['.*'], naming: { policy: 'Prefix', prefix: 'dc1.' } } }).topics.naming;
    expect(targetTopicName(identity, 'orders')).toBe('orders');
    expect(targetTopicName(prefixed, 'orders')).toBe('dc1.orders');
    expect(sourceTopicName(prefixed, 'dc1.orders')).toBe('orders');
    expect(sourceTopicName(prefixed, 'orders')).toBeUndefined();
    expect(sourceTopicName(prefixed, 'dc1.')).toBeUndefined();
  });
});
