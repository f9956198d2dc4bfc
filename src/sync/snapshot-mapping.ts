/**
 * The Kafka port's vocabulary (config sources in lowercase, bigint offsets) <-> the planner's
 * (PascalCase, number offsets). ACLs need no mapping: both use the port's AclBinding.
 */
import type * as Port from '../kafka/index.ts';
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

export const toConfigValue = (e: Port.ConfigEntry): Planner.ConfigValue => ({
  value: e.value,
  source: configSources[e.source],
  readOnly: e.readOnly,
  sensitive: e.sensitive,
});

/** The port knows the classic protocol's states; the planner's KIP-848 states never come from it. */
export const toPlannerGroupState = (s: Port.GroupState): Planner.GroupState => s;

export const toCommittedOffset = (o: Port.PartitionOffset): Planner.CommittedOffset => ({ topic: o.topic, partition: o.partition, offset: Number(o.offset) });

export const toPortOffset = (o: Planner.CommittedOffset): Port.PartitionOffset => ({ topic: o.topic, partition: o.partition, offset: BigInt(o.offset) });

export const toPortConfigChange = (c: PlannedConfigChange): Port.ConfigChange =>
  c.op === 'Set' ? { name: c.name, op: 'set', value: c.value } : { name: c.name, op: 'delete' };
