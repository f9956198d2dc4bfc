/**
 * What the planner knows about one cluster: a read-only picture the sync loop takes (through the Kafka
 * port) just before planning. Plain data, so tests build it by hand and the simulation can copy it.
 */
import type { AclBinding } from '../kafka/index.ts';

// ACLs are the port's own type: one vocabulary from Kafka through the plan to the owned-ACL record.
export type { AclBinding, AclOperation, AclPatternType, AclPermission, AclResourceType } from '../kafka/index.ts';

/**
 * Where a topic config value comes from (Kafka's DescribeConfigs `ConfigSource`). Only `TopicOverride`
 * values are set on the topic itself; the others are inherited and change with the broker.
 */
export type ConfigValueSource =
  | 'TopicOverride'
  | 'DynamicBroker'
  | 'DynamicDefaultBroker'
  | 'StaticBroker'
  | 'Default'
  | 'Unknown';

export interface ConfigValue {
  /** Kafka returns null for sensitive values. */
  value: string | null;
  source: ConfigValueSource;
  readOnly: boolean;
  sensitive: boolean;
}

export interface TopicSnapshot {
  partitions: number;
  replicationFactor: number;
  /** Config name -> value; the sync loop may leave out inherited values, the planner never needs them. */
  configs: ReadonlyMap<string, ConfigValue>;
}

/** Kafka's group states: classic protocol (Empty ... Dead) and KIP-848 consumer groups (Assigning, Reconciling). */
export type GroupState =
  | 'Empty'
  | 'Stable'
  | 'PreparingRebalance'
  | 'CompletingRebalance'
  | 'Assigning'
  | 'Reconciling'
  | 'Dead'
  | 'Unknown';

export interface CommittedOffset {
  topic: string;
  partition: number;
  offset: number;
}

export interface GroupSnapshot {
  state: GroupState;
  memberCount: number;
  offsets: readonly CommittedOffset[];
}

export interface ClusterSnapshot {
  /** e.g. "3.9.1"; undefined when the sync loop could not tell (the planner is then cautious). */
  kafkaVersion?: string;
  brokerCount: number;
  /** Every topic, internal ones included: the planner filters, so the sync loop need not. */
  topics: ReadonlyMap<string, TopicSnapshot>;
  acls: readonly AclBinding[];
  /** Group id -> group. */
  groups: ReadonlyMap<string, GroupSnapshot>;
}
