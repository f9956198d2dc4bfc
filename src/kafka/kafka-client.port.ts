/**
 * The Kafka port: the few admin operations the mirror needs, in the project's own types, so that planner,
 * sync and progress code never see a client library. Only operations verified against Kafka 2.6, 3.9 (SASL,
 * ACLs) and 4.1 by the client spike (docs/decisions/0001-kafka-client.md) are here. The record path
 * (fetch/produce) is designed separately.
 */

import { MirrorError } from '../errors/mirror-error.ts';

/** SASL credentials. Passwords come from Secrets; they are passed through, never logged or put in errors. */
export interface SaslCredentials {
  mechanism: 'PLAIN' | 'SCRAM-SHA-256' | 'SCRAM-SHA-512';
  username: string;
  password: string;
}

/** A PEM given inline (from a Secret's data) or as a file path (a mounted Secret). */
export type PemSource = { pem: string } | { path: string };

export interface TlsSettings {
  ca?: PemSource;
  cert?: PemSource;
  key?: PemSource;
  /** SNI / certificate host name when it differs from the bootstrap host. */
  serverName?: string;
  /** Only for test clusters with self-signed certificates. */
  insecureSkipVerify?: boolean;
}

export interface KafkaConnectOptions {
  clientId: string;
  bootstrapServers: string[];
  sasl?: SaslCredentials;
  /** Present (even empty) means TLS. */
  tls?: TlsSettings;
  requestTimeoutMs?: number;
}

export interface PartitionInfo {
  partition: number;
  leader: number;
  replicas: number[];
}

export interface TopicInfo {
  name: string;
  partitions: PartitionInfo[];
}

export interface NewTopic {
  name: string;
  partitions: number;
  replicationFactor: number;
  configs?: Record<string, string>;
}

/** Where a config value comes from; only `topic` values are set on the topic, the rest are inherited. */
export type ConfigSource = 'topic' | 'dynamic-broker' | 'dynamic-default-broker' | 'static-broker' | 'default' | 'unknown';

export interface ConfigEntry {
  name: string;
  value: string | null;
  source: ConfigSource;
  readOnly: boolean;
  sensitive: boolean;
}

export interface TopicConfigs {
  topic: string;
  entries: ConfigEntry[];
}

/** One incremental change: set a value, or delete the topic's own value so the inherited one applies. */
export type ConfigChange = { name: string; op: 'set'; value: string } | { name: string; op: 'delete' };

/**
 * ACLs in Kafka's own names (its AclOperation, ResourceType, PatternType and AclPermissionType enums,
 * without the filter-only ANY and UNKNOWN). One type for the whole project: the port reads and writes
 * it, the planner plans with it, and the job's owned-ACL record on the target stores it as JSON.
 */
export type AclResourceType = 'Topic' | 'Group' | 'Cluster' | 'TransactionalId';
export type AclPatternType = 'Literal' | 'Prefixed';
export type AclOperation =
  | 'All' | 'Read' | 'Write' | 'Create' | 'Delete' | 'Alter' | 'Describe'
  | 'ClusterAction' | 'DescribeConfigs' | 'AlterConfigs' | 'IdempotentWrite';
export type AclPermission = 'Allow' | 'Deny';

/** One ACL binding: a resource pattern and one access control entry, as Kafka stores it. */
export interface AclBinding {
  resourceType: AclResourceType;
  resourceName: string;
  patternType: AclPatternType;
  /** e.g. "User:alice" */
  principal: string;
  /** "*" for any host */
  host: string;
  operation: AclOperation;
  permission: AclPermission;
}

/** A filter: absent fields match anything. */
export type AclFilter = Partial<AclBinding>;

/** Kafka's group states, as Kafka spells them. */
export type GroupState = 'Empty' | 'Stable' | 'PreparingRebalance' | 'CompletingRebalance' | 'Dead' | 'Unknown';

export interface GroupListing {
  groupId: string;
  state: GroupState;
  protocolType: string;
}

export interface GroupMember {
  memberId: string;
  clientId: string;
  host: string;
}

export interface GroupDescription {
  groupId: string;
  state: GroupState;
  members: GroupMember[];
}

