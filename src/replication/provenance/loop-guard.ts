import type { ClusterLink } from '../../kafka/index.ts';
import { readPartitionToEnd } from '../checkpoints/own-topic.reader.ts';
import { INTERNAL_TOPIC_PREFIX } from '../checkpoints/internal-topics.ts';
import { decodeProducerAnnouncement, PRODUCER_KEY_PREFIX } from '../checkpoints/progress-records.ts';

/**
 * Cycle safety without a per-record header. Every mirror job announces, in its checkpoints topic, the
 * producer ids it writes with and the cluster its records come from. A job about to copy a batch from
 * its source looks at the batch's producer id: if a mirror job wrote it with records that came from
 * this job's own target, copying it back would make a loop (A -> B -> A), so the batch is skipped.
 * Records that a mirror brought from a third cluster are copied as usual (chains A -> B -> C work).
 *
 * Producer ids are unique per cluster and announced before or with the first batch they write
 * (ExactlyOnce: in a transaction committed before any data; AtLeastOnce: before the data), so one
 * look at the announcements settles an unknown id for good.
 */
export class LoopGuard {
  readonly #source: ClusterLink;
  readonly #targetClusterId: string;
  readonly #looped = new Set<bigint>();
  readonly #other = new Set<bigint>();
  readonly #positions = new Map<string, number>();

  constructor(source: ClusterLink, targetClusterId: string) {
    this.#source = source;
    this.#targetClusterId = targetClusterId;
  }

  /** Learns about every producer id not seen before (one look at the source's announcements); returns those found looped. */
  async classify(producerIds: Iterable<bigint>): Promise<bigint[]> {
    const unknown = [...new Set(producerIds)].filter((id) => id >= 0n && !this.#looped.has(id) && !this.#other.has(id));
    if (unknown.length === 0) return [];
    await this.#refresh();
    for (const id of unknown) if (!this.#looped.has(id)) this.#other.add(id);
    return unknown.filter((id) => this.#looped.has(id));
  }

  /** Whether a batch with this producer id came back from this job's own target. */
  isLooped(producerId: bigint): boolean {
    return this.#looped.has(producerId);
  }

  async #refresh(): Promise<void> {
    const topics = [...(await this.#source.topics()).keys()].filter((t) => t.startsWith(INTERNAL_TOPIC_PREFIX) && t.endsWith('.checkpoints'));
    for (const topic of topics) {
      const next = await readPartitionToEnd(this.#source, topic, 0, this.#positions.get(topic) ?? 0, (r) => {
        const key = r.key?.toString('utf8');
        if (!key?.startsWith(PRODUCER_KEY_PREFIX) || !r.value) return;
        const announced = decodeProducerAnnouncement(r.value);
        if (announced.sourceClusterId === this.#targetClusterId) this.#looped.add(BigInt(announced.producerId));
      });
      this.#positions.set(topic, next);
    }
  }
}
