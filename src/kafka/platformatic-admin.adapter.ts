/**
 * KafkaAdmin on @platformatic/kafka's Admin client (decision 0001). The library negotiates API versions
 * per broker, so the same calls work against Kafka 2.6 (ZooKeeper) through 4.x; the spike recorded which.
 */
import { Admin, ConfigResourceTypes, ConfigSources, IncrementalAlterConfigOperationTypes, ListOffsetTimestamps } from '@platformatic/kafka';
import type {
  AclBinding, AclFilter, ClusterDescription, ConfigChange, ConfigSource, GroupDescription, GroupListing, GroupState, KafkaAdmin, KafkaConnectOptions,
  NewTopic, PartitionOffset, TopicConfigs, TopicInfo, TopicPartition,
} from './kafka-client.port.ts';
import { fromLibraryAcl, toLibraryAcl, toLibraryFilter } from './platformatic-acl.ts';
import { mapErrors } from './platformatic-errors.ts';
import { platformaticBaseOptions } from './platformatic-options.ts';
import { topicLayouts, topicPartitionCounts } from './wire/raw-metadata.ts';

const configSources = new Map<number, ConfigSource>([
  [ConfigSources.DYNAMIC_TOPIC_CONFIG, 'topic'],
  [ConfigSources.DYNAMIC_BROKER_CONFIG, 'dynamic-broker'],
  [ConfigSources.DYNAMIC_DEFAULT_BROKER_CONFIG, 'dynamic-default-broker'],
  [ConfigSources.STATIC_BROKER_CONFIG, 'static-broker'],
  [ConfigSources.DEFAULT_CONFIG, 'default'],
]);

/** Kafka 4 reports group states upper-case with underscores (EMPTY), older brokers as Empty; one spelling here. */
const groupStates = new Map<string, GroupState>(
  (['Empty', 'Stable', 'PreparingRebalance', 'CompletingRebalance', 'Dead'] as const).map((s) => [s.toLowerCase(), s]),
);
const groupState = (raw: string): GroupState => groupStates.get(raw.replaceAll('_', '').toLowerCase()) ?? 'Unknown';

/**
 * The protocol types of consumer groups: `consumer`, or empty for a group that only commits offsets.
 * Only these may reach the library's describeGroups, which reads every member's metadata as the
 * consumer protocol's and throws out of its callback (ending the process) on any other, e.g. a
 * Kafka Connect worker's.
 */
const CONSUMER_PROTOCOL_TYPES = new Set(['consumer', '']);

export class PlatformaticAdmin implements KafkaAdmin {
  readonly #admin: Admin;

  constructor(options: KafkaConnectOptions) {
    this.#admin = new Admin(platformaticBaseOptions(options));
  }

  describeCluster(): Promise<ClusterDescription> {
    return mapErrors('describeCluster', async () => {
      const [metadata, apis] = await Promise.all([this.#admin.metadata({ topics: [], forceUpdate: true }), this.#admin.listApis()]);
      return {
        clusterId: metadata.id || undefined,
        brokerIds: [...metadata.brokers.keys()].sort((a, b) => a - b),
        apis: apis.map((a) => ({ apiKey: a.apiKey, minVersion: a.minVersion, maxVersion: a.maxVersion })),
      };
    });
  }

  listTopics(options: { includeInternal?: boolean } = {}): Promise<TopicInfo[]> {
    return mapErrors('listTopics', async () => {
      const layouts = await topicLayouts(await this.#anyConnection());
      return [...layouts]
        .filter(([, t]) => options.includeInternal || !t.internal)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([name, t]) => ({ name, partitions: t.partitions }));
    });
  }

  partitionCounts(): Promise<Map<string, number>> {
    return mapErrors('partitionCounts', async () => topicPartitionCounts(await this.#anyConnection()));
  }

  async #anyConnection() {
    const { brokers } = await this.#admin.metadata({ topics: [] });
    return this.#admin.connections.getFirstAvailable([...brokers.values()]);
  }

  createTopics(topics: NewTopic[]): Promise<void> {
    // One request per set of configs: the library gives each topic its own partitions and replicas but
    // one list of configs to all the topics of a request. A migration's topics mostly share a few.
    return mapErrors('createTopics', async () => {
      for (const sharing of Map.groupBy(topics, (t) => configsKey(t.configs)).values()) {
        await this.#admin.createTopics({
          topics: sharing.map((t) => ({ topic: t.name, partitions: t.partitions, replicas: t.replicationFactor })),
          configs: Object.entries(sharing[0]!.configs ?? {}).map(([name, value]) => ({ name, value })),
        });
      }
    });
  }

  createPartitions(changes: Array<{ topic: string; totalCount: number }>): Promise<void> {
    return mapErrors('createPartitions', () => this.#admin.createPartitions({ topics: changes.map((c) => ({ name: c.topic, count: c.totalCount })) }));
  }

  describeConfigs(topics: string[]): Promise<TopicConfigs[]> {
    return mapErrors('describeConfigs', async () => {
      // No configurationKeys: null asks for all keys; an empty list means "none" on Kafka 2.6.
      const described = await this.#admin.describeConfigs({ resources: topics.map((resourceName) => ({ resourceType: ConfigResourceTypes.TOPIC, resourceName })) });
      return described.map((d) => ({
        topic: d.resourceName,
        entries: d.configs.map((c) => ({ name: c.name, value: c.value ?? null, source: configSources.get(c.configSource) ?? 'unknown', readOnly: c.readOnly, sensitive: c.isSensitive })),
      }));
    });
  }

  incrementalAlterConfigs(topic: string, changes: ConfigChange[]): Promise<void> {
    return mapErrors('incrementalAlterConfigs', () => this.#admin.incrementalAlterConfigs({
      resources: [{
        resourceType: ConfigResourceTypes.TOPIC, resourceName: topic,
        configs: changes.map((c) => c.op === 'set'
          ? { name: c.name, configOperation: IncrementalAlterConfigOperationTypes.SET, value: c.value }
          : { name: c.name, configOperation: IncrementalAlterConfigOperationTypes.DELETE }),
      }],
    }));
  }

