import { createHash, type Hash } from 'node:crypto';
import { type ClusterLink, committedBatches, decodeRecords, errorName, fetchRaw, KafkaErrorCode, type MirrorRecord, ReadCommitted, splitBatches } from '../../kafka/index.ts';

/** What a read_committed consumer sees in one partition: how many records, and a hash of them in order. */
export interface PartitionDigest {
  records: number;
  /** SHA-256 over every record's timestamp, key, value and headers, in offset order (hex). */
  sha256: string;
}

export class PartitionReadError extends Error {
  readonly code: string;
  constructor(topic: string, partition: number, code: string) {
    super(`reading ${topic}/${partition}: ${code}`);
    this.name = 'PartitionReadError';
    this.code = code;
  }
}

const FETCH_BYTES = 8 * 1024 * 1024;

/**
 * Offsets differ between source and target (transaction markers, compaction gaps), so only what a
 * consumer sees is hashed: nulls are told apart from empty values, header order and duplicates count.
 */
export function hashRecord(hash: Hash, r: MirrorRecord): void {
  const head = Buffer.alloc(8);
  head.writeBigInt64BE(r.timestamp);
  hash.update(head);
  const bytes = (b: Buffer | null) => {
    const len = Buffer.alloc(4);
    len.writeInt32BE(b === null ? -1 : b.length);
    hash.update(len);
    if (b !== null) hash.update(b);
  };
  bytes(r.key);
  bytes(r.value);
  const count = Buffer.alloc(4);
  count.writeInt32BE(r.headers.length);
  hash.update(count);
  for (const [k, v] of r.headers) {
    bytes(k);
    bytes(v);
  }
}

/**
 * Reads one partition read_committed from its log start to `end` (fixed, so a busy partition still
 * gives an answer; settled-ends.ts) and digests it. Leader-aware: the fetch goes to the partition's
 * own leader.
 */
export async function digestPartition(link: ClusterLink, topic: string, partition: number, leader: number, end: number): Promise<PartitionDigest> {
  const connection = await link.connectionTo(leader);
  const hash = createHash('sha256');
  let records = 0;
  let position = 0;
  if (end <= 0) return { records, sha256: hash.digest('hex') };
  for (;;) {
    const res = await fetchRaw(connection, { maxWaitMs: 0, minBytes: 0, maxBytes: FETCH_BYTES, isolationLevel: ReadCommitted }, [{ topic, partition, offset: position, maxBytes: FETCH_BYTES }]);
    const p = res.partitions[0];
    if (!p) throw new PartitionReadError(topic, partition, 'NO_RESPONSE');
    if (p.errorCode === KafkaErrorCode.OFFSET_OUT_OF_RANGE && position < p.logStartOffset) {
      position = p.logStartOffset; // retention or compaction removed the start
      continue;
    }
    if (p.errorCode !== KafkaErrorCode.NONE) throw new PartitionReadError(topic, partition, errorName(p.errorCode));
    const batches = splitBatches(p.records);
    for (const b of committedBatches(batches, p.abortedTransactions)) {
      for (const r of decodeRecords(b)) {
        const offset = Number(r.offset);
        if (offset < position || offset >= end) continue;
        hashRecord(hash, r);
        records++;
      }
    }
    const last = batches.at(-1);
    if (last) position = Math.max(position, Number(last.lastOffset) + 1);
    if (position >= end || !last) return { records, sha256: hash.digest('hex') };
  }
}
