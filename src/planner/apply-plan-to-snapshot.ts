import type { ClusterSnapshot, CommittedOffset, ConfigValue, GroupSnapshot, TopicSnapshot } from './cluster-snapshot.ts';
import { aclKey } from './ordering.ts';
import type { AlterTopicConfigs, PlanAction } from './plan.ts';

/**
 * What the target looks like after a Plan is applied, as Kafka would make it: a pure simulation for
 * tests (convergence) and for `kafka-mirror plan` to show the outcome. Inherited values are not
 * modelled: a deleted override simply disappears from the snapshot.
 */
export function applyPlanToSnapshot(target: ClusterSnapshot, actions: readonly PlanAction[]): ClusterSnapshot {
  const topics = new Map(target.topics);
  let acls = [...target.acls];
  const groups = new Map(target.groups);
  for (const action of actions) {
    switch (action.kind) {
      case 'CreateTopic':
        topics.set(action.topic, {
          partitions: action.partitions,
          replicationFactor: action.replicationFactor,
          configs: new Map(Object.entries(action.configs).map(([name, value]) => [name, override(value)])),
        });
        break;
      case 'CreatePartitions':
        updateTopic(topics, action.topic, (topic) => ({ ...topic, partitions: action.totalCount }));
        break;
      case 'AlterTopicConfigs':
        updateTopic(topics, action.topic, (topic) => ({ ...topic, configs: alteredConfigs(topic.configs, action) }));
        break;
      case 'CreateAcls': {
        const present = new Set(acls.map(aclKey));
        acls = [...acls, ...action.acls.filter((acl) => !present.has(aclKey(acl)))];
        break;
      }
      case 'DeleteAcls': {
        const gone = new Set(action.acls.map(aclKey));
        acls = acls.filter((acl) => !gone.has(aclKey(acl)));
        break;
      }
      case 'SetGroupOffsets':
        groups.set(action.group, withOffsets(groups.get(action.group), action.offsets));
        break;
    }
  }
  return { ...target, topics, acls, groups };
}

function override(value: string): ConfigValue {
  return { value, source: 'TopicOverride', readOnly: false, sensitive: false };
}

function updateTopic(topics: Map<string, TopicSnapshot>, name: string, change: (topic: TopicSnapshot) => TopicSnapshot): void {
  const topic = topics.get(name);
  // Kafka answers UNKNOWN_TOPIC_OR_PARTITION; a Plan never does this, and the simulation should not hide it.
  if (topic === undefined) throw new Error(`the plan changes ${name}, which does not exist on the target`);
  topics.set(name, change(topic));
}

function alteredConfigs(configs: ReadonlyMap<string, ConfigValue>, action: AlterTopicConfigs): Map<string, ConfigValue> {
  const altered = new Map(configs);
  for (const change of action.changes) {
    if (change.op === 'Set') altered.set(change.name, override(change.value));
    else altered.delete(change.name);
  }
  return altered;
}

function withOffsets(group: GroupSnapshot | undefined, offsets: readonly CommittedOffset[]): GroupSnapshot {
  const byPartition = new Map((group?.offsets ?? []).map((o) => [`${o.topic}\u0000${o.partition}`, o]));
  for (const offset of offsets) byPartition.set(`${offset.topic}\u0000${offset.partition}`, { ...offset });
  // Committing offsets for an unknown group creates it, empty.
  return { state: group?.state ?? 'Empty', memberCount: group?.memberCount ?? 0, offsets: [...byPartition.values()] };
}
