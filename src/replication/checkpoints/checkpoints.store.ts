import { type ClusterLink, encodeBatch } from '../../kafka/index.ts';
import { ensureJobTopics } from './ensure-topics.ts';
import { ZSTD } from './own-topic.writer.ts';
import { partitionKey } from '../assignment.ts';
import type { OutgoingBatch } from '../sink/target.writer.ts';
import { readPartitionToEnd } from './own-topic.reader.ts';
import { checkpointTopicConfigs, offsetMapTopicConfigs, type JobTopics } from './internal-topics.ts';
import {
  checkpointKey,
  decodeCheckpoint,
  decodeGeneration,
  encodeCheckpoint,
  encodeGeneration,
  encodeOffsetMapRecord,
  encodeProducerAnnouncement,
  generationKey,
  producerKey,
  type CopiedRange,
  type GenerationRecord,
} from './progress-records.ts';


export interface StoredProgress {
  /** Latest copied range per source partition ("topic:partition"). */
  checkpoints: Map<string, CopiedRange>;
  generation: GenerationRecord | undefined;
}

/** The job's checkpoints and offset map on the target (see internal-topics.ts). */
export class CheckpointStore {
  readonly topics: JobTopics;
  readonly #link: ClusterLink;

  constructor(link: ClusterLink, topics: JobTopics) {
    this.#link = link;
    this.topics = topics;
  }

  /** Creates the job's topics when they are missing. */
  async ensureTopics(): Promise<void> {
    await ensureJobTopics(this.#link, [
      [this.topics.checkpoints, checkpointTopicConfigs],
      [this.topics.offsetMap, offsetMapTopicConfigs],
    ]);
  }

  async read(): Promise<StoredProgress> {
    const progress: StoredProgress = { checkpoints: new Map(), generation: undefined };
    await this.readInto(progress, 0);
    return progress;
  }

  /**
   * Applies what the checkpoints topic holds from offset `from` to `progress`; returns the offset after
   * the last record read, and how many were read. A reader that keeps `progress` goes on from there
   * next time, reading only what was written since (compaction never moves a record, it only removes
   * older ones).
   */
  async readInto(progress: StoredProgress, from: number): Promise<{ end: number; records: number }> {
    let records = 0;
    const end = await readPartitionToEnd(this.#link, this.topics.checkpoints, 0, from, (r) => {
      records++;
      if (!r.key || !r.value) return;
      const key = r.key.toString('utf8');
      if (key === generationKey) progress.generation = decodeGeneration(r.value);
      else if (key.startsWith('p:')) {
        const range = decodeCheckpoint(r.value);
        progress.checkpoints.set(partitionKey(range), range);
      }
    });
    return { end, records };
  }

  /**
   * The records that make an interval's ranges durable: one checkpoint each, one offset-map entry.
   * zstd-compressed: the records of one interval differ in a few digits, and at a trickle over
   * thousands of partitions they are most of the bytes the job writes besides the data (decision 0003).
   */
  progressBatches(ranges: CopiedRange[]): OutgoingBatch[] {
    if (ranges.length === 0) return [];
    const now = BigInt(Date.now());
    const checkpoints = ranges.map((r, i) => ({ offset: BigInt(i), timestamp: now, key: Buffer.from(checkpointKey(r)), value: encodeCheckpoint(r), headers: [] }));
    return [
      { topic: this.topics.checkpoints, partition: 0, bytes: encodeBatch(checkpoints, ZSTD), recordCount: checkpoints.length },
      // One record per range keeps each record small however many runs a compacted partition has.
      { topic: this.topics.offsetMap, partition: 0, bytes: encodeBatch(ranges.map((r, i) => ({ offset: BigInt(i), timestamp: now, key: null, value: encodeOffsetMapRecord([r]), headers: [] })), ZSTD), recordCount: ranges.length },
    ];
  }

  generationBatch(g: GenerationRecord): OutgoingBatch {
    const record = { offset: 0n, timestamp: BigInt(Date.now()), key: Buffer.from(generationKey), value: encodeGeneration(g), headers: [] };
    return { topic: this.topics.checkpoints, partition: 0, bytes: encodeBatch([record], 0), recordCount: 1 };
  }

  /** Announces a producer id this job writes with (read by reverse jobs' loop guards). */
  producerBatch(producerId: bigint, sourceClusterId: string): OutgoingBatch {
    const record = {
      offset: 0n,
      timestamp: BigInt(Date.now()),
      key: Buffer.from(producerKey(producerId)),
      value: encodeProducerAnnouncement({ producerId: producerId.toString(), sourceClusterId }),
      headers: [],
    };
    return { topic: this.topics.checkpoints, partition: 0, bytes: encodeBatch([record], 0), recordCount: 1 };
  }

  internalPartitions(): Array<{ topic: string; partition: number }> {
    return [
      { topic: this.topics.checkpoints, partition: 0 },
      { topic: this.topics.offsetMap, partition: 0 },
    ];
  }
}
