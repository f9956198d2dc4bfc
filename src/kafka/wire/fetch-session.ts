import { KafkaErrorCode } from './kafka-error-codes.ts';

/** One partition of a fetch: where to read and how much at most. */
export interface FetchPartitionRequest {
  topic: string;
  partition: number;
  offset: number;
  maxBytes: number;
}

/** A partition to read, at its position. */
export interface FetchPosition {
  topic: string;
  partition: number;
  offset: number;
}

/** A partition's entry in the broker's session, and the last request that named it. */
interface Held {
  offset: number;
  maxBytes: number;
  request: number;
}

/** What one fetch request carries of its session (KIP-227). */
export interface SessionRequest {
  sessionId: number;
  /** 0: a whole request that opens a session (and closes `sessionId`'s, if any); -1: no session at all. */
  epoch: number;
  /** Whole request: every partition; within a session: only those whose offset or size changed. */
  partitions: FetchPartitionRequest[];
  /** Partitions the session holds that this request no longer reads. */
  forgotten: Array<{ topic: string; partition: number }>;
}

/** The broker lost the session or saw an epoch out of order: the next request must be whole. */
const SESSION_ERRORS = new Set<number>([KafkaErrorCode.FETCH_SESSION_ID_NOT_FOUND, KafkaErrorCode.INVALID_FETCH_SESSION_EPOCH]);

/** Epochs run 1..2^31-1 and wrap to 1: 0 opens a session, -1 means none. */
export const nextEpoch = (epoch: number): number => (epoch === 0x7fffffff ? 1 : epoch + 1);

/**
 * The client's half of one broker's incremental fetch session (KIP-227, Kafka >= 1.1). A broker
 * keeps, per session, each partition's fetch offset as the client last sent it; a request then names
 * only the partitions whose offset moved, and the answer only the partitions with records, a new
 * high watermark or log start, or an error. At a trickle over 2,000 partitions that is a few entries
 * each way instead of 2,000, which is what Kafka's own consumer does.
 *
 * The broker serves a request at the offsets it holds, so this record of what it holds must never be
 * wrong: requests go one at a time (the caller awaits each answer before the next), and any failure
 * whose effect on the broker is unknown starts a new session.
 */
export class FetchSession {
  #id = 0;
  /** The epoch of the next request: 0 until the broker has given the session an id. */
  #epoch = 0;
  /**
   * Each partition's entry as the broker's session holds it once the request built last is applied,
   * by topic and partition. Updated in place: the worker builds a request many times a second over
   * thousands of partitions, and a request at a trickle changes a few of them.
   */
  readonly #held = new Map<string, Map<number, Held>>();
  #heldCount = 0;
  #requests = 0;

  /**
   * The request that reads `positions`, `maxBytes` at most from each. Call `answered` or `reset`
   * before building the next.
   */
  next(positions: readonly FetchPosition[], maxBytes: number): SessionRequest {
    const request = ++this.#requests;
    const whole = this.#epoch === 0;
    if (whole) {
      this.#held.clear();
      this.#heldCount = 0;
    }
    const changed: FetchPartitionRequest[] = [];
    for (const { topic, partition, offset } of positions) {
      let byPartition = this.#held.get(topic);
      if (!byPartition) this.#held.set(topic, (byPartition = new Map()));
      const held = byPartition.get(partition);
      if (held === undefined) {
        byPartition.set(partition, { offset, maxBytes, request });
        this.#heldCount++;
      } else {
        held.request = request;
        if (held.offset === offset && held.maxBytes === maxBytes) continue;
        held.offset = offset;
        held.maxBytes = maxBytes;
      }
      changed.push({ topic, partition, offset, maxBytes });
    }
    // Every partition named once: the session holds more only when some were left out.
    const forgotten = this.#heldCount > positions.length ? this.#forget(request) : [];
    this.#heldCount = positions.length;
    return { sessionId: this.#id, epoch: whole ? 0 : this.#epoch, partitions: changed, forgotten };
  }

  /** Drops from the session the partitions that request `request` did not name. */
  #forget(request: number): Array<{ topic: string; partition: number }> {
    const forgotten: Array<{ topic: string; partition: number }> = [];
    for (const [topic, byPartition] of this.#held) {
      for (const [partition, held] of byPartition) {
        if (held.request === request) continue;
        byPartition.delete(partition);
        forgotten.push({ topic, partition });
      }
      if (byPartition.size === 0) this.#held.delete(topic);
    }
    return forgotten;
  }

  /**
   * The broker's answer to the request `next` built: its top-level error and session id. Returns
   * true when the request was refused for its session alone, so it is worth sending again whole.
   */
  answered(errorCode: number, sessionId: number): boolean {
    if (errorCode !== KafkaErrorCode.NONE) {
      this.reset();
      return SESSION_ERRORS.has(errorCode);
    }
    if (this.#epoch === 0) {
      // A broker whose session cache is full answers with id 0: the next request is whole again.
      this.#id = sessionId;
      this.#epoch = sessionId === 0 ? 0 : 1;
    } else {
      this.#epoch = nextEpoch(this.#epoch);
    }
    return false;
  }

  /** The next request is whole; it also closes the session the broker may still hold for us. */
  reset(): void {
    this.#epoch = 0;
  }
}
