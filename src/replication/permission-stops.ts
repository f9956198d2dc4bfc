import { errorName, KafkaErrorCode } from '../kafka/index.ts';
import type { Logger } from '../runtime/logger.ts';
import { PERMISSION_MISSING, PERMISSION_RETRY_MS, retryDue, type PartitionState } from './partition-state.ts';

/**
 * Partitions stopped for a missing permission whose wait is over: this round tries them past their
 * stop, and the next try is due a wait later. They stay reported as stopped until a round reads
 * (source) or commits (target) them, so a permission still missing does not make the condition flap;
 * a refusal stops them again.
 */
export function retryingNow(active: readonly PartitionState[], now: number, logger: Logger): Set<PartitionState> {
  const due = active.filter((p) => retryDue(p.stopped, now));
  for (const p of due) {
    p.stopped!.retryAt = now + PERMISSION_RETRY_MS;
    logger.info({ topic: p.source.topic, partition: p.source.partition, error: p.stopped!.error }, 'trying again a partition stopped for a missing permission');
  }
  return new Set(due);
}

/** A retried partition that Kafka now lets the job read (or write) copies again. */
export function permittedAgain(state: PartitionState, side: keyof typeof PERMISSION_MISSING, logger: Logger): void {
  if (state.stopped?.message !== PERMISSION_MISSING[side]) return;
  logger.info({ topic: state.source.topic, partition: state.source.partition }, `the job may ${side} this topic now; the partition copies again`);
  state.stopped = undefined;
}

/**
 * Whether a partition's fetched data can be used. A read the source refuses for a missing permission
 * stops the partition (tried again after a wait); out of range is handled apart
 * (source/past-deleted-records.ts); any other error is logged and the partition fetched again.
 */
export function fetchUsable(state: PartitionState, errorCode: number, logger: Logger): boolean {
  if (errorCode === KafkaErrorCode.NONE) return true;
  if (errorCode === KafkaErrorCode.OFFSET_OUT_OF_RANGE) return false;
  if (errorCode === KafkaErrorCode.TOPIC_AUTHORIZATION_FAILED) {
    state.stopped = { offset: state.position, error: errorName(errorCode), message: PERMISSION_MISSING.read, retryAt: Date.now() + PERMISSION_RETRY_MS };
  }
  logger.warn({ topic: state.source.topic, partition: state.source.partition, error: errorName(errorCode) }, 'fetch error');
  return false;
}
