import { Admin, type Connection, ConnectionPool, type ConnectionOptions } from '@platformatic/kafka';
import type { KafkaConnectOptions } from './kafka-client.port.ts';
import { platformaticBaseOptions } from './platformatic-options.ts';
import { KafkaErrorCode } from './wire/kafka-error-codes.ts';
import { listOffsetsRaw } from './wire/raw-list-offsets.ts';
import { topicLayouts, topicPartitionCounts, type TopicLayout } from './wire/raw-metadata.ts';

/**
 * How to reach one cluster, whoever connects (the data path here, the admin port elsewhere).
 * Credentials are values in memory only: never logged, never in errors.
 */
export type ClusterAccess = Omit<KafkaConnectOptions, 'clientId'>;

/** A connection to one broker, for the requests the data path builds (src/kafka/wire); opaque outside src/kafka. */
export type BrokerConnection = Connection;

export interface PartitionLeader {
  topic: string;
  partition: number;
  leader: number;
}

/** ListOffsets timestamps: the log start, and the end (the last stable offset under read_committed). */
export const EARLIEST = -2n;
export const LATEST = -1n;

/**
 * One cluster as the data path sees it: metadata (who leads which partition), the few admin calls the
 * data path makes on its own topics, and a connection per broker, all from the library's client. The
 * client itself stays inside: callers get answers in the project's types, never the library's objects.
 */
export class ClusterLink {
  readonly #client: Admin;
  readonly #options: ConnectionOptions;
  readonly #clientId: string;
  /** Further connections per broker (lanes 1, 2, ...), made on first use; lane 0 is the client's own. */
  readonly #lanes: ConnectionPool[] = [];
  /** The bootstrap servers, to name the cluster in what the user reads. */
  readonly servers: string;

  constructor(access: ClusterAccess, clientId: string) {
    this.servers = access.bootstrapServers.join(',');
    this.#clientId = clientId;
    const options = { ...platformaticBaseOptions({ ...access, clientId }), requestTimeout: 30_000, connectTimeout: 10_000 };
    this.#options = options as ConnectionOptions;
    this.#client = new Admin(options);
  }

  /**
   * Topic name -> partition count for every topic of the cluster (internal ones included), or for the
   * `named` ones that exist, in one request. Naming them keeps the broker's answer (and its work) to
   * the job's own topics on a cluster that holds many other jobs' topics.
   */
  async topics(named?: readonly string[]): Promise<Map<string, number>> {
    if (named?.length === 0) return new Map();
    return topicPartitionCounts(await this.anyConnection(), named);
  }

  /** Every topic name, internal ones included. */
  async topicNames(): Promise<string[]> {
    return [...(await this.topics()).keys()];
  }

  /**
   * The named topics' partitions with their leaders and replicas, in one Metadata request and without
   * retries: a topic the broker cannot describe now (absent, mid-creation) is left out.
   */
  async layouts(topics: readonly string[]): Promise<Map<string, TopicLayout>> {
    return topics.length === 0 ? new Map() : topicLayouts(await this.anyConnection(), { topics, skipFailed: true });
  }

  /** Leaders of the given topics' partitions, fresh from the cluster. */
  async leaders(topics: string[]): Promise<PartitionLeader[]> {
    if (topics.length === 0) return [];
    const meta = await this.#client.metadata({ topics, forceUpdate: true });
    return [...meta.topics].filter(([, t]) => t !== undefined).flatMap(([topic, t]) => t.partitions.map((p, partition) => ({ topic, partition, leader: p.leader })));
  }

