import { type ClusterLink, encodeBatch } from '../../kafka/index.ts';
import { TargetWriter } from '../sink/target.writer.ts';

export interface KeyedRecord {
  key: string;
  /** None for a tombstone. */
  value: Buffer | null;
}

/** The record batch codec ids these writes use: none, or zstd (Kafka 2.1 and later, as every supported target). */
export const NO_COMPRESSION = 0;
export const ZSTD = 4;
/** One produce per this many bytes of records: a first seal of a long history can be hundreds of MB. */
const CHUNK_BYTES = 4 * 1024 * 1024;

/**
 * Keyed records to the job's own compacted topics from outside the data path's transactions (worker
 * 0's owned ACLs and offset index), by an idempotent producer of its own. `ensureTopics` runs before
 * the first write. A failed write drops the producer, so the next one starts with a fresh producer id:
 * the failed one may have left its sequence unknown.
 */
export class OwnTopicWriter {
  readonly #link: ClusterLink;
  readonly #ensureTopics: () => Promise<void>;
  #writer: TargetWriter | undefined;

  constructor(link: ClusterLink, ensureTopics: () => Promise<void>) {
    this.#link = link;
    this.#ensureTopics = ensureTopics;
  }

  /** Writes the records to partition 0 of `topic`, in order; returns each record's offset. */
  async write(topic: string, records: readonly KeyedRecord[], codec = ZSTD): Promise<number[]> {
    const offsets: number[] = [];
    for (const chunk of chunks(records)) {
      const now = BigInt(Date.now());
      const encoded = chunk.map((r, i) => ({ offset: BigInt(i), timestamp: now, key: Buffer.from(r.key), value: r.value, headers: [] }));
      const writer = await this.#ready();
      const [outcome] = await writer.write([{ topic, partition: 0, bytes: encodeBatch(encoded, codec), recordCount: chunk.length }]).catch((err: unknown) => {
        this.#writer = undefined;
        throw err;
      });
      if (!outcome?.ok) {
        this.#writer = undefined;
        throw new Error(`writing the job's topic ${topic} failed: ${outcome ? `error ${outcome.errorCode} ${outcome.message}` : 'no outcome'}`);
      }
      chunk.forEach((_, i) => offsets.push(outcome.baseOffset + i));
    }
    return offsets;
  }

  async #ready(): Promise<TargetWriter> {
    if (this.#writer) return this.#writer;
    await this.#ensureTopics();
    const writer = new TargetWriter(this.#link, null);
    await writer.init();
    this.#writer = writer;
    return writer;
  }
}

function* chunks(records: readonly KeyedRecord[]): Generator<KeyedRecord[]> {
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
