import type { MirrorJobSpec } from '../api/mirrorjob-spec.schema.ts';
import type { ClusterSnapshot, TopicSnapshot } from './cluster-snapshot.ts';
import { compareStrings } from './ordering.ts';
import type { AlterTopicConfigs, Conflict, CreatePartitions, CreateTopic, MappedConfig, SkippedConfig, TopicsReport } from './plan.ts';
import { configExclusion, desiredTopicConfigs, planTopicConfigChanges } from './topic-configs.planner.ts';
import type { DesiredTopicConfigs } from './topic-configs.planner.ts';
import { MAX_TOPIC_NAME_LENGTH, sourceTopicName, targetTopicName } from '../job/topic-naming.ts';
import { topicMatcher } from '../job/topic-selection.ts';

export type TopicsSpec = Pick<MirrorJobSpec, 'topics' | 'configs'>;

export interface TopicsPlan {
  creates: CreateTopic[];
  grows: CreatePartitions[];
  alters: AlterTopicConfigs[];
  conflicts: Conflict[];
  skippedConfigs: SkippedConfig[];
  mappedConfigs: MappedConfig[];
  report: TopicsReport;
  /** Target topic -> its partition count once the plan is applied; absent when it will not exist. */
  targetPartitionsAfter: Map<string, number>;
}

function emptyTopicsPlan(matched: number): TopicsPlan {
  return {
    creates: [],
    grows: [],
    alters: [],
    conflicts: [],
    skippedConfigs: [],
    mappedConfigs: [],
    report: { matched, toCreate: 0, toGrow: 0, toReconfigure: 0, inSync: 0, targetOnly: [] },
    targetPartitionsAfter: new Map(),
  };
}

/** Topics, partitions and topic configs for the mirrored source topics (`mirrored` sorted). */
export function planTopics(spec: TopicsSpec, source: ClusterSnapshot, target: ClusterSnapshot, mirrored: readonly string[]): TopicsPlan {
  const plan = emptyTopicsPlan(mirrored.length);
  for (const [name, topic] of target.topics) plan.targetPartitionsAfter.set(name, topic.partitions);
  const isExcluded = configExclusion(spec.configs);
  for (const sourceTopic of mirrored) {
    const sourceInfo = source.topics.get(sourceTopic);
    if (sourceInfo === undefined) continue;
    const topic = targetTopicName(spec.topics.naming, sourceTopic);
    if (topic.length > MAX_TOPIC_NAME_LENGTH) {
      const detail = `${topic} has ${topic.length} characters; Kafka allows ${MAX_TOPIC_NAME_LENGTH}`;
      plan.conflicts.push({ reason: 'TargetNameTooLong', topic, sourceTopic, detail });
      continue;
    }
    // With sync off, topics are created with the target's defaults and existing configs are left alone.
    const desired = spec.configs.sync ? desiredTopicConfigs(topic, sourceInfo, isExcluded, target.kafkaVersion) : undefined;
    plan.skippedConfigs.push(...(desired?.skipped ?? []));
    plan.mappedConfigs.push(...(desired?.mapped ?? []));
    const existing = target.topics.get(topic);
    if (existing === undefined) planCreate(plan, spec, target, { topic, sourceTopic, sourceInfo, desired });
    else planExisting(plan, { topic, sourceTopic, sourceInfo, desired }, existing, isExcluded);
  }
  plan.report.targetOnly = targetOnlyTopics(spec, source, target);
  return plan;
}

interface TopicWork {
  topic: string;
  sourceTopic: string;
  sourceInfo: TopicSnapshot;
  desired: DesiredTopicConfigs | undefined;
}

function planCreate(plan: TopicsPlan, spec: TopicsSpec, target: ClusterSnapshot, work: TopicWork): void {
  const { topic, sourceTopic, sourceInfo, desired } = work;
  // The source's factor can exceed the target's brokers (3 on the source, 1 in a test target): cap it.
  const replicationFactor = spec.configs.replicationFactor ?? Math.min(sourceInfo.replicationFactor, target.brokerCount);
  if (replicationFactor < 1 || replicationFactor > target.brokerCount) {
    const detail = `replication factor ${replicationFactor} needs ${replicationFactor} brokers; the target has ${target.brokerCount}`;
    plan.conflicts.push({ reason: 'ReplicationFactorUnavailable', topic, sourceTopic, detail });
    return;
  }
  const configs = Object.fromEntries([...(desired?.configs ?? [])].sort(([a], [b]) => compareStrings(a, b)));
  plan.creates.push({ kind: 'CreateTopic', topic, sourceTopic, partitions: sourceInfo.partitions, replicationFactor, configs });
  plan.targetPartitionsAfter.set(topic, sourceInfo.partitions);
  plan.report.toCreate += 1;
}

function planExisting(plan: TopicsPlan, work: TopicWork, existing: TopicSnapshot, isExcluded: (name: string) => boolean): void {
  const { topic, sourceTopic, sourceInfo, desired } = work;
  let inSync = true;
  if (existing.partitions > sourceInfo.partitions) {
    // Records keep their partition number; Kafka cannot shrink, and deleting the topic loses data.
    const detail = `the target has ${existing.partitions} partitions, the source ${sourceInfo.partitions}; partitions above ${sourceInfo.partitions - 1} receive nothing`;
    plan.conflicts.push({ reason: 'TargetHasMorePartitions', topic, sourceTopic, detail });
    inSync = false;
  } else if (existing.partitions < sourceInfo.partitions) {
    plan.grows.push({ kind: 'CreatePartitions', topic, sourceTopic, totalCount: sourceInfo.partitions });
    plan.targetPartitionsAfter.set(topic, sourceInfo.partitions);
    plan.report.toGrow += 1;
    inSync = false;
  }
  const changes = desired === undefined ? [] : planTopicConfigChanges(desired, existing, isExcluded);
  if (changes.length > 0) {
    plan.alters.push({ kind: 'AlterTopicConfigs', topic, sourceTopic, changes });
    plan.report.toReconfigure += 1;
    inSync = false;
  }
  if (inSync) plan.report.inSync += 1;
}

/** Target topics under the mapping whose source is gone: shown, never deleted (the data may be all that is left). */
function targetOnlyTopics(spec: TopicsSpec, source: ClusterSnapshot, target: ClusterSnapshot): string[] {
  const matches = topicMatcher(spec.topics);
  return [...target.topics.keys()]
    .filter((name) => {
      const sourceName = sourceTopicName(spec.topics.naming, name);
      return sourceName !== undefined && matches(sourceName) && !source.topics.has(sourceName);
    })
    .sort(compareStrings);
}