export interface PartitionOffset {
  topic: string;
  partition: number;
  offset: bigint;
}

export interface TopicPartition {
  topic: string;
  partition: number;
}

/** One API a broker serves (Kafka's ApiVersions response): the range of request versions it accepts. */
export interface ApiVersionRange {
  apiKey: number;
  minVersion: number;
  maxVersion: number;
}

export interface ClusterDescription {
  clusterId: string | undefined;
  brokerIds: number[];
  /** The bootstrap broker's ApiVersions: the only version evidence Kafka gives a client. */
  apis: ApiVersionRange[];
}

export interface KafkaAdmin {
  /** Brokers and the APIs the cluster serves; the sync loop needs the broker count and a version guess. */
  describeCluster(): Promise<ClusterDescription>;
  /** Topics with their partitions; internal topics (`__consumer_offsets`, ...) only when asked. */
  listTopics(options?: { includeInternal?: boolean }): Promise<TopicInfo[]>;
  /** Every topic's partition count, internal topics included, from one request: for looking often. */
  partitionCounts(): Promise<Map<string, number>>;
  createTopics(topics: NewTopic[]): Promise<void>;
  /** Grows `topic` to `totalCount` partitions (Kafka never shrinks). */
  createPartitions(changes: Array<{ topic: string; totalCount: number }>): Promise<void>;
  describeConfigs(topics: string[]): Promise<TopicConfigs[]>;
  /** IncrementalAlterConfigs: only the named keys change (AlterConfigs would reset all others). */
  incrementalAlterConfigs(topic: string, changes: ConfigChange[]): Promise<void>;
  describeAcls(filter: AclFilter): Promise<AclBinding[]>;
  createAcls(bindings: AclBinding[]): Promise<void>;
  /** Returns the bindings that were deleted. */
  deleteAcls(filters: AclFilter[]): Promise<AclBinding[]>;
  /**
   * Consumer groups only (protocol type `consumer`, or none for a group that only commits offsets), as
   * Kafka's own Admin.listConsumerGroups and kafka-consumer-groups list them: a Kafka Connect or
   * MirrorMaker 2 worker group, a Schema Registry group and the like are not consumer groups.
   */
  listConsumerGroups(): Promise<GroupListing[]>;
  /** Consumer groups only (as listConsumerGroups gives them): members' metadata is read as the consumer protocol's. */
  describeGroups(groupIds: string[]): Promise<GroupDescription[]>;
  listGroupOffsets(groupId: string): Promise<PartitionOffset[]>;
  /** Kafka refuses this while the group has active members (then a non-retriable KafkaClientError). */
  alterGroupOffsets(groupId: string, offsets: PartitionOffset[]): Promise<void>;
  listOffsets(partitions: TopicPartition[], at: 'earliest' | 'latest'): Promise<PartitionOffset[]>;
  close(): Promise<void>;
}

/** Kafka's authorization errors by name (TOPIC_, GROUP_, CLUSTER_, TRANSACTIONAL_ID_AUTHORIZATION_FAILED): only a grant helps. */
export const isAuthorizationFailure = (code: string): boolean => code.endsWith('_AUTHORIZATION_FAILED');

/**
 * Every failure of the port. `code` is Kafka's error name (TOPIC_AUTHORIZATION_FAILED, ...) or one of
 * NETWORK, TIMEOUT, UNSUPPORTED, CLIENT; `retriable` says whether the same call may succeed later unchanged
 * (the operator's backoff and the sync loop decide on it).
 */
export class KafkaClientError extends MirrorError {
  /** Kafka's error name, the same as `reason`, under the name callers of the port know it by. */
  readonly code: string;
  readonly operation: string;
  /** What went wrong, without the operation and code that the full message starts with. */
  readonly detail: string;

  constructor(operation: string, code: string, retriable: boolean, message: string, options?: { cause?: unknown }) {
    super(`${operation}: ${code}: ${message}`, { reason: code, retriable, cause: options?.cause });
    this.code = code;
    this.operation = operation;
    this.detail = message;
  }

  /** Kafka's error name first (what people search for and what conditions match on), then where and what. */
  get summary(): string {
    return `${this.code}: ${this.operation}: ${this.detail}`;
  }
}
