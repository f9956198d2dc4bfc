import type { Logger } from '../../runtime/logger.ts';
import { partitionKey, type SourcePartition } from '../assignment.ts';
import { directoryKey, encodeDirectoryEntry, encodeSealedThrough, SEALED_THROUGH_KEY, segmentKey } from './directory-records.ts';
import type { KeyedRecord } from '../checkpoints/own-topic.writer.ts';
import type { OffsetMapReader } from './offset-map.reader.ts';
import type { PartitionOffsetMap } from './partition-offset-map.ts';
import { encodeRuns, type PackedRuns } from './run-codec.ts';
import { agedOut, describeRuns, joinRuns, mergeCandidates, prunable, type SegmentRef } from './sealed-segments.ts';

export interface OffsetIndexerOptions {
  /** How often the hot runs are sealed; a restart reads the offset map back this far at most. */
  sealIntervalMs?: number;
  /** Seal sooner once this many runs are hot over all partitions (a bulk copy of compacted topics). */
  maxHotRuns?: number;
  /** Segments of a level merged into one of the next. */
  fanIn?: number;
  /** The source's log start offsets; segments wholly below them are dropped. */
  logStarts?: (partitions: SourcePartition[]) => Promise<Map<string, number>>;
  /** Segments sealed longer ago are dropped (`spec.groups.translationHorizonDays`); none when absent. */
  horizonMs?: number;
  /** The clock segments are sealed and aged by (a test compresses weeks into seconds). */
  now?: () => number;
}

const SEAL_INTERVAL_MS = 15 * 60 * 1000;
/** ~12 MB of hot runs (24 B each) before sealing early. */
const MAX_HOT_RUNS = 500_000;
const FAN_IN = 16;

/**
 * Worker 0's upkeep of the offset index (decision 0003): every seal interval it writes each
 * partition's hot runs as a level-0 segment, merges a level's oldest segments once it has `fanIn`,
 * drops segments the source no longer holds or that aged out of the translation horizon, then writes the directory entries it changed and last
 * `sealed-through`, the offset-map position everything below is now found through the directory.
 * Only then are replaced segments tombstoned. A crash anywhere leaves the directory pointing at
 * segments that exist; a repeated seal rewrites the same keys.
 */
export class OffsetIndexer {
  readonly #reader: OffsetMapReader;
  readonly #logger: Logger;
  readonly #sealIntervalMs: number;
  readonly #maxHotRuns: number;
  readonly #fanIn: number;
  readonly #logStarts: OffsetIndexerOptions['logStarts'];
  readonly #horizonMs: number;
  readonly #now: () => number;
  /** Partitions whose directory entry changed in memory and is not written yet (a seal that failed part-way). */
  readonly #unwritten = new Map<string, { partition: SourcePartition; map: PartitionOffsetMap }>();
  #lastSeal: number;

  constructor(reader: OffsetMapReader, logger: Logger, options: OffsetIndexerOptions = {}) {
    this.#reader = reader;
    this.#logger = logger;
    this.#sealIntervalMs = options.sealIntervalMs ?? SEAL_INTERVAL_MS;
    this.#maxHotRuns = options.maxHotRuns ?? MAX_HOT_RUNS;
    this.#fanIn = options.fanIn ?? FAN_IN;
    this.#logStarts = options.logStarts;
    this.#horizonMs = options.horizonMs ?? Number.POSITIVE_INFINITY;
    this.#now = options.now ?? Date.now;
    this.#lastSeal = this.#now();
  }

