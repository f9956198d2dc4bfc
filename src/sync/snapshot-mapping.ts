/**
 * The Kafka port's vocabulary (lowercase, bigint offsets) <-> the planner's (PascalCase, number offsets).
 * Two tables and their inverses, so a new enum member fails to compile here rather than map silently.
 */
import type * as Port from '../kafka/kafka-client.port.ts';
import type * as Planner from '../planner/cluster-snapshot.ts';
import type { ConfigChange as PlannedConfigChange } from '../planner/plan.ts';

const configSources: Record<Port.ConfigSource, Planner.ConfigValueSource> = {
  topic: 'TopicOverride',
  'dynamic-broker': 'DynamicBroker',
  'dynamic-default-broker': 'DynamicDefaultBroker',
  'static-broker': 'StaticBroker',
  default: 'Default',
  unknown: 'Unknown',
};

const resourceTypes: Record<Port.AclResourceType, Planner.AclResourceType> = {
  topic: 'Topic',
  group: 'Group',
  cluster: 'Cluster',
  'transactional-id': 'TransactionalId',
};

const patternTypes: Record<Port.AclPatternType, Planner.AclPatternType> = { literal: 'Literal', prefixed: 'Prefixed' };
const permissions: Record<Port.AclPermission, Planner.AclPermission> = { allow: 'Allow', deny: 'Deny' };

const operations: Record<Port.AclOperation, Planner.AclOperation> = {
  all: 'All',
  read: 'Read',
  write: 'Write',
  create: 'Create',
  delete: 'Delete',
  alter: 'Alter',
  describe: 'Describe',
  'cluster-action': 'ClusterAction',
  'describe-configs': 'DescribeConfigs',
  'alter-configs': 'AlterConfigs',
  'idempotent-write': 'IdempotentWrite',
};

const invert = <K extends string, V extends string>(m: Record<K, V>): Record<V, K> =>
  Object.fromEntries(Object.entries(m).map(([k, v]) => [v, k])) as Record<V, K>;

const portResourceTypes = invert(resourceTypes);
const portPatternTypes = invert(patternTypes);
const portPermissions = invert(permissions);
const portOperations = invert(operations);

export const toConfigValue = (e: Port.ConfigEntry): Planner.ConfigValue => ({
  value: e.value,
  source: configSources[e.source],
  readOnly: e.readOnly,
  sensitive: e.sensitive,
});

export const toPlannerAcl = (a: Port.AclBinding): Planner.AclBinding => ({
  resourceType: resourceTypes[a.resourceType],
  resourceName: a.resourceName,
  patternType: patternTypes[a.patternType],
  principal: a.principal,
  host: a.host,
  operation: operations[a.operation],
  permission: permissions[a.permission],
});

export const toPortAcl = (a: Planner.AclBinding): Port.AclBinding => ({
  resourceType: portResourceTypes[a.resourceType],
  resourceName: a.resourceName,
  patternType: portPatternTypes[a.patternType],
  principal: a.principal,
  host: a.host,
  operation: portOperations[a.operation],
  permission: portPermissions[a.permission],
});

/** The port knows the classic protocol's states; the planner's KIP-848 states never come from it. */
export const toPlannerGroupState = (s: Port.GroupState): Planner.GroupState => s;

export const toCommittedOffset = (o: Port.PartitionOffset): Planner.CommittedOffset => ({ topic: o.topic, partition: o.partition, offset: Number(o.offset) });

export const toPortOffset = (o: Planner.CommittedOffset): Port.PartitionOffset => ({ topic: o.topic, partition: o.partition, offset: BigInt(o.offset) });

export const toPortConfigChange = (c: PlannedConfigChange): Port.ConfigChange =>
  c.op === 'Set' ? { name: c.name, op: 'set', value: c.value } : { name: c.name, op: 'delete' };
