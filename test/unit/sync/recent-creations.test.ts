import { describe, expect, it } from '@jest/globals';
import type { PlanAction } from '../../../src/planner/plan.ts';
import { RecentCreations } from '../../../src/sync/recent-creations.ts';

const createTopic = (topic: string): PlanAction => ({ kind: 'CreateTopic', topic, sourceTopic: topic, partitions: 3, replicationFactor: 1, configs: {} });
const addPartitions = (topic: string, totalCount: number): PlanAction => ({ kind: 'CreatePartitions', topic, sourceTopic: topic, totalCount });
const alterConfigs = (topic: string): PlanAction => ({ kind: 'AlterTopicConfigs', topic, sourceTopic: topic, changes: [{ op: 'Set', name: 'retention.ms', value: '1000' }] });

describe('RecentCreations', () => {
  it('leaves out a creation applied less than a minute ago, and plans it again after', () => {
    let now = 0;
    const recent = new RecentCreations(() => now);
    recent.applied(createTopic('a'));
    now = 59_000;
    expect(recent.withoutRecent([createTopic('a'), createTopic('b')])).toEqual([createTopic('b')]);
    now = 60_000;
    expect(recent.withoutRecent([createTopic('a'), createTopic('b')])).toEqual([createTopic('a'), createTopic('b')]);
  });

  it('leaves out the same partition addition, not a larger one', () => {
    const recent = new RecentCreations(() => 0);
    recent.applied(addPartitions('a', 6));
    expect(recent.withoutRecent([addPartitions('a', 6), addPartitions('a', 8)])).toEqual([addPartitions('a', 8)]);
  });

  it('keeps every other kind of action', () => {
    const recent = new RecentCreations(() => 0);
    recent.applied(createTopic('a'));
    recent.applied(alterConfigs('a'));
    expect(recent.withoutRecent([alterConfigs('a')])).toEqual([alterConfigs('a')]);
  });
});
