import { type ClusterLink, type FetchedPartition, fetchInSession, type FetchOptions, type FetchPosition, FetchSession, KafkaErrorCode, ReadCommitted } from '../../kafka/index.ts';
import type { SourcePartition } from '../assignment.ts';
import { PartitionTable } from '../partition-table.ts';

export interface FetchLimits {
  /**
   * Upper bound of one round's fetch, all leaders together: split evenly between the brokers asked, so
   * the worker's memory does not grow with the number of partitions or brokers (KIP-74: a broker may
   * still send one larger first batch whole).
   */
  maxBytes: number;
  /** Upper bound per partition; a larger first batch still comes whole (KIP-74). */
  partitionMaxBytes: number;
  /** How long a broker may hold a fetch open waiting for data. */
  maxWaitMs: number;
  /** How much a broker waits for (up to maxWaitMs) before it answers. */
  minBytes: number;
}

export const defaultFetchLimits: FetchLimits = { maxBytes: 16 * 1024 * 1024, partitionMaxBytes: 1024 * 1024, maxWaitMs: 500, minBytes: 1 };

/** What an ExactlyOnce fetch waits for, up to maxWaitMs (see patientFetchLimits). */
const EXACTLY_ONCE_MIN_BYTES = 1024 * 1024;

/**
 * The limits a worker fetches with. AtLeastOnce answers at the first record: latency is all it costs.
 * ExactlyOnce records wait for the interval's commit anyway, so a fetch may wait up to maxWaitMs for a
 * megabyte: at a trickle over thousands of partitions each fetch then carries half a second of records
 * instead of a few, and what is done per fetch (the request, the answer, a pass over every assigned
 * partition) falls with the number of fetches, ~15 a second to ~2. Not when the interval is so short
 * that the wait would be a good part of it.
 */
export function patientFetchLimits(limits: FetchLimits, delivery: 'ExactlyOnce' | 'AtLeastOnce', commitIntervalMs: number): FetchLimits {
  if (delivery !== 'ExactlyOnce' || commitIntervalMs < 2 * limits.maxWaitMs) return limits;
  return { ...limits, minBytes: Math.min(EXACTLY_ONCE_MIN_BYTES, limits.maxBytes) };
}

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
 * A broker fills a fetch response in the order of the request until maxBytes, so a fixed order would
 * starve the partitions at the end while those at the front have a backlog; each fetch starts one
 * partition further on, as Kafka's own consumer rotates its fetch order.
 */
export function rotate<T>(list: T[], turn: number): T[] {
  const start = turn % list.length;
  return start === 0 ? list : [...list.slice(start), ...list.slice(0, start)];
}

/** One broker's fetch session, and the fetch to it in flight: the next waits for it (fetch-session.ts). */
interface BrokerSession {
  session: FetchSession;
  last: Promise<unknown>;
}

/**
 * Reads the assigned source partitions at explicit offsets, read_committed, without a consumer group:
 * one fetch per leader broker, all in parallel, the records kept as the bytes the broker sent. Each
 * broker is read through an incremental fetch session, so a fetch names only the partitions whose
 * position moved and its answer holds only the partitions with news: a partition missing from what
 * `fetch` returns has nothing new (no records, the same high watermark) since it was last returned.
 */
export class SourceReader {
  readonly #link: ClusterLink;
  readonly #limits: FetchLimits;
  /** Each partition's leader (looked up for every partition of every fetch). */
  readonly #leaders = new PartitionTable<number>();
  readonly #sessions = new Map<number, BrokerSession>();
  /** Counts fetches, to start each at another partition. */
  #turn = 0;

  constructor(link: ClusterLink, limits: FetchLimits = defaultFetchLimits) {
    this.#link = link;
    this.#limits = limits;
  }

  async fetch(positions: Array<SourcePartition & { offset: number }>): Promise<FetchedPartition[]> {
    if (positions.length === 0) return [];
    await this.#resolveLeaders(positions);
    const byLeader = new Map<number, Array<SourcePartition & { offset: number }>>();
    for (const p of positions) {
      const leader = this.#leaderOf(p)!;
      const parts = byLeader.get(leader);
      if (parts) parts.push(p);
      else byLeader.set(leader, [p]);
    }
    const maxBytes = Math.ceil(this.#limits.maxBytes / byLeader.size);
    const turn = this.#turn++;
    const responses = await Promise.all(
      [...byLeader].map(async ([leader, parts]) => {
        try {
          return await this.#fetchFrom(
            leader,
            { maxWaitMs: this.#limits.maxWaitMs, minBytes: Math.min(this.#limits.minBytes, maxBytes), maxBytes, isolationLevel: ReadCommitted },
            rotate(parts, turn),
          );
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

  /** One fetch from `leader` in its session, after the one in flight to it; sent again whole if the broker lost the session. */
  #fetchFrom(leader: number, options: FetchOptions, positions: FetchPosition[]): Promise<FetchedPartition[]> {
    let broker = this.#sessions.get(leader);
    if (!broker) this.#sessions.set(leader, (broker = { session: new FetchSession(), last: Promise.resolve() }));
    const { session } = broker;
    const fetched = broker.last.then(async () => {
      const first = await this.#sendInSession(leader, session, options, positions);
      // A whole request opens a new session, which a broker does not refuse: one more try is enough.
      return first.again ? (await this.#sendInSession(leader, session, options, positions)).partitions : first.partitions;
    });
    broker.last = fetched.catch(() => undefined);
    return fetched;
  }

  /** One request in `session`; `again` when the broker refused it for its session alone. */
  async #sendInSession(leader: number, session: FetchSession, options: FetchOptions, positions: FetchPosition[]): Promise<{ partitions: FetchedPartition[]; again: boolean }> {
    const connection = await this.#link.connectionTo(leader);
    const res = await fetchInSession(connection, options, session.next(positions, this.#limits.partitionMaxBytes)).catch((err: unknown) => {
      // Whether the broker applied the request is unknown: only a new session is sure to hold our offsets.
      session.reset();
      throw err;
    });
    return { partitions: res.partitions, again: session.answered(res.errorCode, res.sessionId) };
  }

  #leaderOf(p: SourcePartition): number | undefined {
    return this.#leaders.get(p.topic, p.partition);
  }

  async #resolveLeaders(positions: SourcePartition[]): Promise<void> {
    const missing = new Set<string>();
    for (const p of positions) if (this.#leaderOf(p) === undefined) missing.add(p.topic);
    if (missing.size === 0) return;
    for (const l of await this.#link.leaders([...missing])) this.#leaders.set(l.topic, l.partition, l.leader);
    const unknown = positions.find((p) => (this.#leaderOf(p) ?? -1) < 0);
    if (unknown) throw new Error(`source partition ${unknown.topic}/${unknown.partition} has no leader`);
  }
}
