/**
 * Topic discovery (issue #19): between two metadata sync passes, look often and cheaply for matched
 * source topics the target lacks, or has fewer partitions of, and create just those, so a new topic
 * starts copying within seconds whatever `syncIntervalSeconds` is. Configs, ACLs and groups wait for
 * the full pass. The topics are planned by the same planner as in a full pass (name mapping,
 * replication factor, configs at creation), so a topic created here is the one the pass would create.
 */
import type { MirrorJobSpec } from '../api/index.ts';
import type { KafkaAdmin } from '../kafka/index.ts';
import type { CreatePartitions, CreateTopic } from '../planner/plan.ts';
import { targetTopicName } from '../job/topic-naming.ts';
import { selectMirroredTopics } from '../job/topic-selection.ts';
import { planTopics } from '../planner/topics.planner.ts';
import { readTopicsSnapshot } from './cluster-snapshot.reader.ts';

type DiscoverySpec = Pick<MirrorJobSpec, 'topics' | 'configs'>;

/** Matched source topics the target lacks or has fewer partitions of, sorted. Pure. */
export function topicsBehind(spec: DiscoverySpec, source: ReadonlyMap<string, number>, target: ReadonlyMap<string, number>): string[] {
  return selectMirroredTopics(spec.topics, source.keys()).filter((name) => (target.get(targetTopicName(spec.topics.naming, name)) ?? 0) < source.get(name)!);
}

export interface NewTopicsPlan {
  actions: Array<CreateTopic | CreatePartitions>;
  /** Source topics behind that the planner will not create or grow (a conflict, which the full pass reports). */
  unplannable: string[];
}

/**
 * The creations and partition additions the target needs now, leaving out `unplannable` ones found
 * earlier. Two topic listings when nothing is new; the configs of the new topics only when something is.
 */
export async function planNewTopics(spec: DiscoverySpec, admins: { source: KafkaAdmin; target: KafkaAdmin }, unplannable: ReadonlySet<string>): Promise<NewTopicsPlan> {
  const [sourceTopics, targetTopics] = await Promise.all([admins.source.partitionCounts(), admins.target.partitionCounts()]);
  const behind = topicsBehind(spec, sourceTopics, targetTopics).filter((name) => !unplannable.has(name));
  if (behind.length === 0) return { actions: [], unplannable: [] };
  const wantedSource = new Set(behind);
  const wantedTarget = new Set(behind.map((name) => targetTopicName(spec.topics.naming, name)));
  const [source, target] = await Promise.all([readTopicsSnapshot(admins.source, (n) => wantedSource.has(n)), readTopicsSnapshot(admins.target, (n) => wantedTarget.has(n))]);
  // Creations and additions only: config changes of existing topics keep the pass's interval.
  const { creates, grows } = planTopics(spec, source, target, behind);
  const actions = [...creates, ...grows];
  const planned = new Set(actions.map((a) => a.sourceTopic));
  return { actions, unplannable: behind.filter((name) => !planned.has(name)) };
}
