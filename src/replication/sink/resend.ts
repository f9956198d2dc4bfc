import { KafkaErrorCode } from '../../kafka/index.ts';
import { partitionKey } from '../assignment.ts';
import type { BatchOutcome, OutgoingBatch } from './target.writer.ts';

/** A write failed for a reason that passes: no answer came, or the partition's leader is moving. */
const TRANSIENT = new Set<number>([
  KafkaErrorCode.NETWORK_EXCEPTION,
  KafkaErrorCode.REQUEST_TIMED_OUT,
  KafkaErrorCode.NOT_LEADER_OR_FOLLOWER,
  KafkaErrorCode.LEADER_NOT_AVAILABLE,
  KafkaErrorCode.NOT_ENOUGH_REPLICAS,
  KafkaErrorCode.NOT_ENOUGH_REPLICAS_AFTER_APPEND,
  KafkaErrorCode.KAFKA_STORAGE_ERROR,
]);

/**
 * The failed batches worth sending again, stamped as they were, in their order. A partition's batches
 * are sent again only when its first failure was transient: the batches after a gap come back
 * OUT_OF_ORDER_SEQUENCE_NUMBER, which the same resend heals. A partition with any other failure (a
 * refused record, a fenced producer) is left to the caller, and so are all of its batches.
 *
 * The broker remembers only the last five batches of a producer per partition. When more than five of
 * a partition's batches were written but not answered (a bulk write cut off mid-way), the oldest comes
 * back OUT_OF_ORDER_SEQUENCE_NUMBER without a transient failure before it: the caller then rewinds as
 * it always did, which may copy records twice in AtLeastOnce but never loses one.
 */
export function resendable(batches: readonly OutgoingBatch[], outcomes: readonly BatchOutcome[]): number[] {
  const failedByPartition = new Map<string, Array<{ index: number; errorCode: number }>>();
  outcomes.forEach((o, index) => {
    if (o.ok) return;
    const k = partitionKey(batches[index]!);
    const list = failedByPartition.get(k);
    if (list) list.push({ index, errorCode: o.errorCode });
    else failedByPartition.set(k, [{ index, errorCode: o.errorCode }]);
  });
  const resend: number[] = [];
  for (const failed of failedByPartition.values()) {
    const healable = TRANSIENT.has(failed[0]!.errorCode) && failed.every((f) => TRANSIENT.has(f.errorCode) || f.errorCode === KafkaErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER);
    if (healable) resend.push(...failed.map((f) => f.index));
  }
  return resend.sort((a, b) => a - b);
}
