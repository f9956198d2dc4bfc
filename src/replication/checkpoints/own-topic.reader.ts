import { type ClusterLink, committedBatches, decodeRecords, EARLIEST, fetchRaw, KafkaErrorCode, KafkaProtocolError, type MirrorRecord, ReadCommitted, splitBatches } from '../../kafka/index.ts';

/**
 * Bytes a read asks for at once: a restart reads megabytes, and larger answers only raise the worker's
 * peak memory (a batch larger than this still comes whole, as Kafka returns at least one).
 */
const FETCH_BYTES = 2 * 1024 * 1024;

/**
 * Reads one partition of one of the job's own topics from `from` up to its last stable offset, as a
 * read_committed consumer would: only what committed transactions wrote.
 */
export async function readPartitionToEnd(link: ClusterLink, topic: string, partition: number, from = 0, onRecord: (r: MirrorRecord) => void): Promise<number> {
  let position = from;
  const leader = (await link.leaders([topic])).find((l) => l.partition === partition);
  if (!leader) throw new Error(`topic ${topic} has no partition ${partition}`);
  const connection = await link.connectionTo(leader.leader);
  for (;;) {
    const res = await fetchRaw(connection, { maxWaitMs: 0, minBytes: 0, maxBytes: FETCH_BYTES, isolationLevel: ReadCommitted }, [{ topic, partition, offset: position, maxBytes: FETCH_BYTES }]);
    const p = res.partitions[0];
    if (!p) throw new Error(`no fetch response for ${topic}/${partition}`);
    if (p.errorCode === KafkaErrorCode.OFFSET_OUT_OF_RANGE) {
      // Retention deleted the start (the offset map keeps days, not the job's life). Kafka answers this
      // error without the log start offset, so it is asked for; an offset past the end is no gap to skip.
      const start = (await link.listOffsets([{ topic, partition }], EARLIEST)).get(`${topic}:${partition}`);
      if (start === undefined || start <= position) throw new KafkaProtocolError(p.errorCode, `reading ${topic}/${partition} from offset ${position}`);
      position = start;
      continue;
    }
    if (p.errorCode !== 0) throw new KafkaProtocolError(p.errorCode, `reading ${topic}/${partition}`);
    const all = splitBatches(p.records);
    for (const b of committedBatches(all, p.abortedTransactions)) {
      for (const r of decodeRecords(b)) if (Number(r.offset) >= position) onRecord(r);
    }
    const last = all.at(-1);
    if (last) position = Math.max(position, Number(last.lastOffset) + 1);
    if (position >= p.lastStableOffset || !last) return position;
  }
}

/** The record at `offset` of one partition of the job's own topics, or none when it is not there (compacted or deleted away). */
export async function readRecordAt(link: ClusterLink, topic: string, partition: number, offset: number): Promise<MirrorRecord | undefined> {
  const leader = (await link.leaders([topic])).find((l) => l.partition === partition);
  if (!leader) throw new Error(`topic ${topic} has no partition ${partition}`);
  const connection = await link.connectionTo(leader.leader);
  // A fetch returns whole batches, from the one holding `offset`; 1 byte asks for just that one.
  const res = await fetchRaw(connection, { maxWaitMs: 0, minBytes: 0, maxBytes: 1, isolationLevel: ReadCommitted }, [{ topic, partition, offset, maxBytes: 1 }]);
  const p = res.partitions[0];
  if (!p) throw new Error(`no fetch response for ${topic}/${partition}`);
  if (p.errorCode === KafkaErrorCode.OFFSET_OUT_OF_RANGE) return undefined;
  if (p.errorCode !== 0) throw new KafkaProtocolError(p.errorCode, `reading ${topic}/${partition} at offset ${offset}`);
  for (const b of splitBatches(p.records)) {
    if (Number(b.lastOffset) < offset) continue;
    return decodeRecords(b).find((r) => Number(r.offset) === offset);
  }
  return undefined;
}
