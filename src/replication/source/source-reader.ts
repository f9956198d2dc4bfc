import type { ClusterLink } from '../../kafka/wire/cluster-link.ts';
import { KafkaErrorCode } from '../../kafka/wire/kafka-error-codes.ts';
import { fetchRaw, ReadCommitted, type FetchedPartition } from '../../kafka/wire/raw-fetch.ts';
import { partitionKey, type SourcePartition } from '../assignment.ts';

export interface FetchLimits {
  /** Upper bound of one fetch response per broker. */
  maxBytes: number;
  /** Upper bound per partition; a larger first batch still comes whole (KIP-74). */
  partitionMaxBytes: number;
  /** How long a broker may hold a fetch open waiting for data. */
  maxWaitMs: number;
}

export const defaultFetchLimits: FetchLimits = { maxBytes: 32 * 1024 * 1024, partitionMaxBytes: 4 * 1024 * 1024, maxWaitMs: 500 };

/** Errors after which the leader is looked up again before the next fetch. */
const STALE_LEADER = new Set<number>([
  KafkaErrorCode.NOT_LEADER_OR_FOLLOWER,
  KafkaErrorCode.LEADER_NOT_AVAILABLE,
  KafkaErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
  KafkaErrorCode.FENCED_LEADER_EPOCH,
  KafkaErrorCode.UNKNOWN_LEADER_EPOCH,
  KafkaErrorCode.KAFKA_STORAGE_ERROR,
]);

/**
 * Reads the assigned source partitions at explicit offsets, read_committed, without a consumer group:
 * one fetch per leader broker, all in parallel, the records kept as the bytes the broker sent.
 */
export class SourceReader {
  readonly #link: ClusterLink;
  readonly #limits: FetchLimits;
  #leaders = new Map<string, number>();

  constructor(link: ClusterLink, limits: FetchLimits = defaultFetchLimits) {
    this.#link = link;
    this.#limits = limits;
  }

  async fetch(positions: Array<SourcePartition & { offset: number }>): Promise<FetchedPartition[]> {
    if (positions.length === 0) return [];
    await this.#resolveLeaders(positions);
    const byLeader = new Map<number, Array<SourcePartition & { offset: number }>>();
    for (const p of positions) {
      const leader = this.#leaders.get(partitionKey(p))!;
      byLeader.set(leader, [...(byLeader.get(leader) ?? []), p]);
    }
    const responses = await Promise.all(
      [...byLeader].map(async ([leader, parts]) => {
        try {
          const connection = await this.#link.connectionTo(leader);
          const res = await fetchRaw(
            connection,
            { maxWaitMs: this.#limits.maxWaitMs, minBytes: 1, maxBytes: this.#limits.maxBytes, isolationLevel: ReadCommitted },
            parts.map((p) => ({ topic: p.topic, partition: p.partition, offset: BigInt(p.offset), maxBytes: this.#limits.partitionMaxBytes })),
          );
          return res.partitions;
        } catch (err) {
          this.#leaders.clear();
          throw err;
        }
      }),
    );
    const fetched = responses.flat();
    if (fetched.some((p) => STALE_LEADER.has(p.errorCode))) this.#leaders.clear();
    return fetched;
  }

  async #resolveLeaders(positions: SourcePartition[]): Promise<void> {
    const missing = [...new Set(positions.filter((p) => !this.#leaders.has(partitionKey(p))).map((p) => p.topic))];
    if (missing.length === 0) return;
    for (const l of await this.#link.leaders(missing)) this.#leaders.set(partitionKey(l), l.leader);
    const unknown = positions.find((p) => (this.#leaders.get(partitionKey(p)) ?? -1) < 0);
    if (unknown) throw new Error(`source partition ${unknown.topic}/${unknown.partition} has no leader`);
  }
}
