import { Reader, readRecordsBatch } from '@platformatic/kafka';
import { isControl, isTransactional, type RawBatch } from './raw-batch.ts';

/** An aborted transaction as a read_committed fetch response lists it. */
export interface AbortedTransaction {
  producerId: bigint;
  firstOffset: bigint;
}

/** A control record's key: version int16, type int16 (0 abort, 1 commit). */
const ABORT_MARKER = 0;

function isAbortMarker(batch: RawBatch): boolean {
  const key = readRecordsBatch(Reader.from(batch.bytes)).records[0]?.key;
  return key !== null && key !== undefined && key.length >= 4 && key.readInt16BE(2) === ABORT_MARKER;
}

/**
 * Keeps the data batches a read_committed consumer would deliver, as Kafka's own consumer decides it:
 * a transactional batch is dropped while its producer has an aborted transaction open at that offset
 * (from the response's aborted list, entered once its first offset is reached, left at the producer's
 * abort marker); control batches are never data. Batches stay in order.
 */
export function committedBatches(batches: RawBatch[], aborted: readonly AbortedTransaction[]): RawBatch[] {
  // Nearly every partition of every fetch: nothing to track, so nothing to allocate.
  if (aborted.length === 0) return batches.some(isControl) ? batches.filter((b) => !isControl(b)) : batches;
  const pending = [...aborted].sort((a, b) => (a.firstOffset < b.firstOffset ? -1 : a.firstOffset > b.firstOffset ? 1 : 0));
  const abortedProducers = new Set<bigint>();
  const kept: RawBatch[] = [];
  for (const batch of batches) {
    while (pending.length > 0 && pending[0]!.firstOffset <= batch.lastOffset) abortedProducers.add(pending.shift()!.producerId);
    if (isControl(batch)) {
      if (abortedProducers.has(batch.producerId) && isAbortMarker(batch)) abortedProducers.delete(batch.producerId);
      continue;
    }
    if (isTransactional(batch) && abortedProducers.has(batch.producerId)) continue;
    kept.push(batch);
  }
  return kept;
}
