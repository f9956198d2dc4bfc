/**
 * The bench's view of a cluster's topics: create, delete (and wait until gone), count, end offsets.
 * Thin over the project's admin adapter; deleting topics is not part of the product's port.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Admin } from '@platformatic/kafka';
import { mapLimit } from '../src/sync/concurrency.ts';
import { ClusterLink, LATEST } from '../src/kafka/index.ts';
import type { PlatformaticAdmin } from '../src/kafka/platformatic-admin.adapter.ts';
import { accessOf } from '../test/helpers/kafka/access.ts';
import type { KafkaCluster } from '../test/helpers/kafka/kafka-cluster.ts';
import { waitFor } from '../test/helpers/processes.ts';
import { adminOf } from '../test/helpers/sync/sync-job.ts';

export interface TopicLayout {
  name: string;
  partitions: number;
}

export class ClusterAdmin {
  readonly #admin: PlatformaticAdmin;
  readonly #raw: Admin;
  readonly #link: ClusterLink;
  readonly cluster: KafkaCluster;

  constructor(cluster: KafkaCluster) {
    this.cluster = cluster;
    this.#admin = adminOf(cluster, `bench-${cluster.name}`);
    this.#raw = new Admin({ clientId: `bench-${cluster.name}-delete`, bootstrapBrokers: accessOf(cluster).bootstrapServers });
    this.#link = new ClusterLink(accessOf(cluster), `bench-${cluster.name}-ends`);
  }

  /** Partition counts of the listed topics whose names pass `filter`. */
  async partitionCounts(filter: (name: string) => boolean): Promise<Map<string, number>> {
    const topics = await this.#admin.listTopics();
    return new Map(topics.filter((t) => filter(t.name)).map((t) => [t.name, t.partitions.length]));
  }

  /** Creates the topics (16 requests in flight) and waits until the broker lists them all. */
  async createTopics(layout: readonly TopicLayout[], configs: Record<string, string> = {}): Promise<void> {
    await mapLimit(layout, 16, (t) => this.#admin.createTopics([{ name: t.name, partitions: t.partitions, replicationFactor: 1, configs }]));
    const names = new Set(layout.map((t) => t.name));
    await waitFor(`${this.cluster.name} to list ${names.size} new topics`, async () => ((await this.partitionCounts((n) => names.has(n))).size === names.size ? true : undefined), { timeoutMs: 120_000, intervalMs: 500 });
  }

  /**
   * Deletes the topics that exist among `names` and waits until none is listed and the broker has
   * removed their logs from disk: it does that in the background, and hundreds of partitions take it
   * seconds of CPU that would land in the next measured run.
   */
  async deleteTopics(names: readonly string[]): Promise<void> {
    const wanted = new Set(names);
    const existing = [...(await this.partitionCounts((n) => wanted.has(n))).keys()];
    for (let i = 0; i < existing.length; i += 100) await this.#raw.deleteTopics({ topics: existing.slice(i, i + 100) });
    await waitFor(`${this.cluster.name} to delete ${existing.length} topics`, async () => ((await this.partitionCounts((n) => wanted.has(n))).size === 0 ? true : undefined), { timeoutMs: 120_000, intervalMs: 500 });
    // A deleted partition's directory is renamed to <topic>-<partition>.<id>-delete until it is removed.
    const logDir = join(this.cluster.dir, 'kafka');
    await waitFor(`${this.cluster.name} to remove the logs of ${existing.length} deleted topics`, async () => (readdirSync(logDir).some((d) => d.endsWith('-delete')) ? undefined : true), { timeoutMs: 120_000, intervalMs: 250 });
  }

  /** A fresh copy of each topic: deleted if present, then created empty. */
  async recreateTopics(layout: readonly TopicLayout[]): Promise<void> {
    await this.deleteTopics(layout.map((t) => t.name));
    await this.createTopics(layout);
  }

  /** Sets and removes (back to the broker's default) configs of one topic. */
  async alterTopicConfigs(topic: string, changes: { set?: Record<string, string>; remove?: string[] }): Promise<void> {
    await this.#admin.incrementalAlterConfigs(topic, [
      ...Object.entries(changes.set ?? {}).map(([name, value]) => ({ name, op: 'set' as const, value })),
      ...(changes.remove ?? []).map((name) => ({ name, op: 'delete' as const })),
    ]);
  }

  /** The end offset (high watermark) of every partition of the topics, keyed `topic:partition`; throws when one cannot tell it. */
  async endOffsets(layout: readonly TopicLayout[]): Promise<Map<string, number>> {
    const { offsets, refused } = await this.#ends(layout);
    const [first] = refused;
    if (first) throw new Error(`${this.cluster.name}: ${refused.size} partitions could not tell their end offset (${first[0]}: Kafka error ${first[1]})`);
    return offsets;
  }

  /**
   * The end offsets of the partitions that can tell theirs now: one a mirror has just created may not
   * have its log yet, and it is left out while the others count.
   */
  async endOffsetsSoFar(layout: readonly TopicLayout[]): Promise<Map<string, number>> {
    return (await this.#ends(layout)).offsets;
  }

  #ends(layout: readonly TopicLayout[]) {
    const partitions = layout.flatMap((t) => Array.from({ length: t.partitions }, (_, partition) => ({ topic: t.name, partition })));
    return this.#link.offsetsEach(partitions, LATEST, 'read_uncommitted');
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.#admin.close(), this.#raw.close(), this.#link.close()]);
  }
}
