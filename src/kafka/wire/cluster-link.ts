import { Admin, type Connection } from '@platformatic/kafka';
import type { KafkaConnectOptions } from '../kafka-client.port.ts';
import { platformaticBaseOptions } from '../platformatic-options.ts';

/**
 * How to reach one cluster, whoever connects (the data path here, the admin port elsewhere).
 * Credentials are values in memory only: never logged, never in errors.
 */
export type ClusterAccess = Omit<KafkaConnectOptions, 'clientId'>;

export interface PartitionLeader {
  topic: string;
  partition: number;
  leader: number;
}

/**
 * One cluster as the data path sees it: metadata (who leads which partition) and a connection per
 * broker, both from the library's client; the requests sent over them are built by the data path.
 */
export class ClusterLink {
  readonly client: Admin;

  constructor(access: ClusterAccess, clientId: string) {
    this.client = new Admin({ ...platformaticBaseOptions({ ...access, clientId }), requestTimeout: 30_000, connectTimeout: 10_000 });
  }

  /** Topic name -> partition count for every topic of the cluster (internal ones included). */
  async topics(): Promise<Map<string, number>> {
    const names = await this.client.listTopics({ includeInternals: true });
    if (names.length === 0) return new Map();
    const meta = await this.client.metadata({ topics: names, forceUpdate: true });
    // A topic deleted between the two calls has no metadata; it is simply not there.
    return new Map([...meta.topics].filter(([, t]) => t !== undefined).map(([name, t]) => [name, t.partitionsCount]));
  }

  /** Leaders of the given topics' partitions, fresh from the cluster. */
  async leaders(topics: string[]): Promise<PartitionLeader[]> {
    if (topics.length === 0) return [];
    const meta = await this.client.metadata({ topics, forceUpdate: true });
    return [...meta.topics].filter(([, t]) => t !== undefined).flatMap(([topic, t]) => t.partitions.map((p, partition) => ({ topic, partition, leader: p.leader })));
  }

  /** The cluster's id, as brokers report it in metadata (Kafka 2.6 included). */
  async clusterId(): Promise<string> {
    return (await this.client.metadata({ topics: [] })).id;
  }

  async connectionTo(nodeId: number): Promise<Connection> {
    const meta = await this.client.metadata({ topics: [] });
    const broker = meta.brokers.get(nodeId);
    if (!broker) throw new Error(`broker ${nodeId} is not in the cluster's metadata`);
    return this.client.connections.get(broker);
  }

  async connectionToHost(host: string, port: number): Promise<Connection> {
    return this.client.connections.get({ host, port });
  }

  /** Any live broker, for requests that any broker answers (InitProducerId without a transactional id, FindCoordinator). */
  async anyConnection(): Promise<Connection> {
    const meta = await this.client.metadata({ topics: [] });
    return this.client.connections.getFirstAvailable([...meta.brokers.values()]);
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}