  /** The cluster's id, as brokers report it in metadata (Kafka 2.6 included). */
  async clusterId(): Promise<string> {
    return (await this.#client.metadata({ topics: [] })).id;
  }

  /** Whether the cluster answers a metadata request (asked afresh, not from the client's cache) within `timeoutMs`. */
  async answers(timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    const asked = this.#client.metadata({ topics: [], forceUpdate: true }).then(() => true, () => false);
    try {
      return await Promise.race([asked, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  async brokerCount(): Promise<number> {
    return (await this.#client.metadata({ topics: [] })).brokers.size;
  }

  /** Creates one topic; the library's errors (e.g. already exists, not authorized) are thrown as they are. */
  async createTopic(topic: { name: string; partitions: number; replicas: number; configs: Record<string, string> }): Promise<void> {
    await this.#client.createTopics({
      topics: [topic.name],
      partitions: topic.partitions,
      replicas: topic.replicas,
      configs: Object.entries(topic.configs).map(([name, value]) => ({ name, value })),
    });
  }

  /**
   * ListOffsets for many partitions: "topic:partition" -> offset. Read_committed, LATEST gives the last
   * stable offset, the end of what a mirror (or any read_committed consumer) can read; read_uncommitted,
   * the high watermark, which open transactions' records count in.
   */
  async listOffsets(partitions: Array<{ topic: string; partition: number }>, at: bigint, isolation: 'read_committed' | 'read_uncommitted' = 'read_committed'): Promise<Map<string, number>> {
    if (partitions.length === 0) return new Map();
    const byTopic = new Map<string, number[]>();
    for (const p of partitions) byTopic.set(p.topic, [...(byTopic.get(p.topic) ?? []), p.partition]);
    const listed = await this.#client.listOffsets({
      topics: [...byTopic].map(([name, parts]) => ({ name, partitions: parts.map((partitionIndex) => ({ partitionIndex, timestamp: at })) })),
      isolationLevel: isolation === 'read_committed' ? 1 : 0,
    });
    return new Map(listed.flatMap((t) => t.partitions.map((p) => [`${t.name}:${p.partitionIndex}`, Number(p.offset)] as [string, number])));
  }

  /**
   * Like listOffsets, but each partition answers for itself: "topic:partition" -> offset for those that
   * answered, and the Kafka error code of those that did not (a partition whose log is not made yet, a
   * topic not listed yet, a leader that cannot be reached). One request per leader, none retried.
   */
  async offsetsEach(partitions: ReadonlyArray<{ topic: string; partition: number }>, at: bigint, isolation: 'read_committed' | 'read_uncommitted' = 'read_committed'): Promise<{ offsets: Map<string, number>; refused: Map<string, number> }> {
    const offsets = new Map<string, number>();
    const refused = new Map<string, number>();
    if (partitions.length === 0) return { offsets, refused };
    const layouts = await this.layouts([...new Set(partitions.map((p) => p.topic))]);
    const leaderOf = (p: { topic: string; partition: number }): number => {
      const described = layouts.get(p.topic)?.partitions[p.partition]; // sorted, and a topic's partitions are 0..n-1
      return described?.partition === p.partition ? described.leader : -1;
    };
    const byLeader = Map.groupBy(partitions, leaderOf);
    for (const p of byLeader.get(-1) ?? []) refused.set(`${p.topic}:${p.partition}`, KafkaErrorCode.LEADER_NOT_AVAILABLE);
    byLeader.delete(-1);
    await Promise.all([...byLeader].map(async ([leader, asked]) => {
      try {
        const listed = await listOffsetsRaw(await this.connectionTo(leader), asked, at, isolation === 'read_committed');
        for (const l of listed) {
          if (l.errorCode === 0) offsets.set(`${l.topic}:${l.partition}`, l.offset);
          else refused.set(`${l.topic}:${l.partition}`, l.errorCode);
        }
      } catch {
        for (const p of asked) refused.set(`${p.topic}:${p.partition}`, KafkaErrorCode.NETWORK_EXCEPTION);
      }
    }));
    return { offsets, refused };
  }

  /**
   * A connection to broker `nodeId`. A broker handles one request of a connection at a time, so
   * requests that may run side by side (writes to different partitions) go on different `lane`s.
   */
  async connectionTo(nodeId: number, lane = 0): Promise<BrokerConnection> {
    const meta = await this.#client.metadata({ topics: [] });
    const broker = meta.brokers.get(nodeId);
    if (!broker) throw new Error(`broker ${nodeId} is not in the cluster's metadata`);
    if (lane === 0) return this.#client.connections.get(broker);
    this.#lanes[lane - 1] ??= new ConnectionPool(this.#clientId, this.#options);
    return this.#lanes[lane - 1]!.get(broker);
  }

  async connectionToHost(host: string, port: number): Promise<BrokerConnection> {
    return this.#client.connections.get({ host, port });
  }

  /** Any live broker, for requests that any broker answers (InitProducerId without a transactional id, FindCoordinator). */
  async anyConnection(): Promise<BrokerConnection> {
    const meta = await this.#client.metadata({ topics: [] });
    return this.#client.connections.getFirstAvailable([...meta.brokers.values()]);
  }

  async close(): Promise<void> {
    await Promise.all([this.#client.close(), ...this.#lanes.map((pool) => pool.close())]);
  }
}
