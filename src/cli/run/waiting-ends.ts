import { LATEST } from '../../kafka/index.ts';
import type { ClusterLink } from '../../kafka/index.ts';
import { partitionKey } from '../../replication/assignment.ts';
import type { PartitionState } from '../../replication/partition-state.ts';

/** How often the source's end offsets of waiting partitions are read again: cheap, but not every display tick. */
const REFRESH_MS = 2_000;

/**
 * Source end offsets of the partitions waiting for their target topic. The replicator does not fetch
 * them, so without this a topic the target lacks (a conflict, or not created yet) would show lag 0
 * while all its records wait. A failed read keeps the last values: the next one tries again.
 */
export class WaitingEnds {
  readonly #source: ClusterLink;
  #ends: ReadonlyMap<string, number> = new Map();
  #readAt = 0;

  constructor(source: ClusterLink) {
    this.#source = source;
  }

  get ends(): ReadonlyMap<string, number> {
    return this.#ends;
  }

  /** Reads again every REFRESH_MS, and at once when a partition starts waiting (a new topic, a new conflict). */
  async refresh(states: Iterable<PartitionState>, now = Date.now()): Promise<void> {
    const waiting = [...states].filter((p) => p.waitingForTarget).map((p) => p.source);
    const unknown = waiting.some((p) => !this.#ends.has(partitionKey(p)));
    if (!unknown && now - this.#readAt < REFRESH_MS) return;
    this.#readAt = now;
    if (waiting.length === 0) {
      this.#ends = new Map();
      return;
    }
    const ends = await this.#source.listOffsets(waiting, LATEST).catch(() => undefined);
    if (ends) this.#ends = new Map(waiting.map((p) => [partitionKey(p), ends.get(partitionKey(p)) ?? 0]));
  }
}
