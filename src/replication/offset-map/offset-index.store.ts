import { type ClusterLink, encodeBatch } from '../../kafka/index.ts';
import { ensureJobTopics } from '../checkpoints/ensure-topics.ts';
import { offsetDirectoryTopicConfigs, offsetIndexTopicConfigs, type JobTopics } from '../checkpoints/internal-topics.ts';
import { readPartitionToEnd, readRecordAt } from '../checkpoints/own-topic.reader.ts';
import { TargetWriter } from '../sink/target.writer.ts';
import { decodeDirectoryEntry, decodeSealedThrough, partitionOfDirectoryKey, SEALED_THROUGH_KEY } from './directory-records.ts';
import type { DirectoryEntry } from './partition-offset-map.ts';
import { decodeRuns, type PackedRuns } from './run-codec.ts';

/** The record batch codec id of zstd (Kafka 2.1 and later, as every supported target). */
const ZSTD = 4;
/** One produce per this many bytes of records: a first seal of a long history can be hundreds of MB. */
const CHUNK_BYTES = 4 * 1024 * 1024;

export interface StoredDirectory {
  entries: Map<string, { topic: string; partition: number; entry: DirectoryEntry }>;
  /** The offset-map topic's offset the directory is complete up to; 0 when nothing was sealed yet. */
  sealedThrough: number;
}

export interface KeyedRecord {
  key: string;
  /** None for a tombstone. */
  value: Buffer | null;
}

/**
 * The offset index and offset directory on the target (internal-topics.ts): read whole on restart
 * (the directory), read one record at a time on demand (the index), and written by worker 0 alone,
 * with an idempotent producer of its own outside the data path's transactions. Every write is keyed
 * and repeatable, so a crash between two writes leaves nothing a later seal does not overwrite.
 */
export class OffsetIndexStore {
  readonly #link: ClusterLink;
  readonly #topics: JobTopics;
  #writer: TargetWriter | undefined;

  constructor(link: ClusterLink, topics: JobTopics) {
    this.#link = link;
    this.#topics = topics;
  }

  async readDirectory(): Promise<StoredDirectory> {
    const entries: StoredDirectory['entries'] = new Map();
    if (!(await this.#link.topicNames()).includes(this.#topics.offsetDirectory)) return { entries, sealedThrough: 0 };
    // The latest value per key, copied out of the fetched batch; decoded once at the end: until the
    // cleaner runs, the topic holds every seal's entries, and only the last of each counts.
    const latest = new Map<string, Buffer | null>();
    await readPartitionToEnd(this.#link, this.#topics.offsetDirectory, 0, 0, (r) => {
      if (r.key) latest.set(r.key.toString('utf8'), r.value ? Buffer.from(r.value) : null);
    });
    const sealed = latest.get(SEALED_THROUGH_KEY);
    for (const [key, value] of latest) {
      const partition = partitionOfDirectoryKey(key);
      if (partition && value) entries.set(key, { ...partition, entry: decodeDirectoryEntry(value) });
    }
    return { entries, sealedThrough: sealed ? decodeSealedThrough(sealed) : 0 };
  }

  async readSegment(at: number): Promise<PackedRuns> {
    const record = await readRecordAt(this.#link, this.#topics.offsetIndex, 0, at);
    if (!record?.value) throw new Error(`the offset index ${this.#topics.offsetIndex} has no segment at offset ${at}`);
    return decodeRuns(record.value);
  }

  /** Writes records to the index, in order; returns each record's offset. */
  writeIndex(records: KeyedRecord[]): Promise<number[]> {
    return this.#write(this.#topics.offsetIndex, records);
  }

  writeDirectory(records: KeyedRecord[]): Promise<number[]> {
    return this.#write(this.#topics.offsetDirectory, records);
  }

  async #write(topic: string, records: KeyedRecord[]): Promise<number[]> {
    const offsets: number[] = [];
    for (const chunk of chunks(records)) {
      const now = BigInt(Date.now());
      const encoded = chunk.map((r, i) => ({ offset: BigInt(i), timestamp: now, key: Buffer.from(r.key), value: r.value, headers: [] }));
      const writer = await this.#ready();
      const [outcome] = await writer.write([{ topic, partition: 0, bytes: encodeBatch(encoded, ZSTD), recordCount: chunk.length }]).catch((err: unknown) => {
        this.#writer = undefined;
        throw err;
      });
      if (!outcome?.ok) {
        // A fresh producer id next time: the failed write may have left this one's sequence unknown.
        this.#writer = undefined;
        throw new Error(`writing the job's topic ${topic} failed: ${outcome ? `error ${outcome.errorCode} ${outcome.message}` : 'no outcome'}`);
      }
      chunk.forEach((_, i) => offsets.push(outcome.baseOffset + i));
    }
    return offsets;
  }

  async #ready(): Promise<TargetWriter> {
    if (this.#writer) return this.#writer;
    await ensureJobTopics(this.#link, [
      [this.#topics.offsetIndex, offsetIndexTopicConfigs],
      [this.#topics.offsetDirectory, offsetDirectoryTopicConfigs],
    ]);
    const writer = new TargetWriter(this.#link, null);
    await writer.init();
    this.#writer = writer;
    return writer;
  }
}

function* chunks(records: KeyedRecord[]): Generator<KeyedRecord[]> {
  let chunk: KeyedRecord[] = [];
  let bytes = 0;
  for (const r of records) {
    chunk.push(r);
    bytes += r.key.length + (r.value?.length ?? 0);
    if (bytes >= CHUNK_BYTES) {
      yield chunk;
      chunk = [];
      bytes = 0;
    }
  }
  if (chunk.length > 0) yield chunk;
}