  describeAcls(filter: AclFilter): Promise<AclBinding[]> {
    return mapErrors('describeAcls', async () => {
      const resources = await this.#admin.describeAcls({ filter: toLibraryFilter(filter) });
      return resources.flatMap((r) => r.acls.map((a) => fromLibraryAcl({ ...r, ...a })));
    });
  }

  createAcls(bindings: AclBinding[]): Promise<void> {
    return mapErrors('createAcls', () => this.#admin.createAcls({ creations: bindings.map(toLibraryAcl) }));
  }

  deleteAcls(filters: AclFilter[]): Promise<AclBinding[]> {
    return mapErrors('deleteAcls', async () => (await this.#admin.deleteAcls({ filters: filters.map(toLibraryFilter) })).map(fromLibraryAcl));
  }

  listConsumerGroups(): Promise<GroupListing[]> {
    return mapErrors('listConsumerGroups', async () => [...(await this.#admin.listGroups()).values()]
      .filter((g) => CONSUMER_PROTOCOL_TYPES.has(g.protocolType))
      .map((g) => ({ groupId: g.id, state: groupState(g.state), protocolType: g.protocolType })));
  }

  describeGroups(groupIds: string[]): Promise<GroupDescription[]> {
    return mapErrors('describeGroups', async () => [...(await this.#admin.describeGroups({ groups: groupIds })).values()].map((g) => ({
      groupId: g.id,
      state: groupState(g.state),
      members: [...g.members.values()].map((m) => ({ memberId: m.id, clientId: m.clientId, host: m.clientHost })),
    })));
  }

  listGroupOffsets(groupId: string): Promise<PartitionOffset[]> {
    return mapErrors('listGroupOffsets', async () => {
      const [group] = await this.#admin.listConsumerGroupOffsets({ groups: [groupId] });
      // -1 means "no committed offset" for a partition listed in the group.
      return (group?.topics ?? []).flatMap((t) => t.partitions.filter((p) => p.committedOffset >= 0n).map((p) => ({ topic: t.name, partition: p.partitionIndex, offset: p.committedOffset })));
    });
  }

  alterGroupOffsets(groupId: string, offsets: PartitionOffset[]): Promise<void> {
    const byTopic = new Map<string, Array<{ partition: number; offset: bigint }>>();
    for (const o of offsets) byTopic.set(o.topic, [...(byTopic.get(o.topic) ?? []), { partition: o.partition, offset: o.offset }]);
    return mapErrors('alterGroupOffsets', () => this.#admin.alterConsumerGroupOffsets({
      groupId, topics: [...byTopic].map(([name, partitionOffsets]) => ({ name, partitionOffsets })),
    }));
  }

  listOffsets(partitions: TopicPartition[], at: 'earliest' | 'latest'): Promise<PartitionOffset[]> {
    const timestamp = at === 'earliest' ? ListOffsetTimestamps.EARLIEST : ListOffsetTimestamps.LATEST;
    const byTopic = new Map<string, number[]>();
    for (const p of partitions) byTopic.set(p.topic, [...(byTopic.get(p.topic) ?? []), p.partition]);
    return mapErrors('listOffsets', async () => {
      const listed = await this.#admin.listOffsets({
        topics: [...byTopic].map(([name, ps]) => ({ name, partitions: ps.map((partitionIndex) => ({ partitionIndex, timestamp })) })),
      });
      // Brokers answer in any order; callers get topic, then partition order.
      return listed
        .flatMap((t) => t.partitions.map((p) => ({ topic: t.name, partition: p.partitionIndex, offset: p.offset })))
        .sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
    });
  }

  close(): Promise<void> {
    return mapErrors('close', () => this.#admin.close());
  }
}

/** The configs as one comparable string, whatever order their keys were given in. */
const configsKey = (configs: Record<string, string> | undefined): string => JSON.stringify(Object.entries(configs ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

