import type { AclBinding, CommittedOffset } from './cluster-snapshot.ts';

/**
 * A Plan is the whole difference between the target and what the spec wants, as actions in the order
 * they must be applied (topics before the configs, ACLs and offsets that name them), plus a report
 * of what the planner saw but will not change. Every list is sorted, so an unchanged world gives a
 * deep-equal Plan and the status writer has nothing to write.
 */

/** Creates a missing target topic with its configs in the same request, so it never exists unconfigured. */
export interface CreateTopic {
  kind: 'CreateTopic';
  topic: string;
  sourceTopic: string;
  partitions: number;
  replicationFactor: number;
  /** Config name -> value, keys sorted. */
  configs: Record<string, string>;
}

/** Grows a target topic to the source's partition count (Kafka never shrinks). */
export interface CreatePartitions {
  kind: 'CreatePartitions';
  topic: string;
  sourceTopic: string;
  totalCount: number;
}

/** One IncrementalAlterConfigs operation; DELETE removes the topic's own value so the inherited one applies. */
export type ConfigChange = { op: 'Set'; name: string; value: string } | { op: 'Delete'; name: string };

export interface AlterTopicConfigs {
  kind: 'AlterTopicConfigs';
  topic: string;
  sourceTopic: string;
  /** Sorted by name. */
  changes: ConfigChange[];
}

export interface CreateAcls {
  kind: 'CreateAcls';
  acls: AclBinding[];
}

/** Exact bindings (every field set), so a filter built from one matches that binding only. */
export interface DeleteAcls {
  kind: 'DeleteAcls';
  acls: AclBinding[];
}

/** Target topic names; Kafka accepts it only while the group has no active members. */
export interface SetGroupOffsets {
  kind: 'SetGroupOffsets';
  group: string;
  offsets: CommittedOffset[];
}

export type PlanAction = CreateTopic | CreatePartitions | AlterTopicConfigs | CreateAcls | DeleteAcls | SetGroupOffsets;
export type PlanActionKind = PlanAction['kind'];

/** Why a topic cannot be brought in line without a person deciding. */
export type ConflictReason =
  /** The target has more partitions than the source: records would land in other partitions; never shrunk. */
  | 'TargetHasMorePartitions'
  /** The replication factor asked for (or the source's) exceeds what the target's brokers can hold. */
  | 'ReplicationFactorUnavailable'
  /** Prefix + source name is longer than Kafka's 249 characters. */
  | 'TargetNameTooLong';

export interface Conflict {
  reason: ConflictReason;
  /** Target topic name. */
  topic: string;
  sourceTopic: string;
  detail: string;
}

export type SkippedConfigReason =
  | 'ReadOnly'
  | 'Sensitive'
  /** The target's Kafka version no longer accepts the config (and nothing replaces it). */
  | 'RemovedInTargetVersion'
  /** The target's Kafka version is older than the config. */
  | 'UnknownInTargetVersion'
  /** The config's fate depends on the target's version, which the snapshot does not give. */
  | 'TargetVersionUnknown';

export interface SkippedConfig {
  /** Target topic name. */
  topic: string;
  config: string;
  reason: SkippedConfigReason;
  detail: string;
}

/** A source config written under other names because the target's Kafka renamed it. */
export interface MappedConfig {
  topic: string;
  from: string;
  to: string[];
  detail: string;
}

export type GroupOutcome = 'Synced' | 'SkippedActiveOnTarget' | 'NotYetTranslatable' | 'AlreadyAhead' | 'UpToDate';

export interface GroupReport {
  group: string;
  outcome: GroupOutcome;
  detail: string;
  /**
   * Committed offsets of the group with no target offset (named in `detail`). Absent when none. A
   * group is in sync only without them, whatever its outcome: `Synced` writes the others only.
   */
  untranslated?: number;
}

export interface TopicsReport {
  /** Source topics the filters select (internal topics never). */
  matched: number;
  toCreate: number;
  toGrow: number;
  toReconfigure: number;
  /** Matched topics that exist on the target and need nothing. */
  inSync: number;
  /** Information only: target topics this job would mirror into, whose source topic is gone. Never deleted. */
  targetOnly: string[];
}

export interface AclsReport {
  /** ACLs the spec wants on the target. */
  desired: number;
  toCreate: number;
  toDelete: number;
}

export interface PlanReport {
  topics: TopicsReport;
  conflicts: Conflict[];
  skippedConfigs: SkippedConfig[];
  mappedConfigs: MappedConfig[];
  acls: AclsReport;
  groups: GroupReport[];
}

export interface Plan {
  actions: PlanAction[];
  report: PlanReport;
  /**
   * The ACLs this job will own once the actions are applied: the earlier set, plus those created,
   * minus those deleted or gone. Persist it BEFORE applying, so a crash in between leaves the job
   * owning a superset (a missing one is recreated or forgotten next pass), never losing one it made.
   */
  ownedAcls: AclBinding[];
}
