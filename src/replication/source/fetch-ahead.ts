import type { FetchedPartition } from '../../kafka/index.ts';
import type { SourcePartition } from '../assignment.ts';
import type { SourceReader } from './source.reader.ts';

export type FetchPositions = Array<SourcePartition & { offset: number }>;

/**
 * Each partition's fetch position, the same object while the partition has not moved: at a trickle
 * most of thousands of partitions stay where they are between fetches, several a second, and a new
 * object for each of them every time was much of what the worker allocated. Positions are never
 * changed once made, so a fetch still in flight keeps what it was asked with.
 */
export class FetchPositionCache {
  readonly #last = new WeakMap<SourcePartition, Readonly<FetchPositions[number]>>();

  at(source: SourcePartition, offset: number): FetchPositions[number] {
    const last = this.#last.get(source);
    if (last?.offset === offset) return last;
    const position = { topic: source.topic, partition: source.partition, offset };
    this.#last.set(source, position);
    return position;
  }
}

type Settled = { ok: true; fetched: FetchedPartition[] } | { ok: false; err: unknown };

/** Whether two fetches read the same partitions from the same offsets (compared in place: thousands of partitions, many times a second). */
function samePositions(a: FetchPositions, b: FetchPositions): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x.offset !== y.offset || x.partition !== y.partition || x.topic !== y.topic) return false;
  }
  return true;
}

/**
 * Keeps one fetch ahead of the rounds. A round writes and commits for most of its time while the
 * source sits idle; starting the next round's fetch (from the positions the round moves every
 * partition to once it commits) before writing overlaps the two. Reading ahead changes nothing that
 * becomes durable: a round takes the fetch ahead only when it asks for exactly the positions it was
 * started for, so a failed round (positions rewound) or a new assignment fetches afresh, and the
 * transaction of each round still holds exactly the batches and checkpoints of its own positions.
 */
export class FetchAhead {
  readonly #reader: Pick<SourceReader, 'fetch'>;
  #ahead: { positions: FetchPositions; startedAt: number; result: Promise<Settled> } | undefined;

  constructor(reader: Pick<SourceReader, 'fetch'>) {
    this.#reader = reader;
  }

  /** Starts fetching from `positions` for the round after this one. */
  start(positions: FetchPositions): void {
    // Settled at once, so a fetch nobody takes (the round failed) is never an unhandled rejection.
    const result = this.#reader.fetch(positions).then(
      (fetched): Settled => ({ ok: true, fetched }),
      (err: unknown): Settled => ({ ok: false, err }),
    );
    this.#ahead = { positions, startedAt: Date.now(), result };
  }

  /** The fetch for exactly `positions`: the one started ahead, or a new one. `startedAt` is when it was sent. */
  async take(positions: FetchPositions): Promise<{ fetched: FetchedPartition[]; startedAt: number }> {
    const ahead = this.#ahead;
    this.#ahead = undefined;
    if (ahead && samePositions(ahead.positions, positions)) {
      const settled = await ahead.result;
      if (!settled.ok) throw settled.err;
      return { fetched: settled.fetched, startedAt: ahead.startedAt };
    }
    const startedAt = Date.now();
    return { fetched: await this.#reader.fetch(positions), startedAt };
  }

  /** Forgets the fetch ahead (the round it was for will not happen as planned). */
  drop(): void {
    this.#ahead = undefined;
  }
}
