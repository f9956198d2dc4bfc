import { LRUCache } from 'lru-cache';
import type { ClusterLink } from '../../kafka/index.ts';
import type { OffsetTranslation } from '../../planner/group-offsets.planner.ts';
import { partitionKey, type SourcePartition } from '../assignment.ts';
import type { JobTopics } from '../checkpoints/internal-topics.ts';
import { decodeOffsetMapRecord } from '../checkpoints/progress-records.ts';
import { readPartitionToEnd } from '../checkpoints/own-topic.reader.ts';
import { OffsetIndexStore } from './offset-index.store.ts';
import { PartitionOffsetMap } from './partition-offset-map.ts';
import type { PackedRuns } from './run-codec.ts';
import type { SegmentRef } from './sealed-segments.ts';

export interface OffsetMapRefresh {
  /** Offset-map records (one per committed transaction) read by this refresh. */
  records: number;
  /** The next offset of the offset-map topic to read. */
  position: number;
}

/** A committed source offset the next plan translates. */
export interface CommittedAt extends SourcePartition {
  offset: number;
}

export interface OffsetMapReaderOptions {
  /** Hot runs a partition keeps at most should sealing fail for long (see PartitionOffsetMap). */
  maxRunsPerPartition?: number;
  /** Bytes of sealed segments kept in memory between plans. */
  cacheBytes?: number;
}

/** Segment runs cost 24 B each packed: 16 MiB holds ~700,000, a day of a trickle's runs over 40 partitions. */
const CACHE_BYTES = 16 * 1024 * 1024;
/** Segment reads at once while preparing a plan: each holds its fetched batch and its runs meanwhile. */
const PARALLEL_READS = 4;

/**
 * The job's source -> target offset map (decision 0003): sealed segments in the offset-index topic,
 * found through the offset-directory, and the newest runs from the offset-map topic, read
 * incrementally and read_committed, so an aborted transaction's ranges never enter the map.
 *
 * A restart reads the directory whole and the offset map from `sealed-through` on: minutes of
 * history, not the job's life. `prepare()` reads the segments a plan's committed offsets fall in;
 * between refreshes `translate` is then a pure function, as the planner needs for one pass.
 */
export class OffsetMapReader {
  readonly #link: ClusterLink;
  readonly #topics: JobTopics;
  readonly #maxRunsPerPartition: number | undefined;
  readonly #maps = new Map<string, { partition: SourcePartition; map: PartitionOffsetMap }>();
  readonly #cache: LRUCache<number, PackedRuns>;
  /** Translations that read a segment too large to keep cached, for the plan they were prepared for. */
  #prepared = new Map<string, OffsetTranslation>();
  readonly index: OffsetIndexStore;
  #position = 0;
  #restored = false;

  constructor(link: ClusterLink, topics: JobTopics, options: OffsetMapReaderOptions = {}) {
    this.#link = link;
    this.#topics = topics;
    this.#maxRunsPerPartition = options.maxRunsPerPartition;
    const maxSize = options.cacheBytes ?? CACHE_BYTES;
    // A segment of more than an eighth of the cache (a level-2 one of a busy partition) is read, used
    // and let go: keeping it would push out the many small ones the next pass needs again.
    this.#cache = new LRUCache({ maxSize, maxEntrySize: maxSize / 8, sizeCalculation: (runs) => Math.max(1, runs.byteLength) });
    this.index = new OffsetIndexStore(link, topics);
  }

  get position(): number {
    return this.#position;
  }

  get partitionCount(): number {
    return this.#maps.size;
  }

  /** Every partition's map, for worker 0's sealing (offset-indexer.ts). */
  partitions(): IterableIterator<{ partition: SourcePartition; map: PartitionOffsetMap }> {
    return this.#maps.values();
  }

  /**
   * Reads the records committed since the last refresh; the first refresh starts from the directory.
   * A job that has not copied yet has no topic: nothing to read.
   */
  async refresh(): Promise<OffsetMapRefresh> {
    if (!this.#restored) await this.#restore();
    if (this.#position === 0 && !(await this.#topicExists())) return { records: 0, position: 0 };
    let records = 0;
    this.#position = await readPartitionToEnd(this.#link, this.#topics.offsetMap, 0, this.#position, (r) => {
      if (!r.value) return;
      records++;
      for (const range of decodeOffsetMapRecord(r.value)) this.#mapOf(range).add(range.start, range.end, range.runs, range.targetNext);
    });
    return { records, position: this.#position };
  }

  /** Reads the segments that translating `committed` needs and memory does not hold. */
  async prepare(committed: readonly CommittedAt[]): Promise<void> {
    this.#prepared = new Map();
    const wanted = new Map<number, { segment: SegmentRef; offsets: CommittedAt[] }>();
    for (const c of committed) {
      const segment = this.#maps.get(partitionKey(c))?.map.segmentFor(c.offset);
      if (!segment || this.#cache.has(segment.at)) continue;
      const entry = wanted.get(segment.at) ?? { segment, offsets: [] };
      entry.offsets.push(c);
      wanted.set(segment.at, entry);
    }
    const queue = [...wanted.values()];
    const readOne = async (): Promise<void> => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const runs = await this.segmentRuns(next.segment);
        for (const c of next.offsets) this.#prepared.set(preparedKey(c), this.#maps.get(partitionKey(c))!.map.translate(c.offset, () => runs));
      }
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL_READS, queue.length) }, readOne));
  }

  /** A segment's runs, from memory or the offset index. */
  async segmentRuns(segment: SegmentRef): Promise<PackedRuns> {
    const cached = this.#cache.get(segment.at);
    if (cached) return cached;
    const runs = await this.index.readSegment(segment.at);
    this.#cache.set(segment.at, runs);
    return runs;
  }

  /** Keeps a segment just written, so merging and translating it need no read. */
  remember(segment: SegmentRef, runs: PackedRuns): void {
    this.#cache.set(segment.at, runs);
  }

  /** The planner's TranslateOffset: where a group committed at `committed` on the source resumes on the target. */
  readonly translate = (sourceTopic: string, partition: number, committed: number): OffsetTranslation => {
    const map = this.#maps.get(partitionKey({ topic: sourceTopic, partition }))?.map;
    if (!map) return { ok: false, reason: 'NotYetMirrored' };
    const t = map.translate(committed, (segment) => this.#cache.get(segment.at));
    if (t.ok || t.reason !== 'SegmentNotLoaded') return t;
    return this.#prepared.get(preparedKey({ topic: sourceTopic, partition, offset: committed })) ?? t;
  };

  async #restore(): Promise<void> {
    const stored = await this.index.readDirectory();
    for (const { topic, partition, entry } of stored.entries.values()) this.#mapOf({ topic, partition }).restore(entry);
    this.#position = stored.sealedThrough;
    this.#restored = true;
  }

  #mapOf(p: SourcePartition): PartitionOffsetMap {
    const key = partitionKey(p);
    let held = this.#maps.get(key);
    if (!held) {
      held = { partition: { topic: p.topic, partition: p.partition }, map: new PartitionOffsetMap(this.#maxRunsPerPartition) };
      this.#maps.set(key, held);
    }
    return held.map;
  }

  async #topicExists(): Promise<boolean> {
    return (await this.#link.topicNames()).includes(this.#topics.offsetMap);
  }
}

const preparedKey = (c: CommittedAt): string => `${c.topic}:${c.partition}:${c.offset}`;
