import type { ClusterLink } from '../../kafka/index.ts';
import { ensureJobTopics } from '../checkpoints/ensure-topics.ts';
import { offsetDirectoryTopicConfigs, offsetIndexTopicConfigs, type JobTopics } from '../checkpoints/internal-topics.ts';
import { readPartitionToEnd, readRecordAt } from '../checkpoints/own-topic.reader.ts';
import { OwnTopicWriter, type KeyedRecord } from '../checkpoints/own-topic.writer.ts';
import { decodeDirectoryEntry, decodeSealedThrough, partitionOfDirectoryKey, SEALED_THROUGH_KEY } from './directory-records.ts';
import type { DirectoryEntry } from './partition-offset-map.ts';
import { decodeRuns, type PackedRuns } from './run-codec.ts';

export interface StoredDirectory {
  entries: Map<string, { topic: string; partition: number; entry: DirectoryEntry }>;
  /** The offset-map topic's offset the directory is complete up to; 0 when nothing was sealed yet. */
  sealedThrough: number;
}

/**
 * The offset index and offset directory on the target (internal-topics.ts): read whole on restart
 * (the directory), read one record at a time on demand (the index), and written by worker 0 alone,
 * with an idempotent producer of its own (OwnTopicWriter) outside the data path's transactions.
 * Every write is keyed and repeatable, so a crash between two writes leaves nothing a later seal does
 * not overwrite.
 */
export class OffsetIndexStore {
  readonly #link: ClusterLink;
  readonly #topics: JobTopics;
  readonly #writer: OwnTopicWriter;

  constructor(link: ClusterLink, topics: JobTopics) {
    this.#link = link;
    this.#topics = topics;
    this.#writer = new OwnTopicWriter(link, () =>
      ensureJobTopics(link, [
        [topics.offsetIndex, offsetIndexTopicConfigs],
        [topics.offsetDirectory, offsetDirectoryTopicConfigs],
      ]),
    );
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
    return this.#writer.write(this.#topics.offsetIndex, records);
  }

  writeDirectory(records: KeyedRecord[]): Promise<number[]> {
    return this.#writer.write(this.#topics.offsetDirectory, records);
  }
}
