import { mirrorJobSpecSchema } from '../../../src/api/mirrorjob-spec.schema.ts';
import type { MirrorJobSpecInput } from '../../../src/api/mirrorjob-spec.schema.ts';
import type {
  AclBinding,
  ClusterSnapshot,
  CommittedOffset,
  ConfigValue,
  GroupSnapshot,
  GroupState,
  TopicSnapshot,
} from '../../../src/planner/cluster-snapshot.ts';
import type { TranslateOffset } from '../../../src/planner/group-offsets.planner.ts';
import { planMetadataSync } from '../../../src/planner/plan-metadata-sync.ts';
import type { MetadataSyncSpec } from '../../../src/planner/plan-metadata-sync.ts';
import type { Plan } from '../../../src/planner/plan.ts';
import { aMirrorJob } from '../api/mirrorjob.builder.ts';

/** A spec with every default applied, mirroring every topic unless `topics` says otherwise. */
export function aSpec(spec: Partial<MirrorJobSpecInput> = {}): MetadataSyncSpec {
  return mirrorJobSpecSchema.parse(aMirrorJob({ topics: { include: ['.*'] }, ...spec }).spec);
}

/** A config value; plain strings in `aTopic` are topic overrides. */
export function aConfig(value: string | null, options: Partial<Omit<ConfigValue, 'value'>> = {}): ConfigValue {
  return { value, source: 'TopicOverride', readOnly: false, sensitive: false, ...options };
}

export interface NamedTopic extends TopicSnapshot {
  name: string;
}

export function aTopic(
  name: string,
  options: { partitions?: number; replicationFactor?: number; configs?: Record<string, string | ConfigValue> } = {},
): NamedTopic {
  const configs = new Map(Object.entries(options.configs ?? {}).map(([key, value]) => [key, typeof value === 'string' ? aConfig(value) : value]));
  return { name, partitions: options.partitions ?? 1, replicationFactor: options.replicationFactor ?? 3, configs };
}

/** An ALLOW READ on the literal topic "orders" for User:alice unless told otherwise. */
export function anAcl(binding: Partial<AclBinding> = {}): AclBinding {
  return {
    resourceType: 'Topic',
    resourceName: 'orders',
    patternType: 'Literal',
    principal: 'User:alice',
    host: '*',
    operation: 'Read',
    permission: 'Allow',
    ...binding,
  };
}

export interface NamedGroup extends GroupSnapshot {
  groupId: string;
}

/** A group; `offsets` maps a topic to the committed offset of partitions 0, 1, ... */
export function aGroup(
  groupId: string,
  options: { state?: GroupState; members?: number; offsets?: Record<string, number[]> } = {},
): NamedGroup {
  const offsets: CommittedOffset[] = Object.entries(options.offsets ?? {}).flatMap(([topic, perPartition]) =>
    perPartition.map((offset, partition) => ({ topic, partition, offset })),
  );
  return { groupId, state: options.state ?? (options.members ? 'Stable' : 'Empty'), memberCount: options.members ?? 0, offsets };
}

export function aSnapshot(
  options: { topics?: NamedTopic[]; acls?: AclBinding[]; groups?: NamedGroup[]; brokerCount?: number; kafkaVersion?: string | null } = {},
): ClusterSnapshot {
  return {
    // null says "unknown"; undefined takes the default version.
    ...(options.kafkaVersion === null ? {} : { kafkaVersion: options.kafkaVersion ?? '3.9.1' }),
    brokerCount: options.brokerCount ?? 3,
    topics: new Map((options.topics ?? []).map(({ name, ...topic }) => [name, topic])),
    acls: options.acls ?? [],
    groups: new Map((options.groups ?? []).map(({ groupId, ...group }) => [groupId, group])),
  };
}

/** The same snapshot with every map and list in reverse order: what a planner must not notice. */
export function inReverseOrder(snapshot: ClusterSnapshot): ClusterSnapshot {
  return {
    ...snapshot,
    topics: new Map([...snapshot.topics].reverse().map(([name, topic]) => [name, { ...topic, configs: new Map([...topic.configs].reverse()) }])),
    acls: [...snapshot.acls].reverse(),
    groups: new Map([...snapshot.groups].reverse().map(([id, group]) => [id, { ...group, offsets: [...group.offsets].reverse() }])),
  };
}

/** The worker's offset map when target offsets equal source offsets (no transaction markers). */
export const sameOffsets: TranslateOffset = (_topic, _partition, offset) => ({ ok: true, target: offset });

export function planFor(
  spec: MetadataSyncSpec,
  source: ClusterSnapshot,
  target: ClusterSnapshot,
  options: { jobCreatedAcls?: AclBinding[]; translateOffset?: TranslateOffset } = {},
): Plan {
  return planMetadataSync({
    spec,
    source,
    target,
    jobCreatedAcls: options.jobCreatedAcls ?? [],
    translateOffset: options.translateOffset ?? sameOffsets,
  });
}

/** The actions of one kind, typed. */
export function actionsOf<K extends Plan['actions'][number]['kind']>(plan: Plan, kind: K): Extract<Plan['actions'][number], { kind: K }>[] {
  return plan.actions.filter((action): action is Extract<Plan['actions'][number], { kind: K }> => action.kind === kind);
}
