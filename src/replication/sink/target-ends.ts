import { type ClusterLink, errorName, LATEST } from '../../kafka/index.ts';
import type { Logger } from '../../runtime/logger.ts';
import { partitionKey } from '../assignment.ts';
import type { PartitionState } from '../partition-state.ts';

/** How long a target partition may leave its end unanswered before the log says so: its log is usually made within seconds. */
export const UNANSWERED_WARN_MS = 30_000;

/**
 * The end of each target partition (read_committed), for partitions whose targetNext is not known. The
 * open interval has written nothing to them (a written partition's targetNext is known), and the
 * worker has never committed a copy to them that a checkpoint does not account for, so every later
 * copy lands at or after this end.
 *
 * A partition whose end is not answered is not copied to yet: a topic the target just listed has no
 * log for a few seconds (11 s for 2,000 partitions created at once), and the broker refuses writes to
 * it meanwhile. Such a partition waits as one whose topic is not listed yet (and is shown so); the
 * worker's next look at its assignment, within a second, lets it ask again. Each partition answers
 * for itself, so the others copy on. One that stays unanswered is named in the log, with Kafka's reason.
 */
export class TargetEnds {
  readonly #target: ClusterLink;
  readonly #logger: Logger;
  readonly #unansweredSince = new Map<string, number>();

  constructor(target: ClusterLink, logger: Logger) {
    this.#target = target;
    this.#logger = logger;
  }

  /** The ends of `partitions` by target partition key; those without one are marked waitingForTarget. */
  async holdUnanswered(partitions: readonly PartitionState[], now = Date.now()): Promise<Map<string, number>> {
    const ends = await this.#read(partitions, now);
    for (const p of partitions) if (!ends.has(partitionKey(p.target))) p.waitingForTarget = true;
    return ends;
  }

  async #read(partitions: readonly PartitionState[], now: number): Promise<Map<string, number>> {
    if (partitions.length === 0) return new Map();
    let answer;
    try {
      answer = await this.#target.offsetsEach(partitions.map((p) => p.target), LATEST);
    } catch (err) {
      this.#logger.warn({ err: err instanceof Error ? err.message : String(err), partitions: partitions.length }, 'could not list the end of target partitions; trying again next fetch');
      return new Map();
    }
    // Only partitions asked now are remembered: one answered, or no longer assigned, is not asked again.
    for (const key of this.#unansweredSince.keys()) if (!answer.refused.has(key)) this.#unansweredSince.delete(key);
    const overdue: Array<{ partition: string; reason: string }> = [];
    for (const [key, code] of answer.refused) {
      const since = this.#unansweredSince.get(key);
      if (since === undefined) this.#unansweredSince.set(key, now);
      else if (since >= 0 && now - since >= UNANSWERED_WARN_MS) {
        overdue.push({ partition: key, reason: errorName(code) });
        this.#unansweredSince.set(key, -1); // named once; an answer clears it
      }
    }
    if (overdue.length > 0) this.#logger.warn({ partitions: overdue.slice(0, 20), count: overdue.length }, `target partitions have not told their end for ${UNANSWERED_WARN_MS / 1000} s; nothing is copied to them until they do`);
    return answer.offsets;
  }
}