  /** Seals when the interval passed or too many runs are hot; called after each refresh. Never throws. */
  async maintain(): Promise<void> {
    if (this.#reader.partitionCount === 0) return; // nothing copied yet: no topics to create
    let hot = 0;
    for (const { map } of this.#reader.partitions()) hot += map.runCount;
    if (this.#now() - this.#lastSeal < this.#sealIntervalMs && hot < this.#maxHotRuns) return;
    try {
      await this.seal();
    } catch (err) {
      this.#logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'sealing the offset index failed; the offset map stays in memory until the next try');
    }
  }

  /** One seal pass (see the class comment). */
  async seal(): Promise<{ sealed: number; merged: number; pruned: number }> {
    this.#lastSeal = this.#now();
    const position = this.#reader.position;
    const changed = [...this.#reader.partitions()].filter((p) => p.map.changed);
    for (const p of changed) this.#unwritten.set(partitionKey(p.partition), p);
    const sealed = await this.#sealHot(changed);
    const replaced: string[] = [];
    let merged = 0;
    for (const p of changed) merged += await this.#merge(p, replaced);
    const pruned = await this.#prune(replaced);
    const entries = [...this.#unwritten.values()].map(({ partition, map }): KeyedRecord => ({ key: directoryKey(partition.topic, partition.partition), value: encodeDirectoryEntry(map.entry()) }));
    await this.#reader.index.writeDirectory([...entries, { key: SEALED_THROUGH_KEY, value: encodeSealedThrough(position) }]);
    this.#unwritten.clear();
    if (replaced.length > 0) await this.#reader.index.writeIndex(replaced.map((key) => ({ key, value: null })));
    return { sealed, merged, pruned };
  }

  async #sealHot(changed: Array<{ partition: SourcePartition; map: PartitionOffsetMap }>): Promise<number> {
    const withRuns = changed.map((p) => ({ ...p, runs: p.map.hotRuns() })).filter((p) => p.runs.length > 0);
    const offsets = await this.#reader.index.writeIndex(withRuns.map(({ partition, runs }) => ({ key: segmentKey(partition.topic, partition.partition, 0, runs[0]!), value: encodeRuns(runs) })));
    withRuns.forEach(({ map, runs }, i) => {
      const segment: SegmentRef = { ...describeRuns(0, runs, this.#lastSeal), at: offsets[i]! };
      map.sealed(segment);
      this.#reader.remember(segment, runs);
    });
    for (const { map } of changed) if (map.changed) map.sealed(undefined);
    return withRuns.length;
  }

  /** Merges while a level of this partition has `fanIn` segments; collects the replaced keys. */
  async #merge({ partition, map }: { partition: SourcePartition; map: PartitionOffsetMap }, replaced: string[]): Promise<number> {
    let merges = 0;
    for (let next = mergeCandidates(map.segments, this.#fanIn); next; next = mergeCandidates(map.segments, this.#fanIn)) {
      const parts = map.segments.slice(next.from, next.from + next.count);
      const runs: PackedRuns[] = [];
      for (const s of parts) runs.push(await this.#reader.segmentRuns(s));
      const joined = joinRuns(runs);
      const level = parts[0]!.level + 1;
      const [at] = await this.#reader.index.writeIndex([{ key: segmentKey(partition.topic, partition.partition, level, joined[0]!), value: encodeRuns(joined) }]);
      const segment: SegmentRef = { ...describeRuns(level, joined, Math.max(...parts.map((s) => s.sealedAt))), at: at! };
      map.merged(next.from, next.count, segment);
      this.#reader.remember(segment, joined);
      replaced.push(...parts.map((s) => segmentKey(partition.topic, partition.partition, s.level, s.firstSource)));
      merges++;
    }
    return merges;
  }

  /**
   * Drops segments below the source's log start (listed once per seal; a failed listing prunes nothing
   * by it this time) and segments older than the translation horizon.
   */
  async #prune(replaced: string[]): Promise<number> {
    const indexed = [...this.#reader.partitions()].filter((p) => p.map.segments.length > 0);
    if (indexed.length === 0) return 0;
    const starts = await this.#listLogStarts(indexed.map((p) => p.partition));
    const cutoff = this.#now() - this.#horizonMs;
    let pruned = 0;
    for (const p of indexed) {
      const drop = (n: number): void => {
        replaced.push(...p.map.segments.slice(0, n).map((s) => segmentKey(p.partition.topic, p.partition.partition, s.level, s.firstSource)));
        this.#unwritten.set(partitionKey(p.partition), p);
        pruned += n;
      };
      const logStart = starts.get(partitionKey(p.partition));
      const gone = logStart === undefined ? 0 : prunable(p.map.segments, logStart);
      if (gone > 0) {
        drop(gone);
        p.map.pruned(gone, logStart!);
      }
      const aged = agedOut(p.map.segments, cutoff);
      if (aged > 0) {
        drop(aged);
        p.map.agedOut(aged);
      }
    }
    return pruned;
  }

  async #listLogStarts(partitions: SourcePartition[]): Promise<Map<string, number>> {
    if (!this.#logStarts) return new Map();
    try {
      return await this.#logStarts(partitions);
    } catch (err) {
      this.#logger.debug({ err: err instanceof Error ? err.message : String(err) }, 'listing the source log starts failed; pruning the offset index by them next seal');
      return new Map();
    }
  }
}

