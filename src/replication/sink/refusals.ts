import { errorName, isAuthorizationError, isFenced, KafkaClientError, kafkaErrorCode, refusedPartitions, refusesRecords } from '../../kafka/index.ts';
import { MirrorError } from '../../errors/mirror-error.ts';
import type { Logger } from '../../runtime/logger.ts';
import { partitionKey } from '../assignment.ts';
import { jobTopics } from '../checkpoints/internal-topics.ts';
import { PERMISSION_MISSING, PERMISSION_RETRY_MS, type PartitionState } from '../partition-state.ts';
import type { BatchOutcome, TargetWriter } from './target.writer.ts';

/** A worker's write was rejected because another holder of its transactional id took over. */
export class FencedError extends MirrorError {
  constructor(detail: string) {
    super(`this worker was fenced by a newer instance of itself (${detail}); stopping`, { reason: 'Fenced', retriable: false });
  }
}

/** Thrown to abandon the open interval; its transaction is aborted and nothing advances. */
export class RoundFailed extends Error {}

/** A batch written for a partition, and the source offset of its first record (where the partition stops if it is refused). */
export interface BatchOwner {
  state: PartitionState;
  firstOffset: number;
  /** The batch joins several source batches (prepare-partition.ts). */
  joined?: boolean;
}

/**
 * What the target's refusals mean for the worker. A refused record or a missing write permission
 * stops its partition (never a silent skip) and abandons the interval; a refusal of the job's own
 * topics is the worker's problem, not a partition's; a fenced answer means a newer instance of the
 * worker took over, unless our own transaction outlived its timeout.
 */
export class Refusals {
  readonly #writer: TargetWriter;
  readonly #logger: Logger;
  readonly #jobId: string;

  constructor(writer: TargetWriter, logger: Logger, jobId: string) {
    this.#writer = writer;
    this.#logger = logger;
    this.#jobId = jobId;
  }

  /** Takes the transactional id (again); the writer refuses when a newer holder has it, and then this worker is the zombie. */
  async initWriter(): Promise<void> {
    try {
      await this.#writer.init();
    } catch (err) {
      const code = kafkaErrorCode(err);
      throw code !== undefined && isFenced(code) ? new FencedError(errorName(code)) : err;
    }
  }

  /** Fenced by a newer holder of our transactional id, unless our transaction outlived its timeout and the coordinator aborted it. */
  fenced(errorCode: number): Error {
    if (!this.#writer.transactionExpired()) return new FencedError(errorName(errorCode));
    return new RoundFailed(`the transaction outlived its timeout and the target aborted it (${errorName(errorCode)})`);
  }

  /**
   * Stops partitions whose records the target refused, or that the job may not write; any failure
   * abandons the interval. `owners[i]` is the partition of outcome i; an outcome without one is a
   * write to the job's own topics.
   */
  failOnRefusals(outcomes: readonly BatchOutcome[], owners: ReadonlyArray<BatchOwner | undefined>): void {
    let failed: string | undefined;
    outcomes.forEach((o, i) => {
      if (o.ok) return;
      if (isFenced(o.errorCode)) throw this.fenced(o.errorCode);
      const owner = owners[i];
      if (!owner && isAuthorizationError(o.errorCode)) throw this.ownTopicsDenied(o.errorCode);
      if (owner && isAuthorizationError(o.errorCode)) this.#stopDenied(owner.state, owner.firstOffset, o.errorCode);
      else if (owner?.joined && refusesRecords(o.errorCode)) {
        // Which record was refused is unknown: the round is tried again with the partition's batches as the source has them.
        owner.state.unjoined = true;
        this.#logger.warn({ topic: owner.state.source.topic, partition: owner.state.source.partition, error: errorName(o.errorCode), detail: o.message }, 'the target refused a joined batch; this partition\'s batches are copied one by one from now on');
      } else if (owner && refusesRecords(o.errorCode)) {
        const s = owner.state;
        s.stopped = { offset: owner.firstOffset, error: errorName(o.errorCode), message: o.message };
        this.#logger.error({ topic: s.source.topic, partition: s.source.partition, offset: owner.firstOffset, error: errorName(o.errorCode), detail: o.message }, 'the target refused a record; this partition stops here');
      }
      failed ??= `${errorName(o.errorCode)}${o.message ? ` (${o.message})` : ''}`;
    });
    if (failed) throw new RoundFailed(`a write to the target failed: ${failed}`);
  }

  /**
   * AddPartitionsToTxn refused some partitions. Target partitions the job may not write stop where
   * their copy stands (the Degraded condition names them); the job's own topics refused goes up to
   * the worker, which reports it and retries. Anything else is an ordinary failure of the interval.
   */
  failOnDeniedPartitions(err: unknown, states: readonly PartitionState[]): never {
    const denied = refusedPartitions(err).filter((p) => isAuthorizationError(p.errorCode));
    if (denied.length === 0) throw err;
    const byTarget = new Map(states.map((s) => [partitionKey(s.target), s]));
    const own = denied.find((p) => !byTarget.has(partitionKey(p)));
    if (own) throw this.ownTopicsDenied(own.errorCode);
    for (const p of denied) {
      const state = byTarget.get(partitionKey(p))!;
      this.#stopDenied(state, state.position, p.errorCode);
    }
    throw new RoundFailed(`the target refused ${denied.length} partition(s) in the transaction: ${errorName(denied[0]!.errorCode)}`);
  }

  ownTopicsDenied(errorCode: number): KafkaClientError {
    const topics = jobTopics(this.#jobId);
    return new KafkaClientError(`writing the job's topics ${topics.checkpoints} and ${topics.offsetMap}`, errorName(errorCode), false, 'the job may not write them on the target');
  }

  #stopDenied(state: PartitionState, offset: number, errorCode: number): void {
    state.stopped = { offset, error: errorName(errorCode), message: PERMISSION_MISSING.write, retryAt: Date.now() + PERMISSION_RETRY_MS };
    this.#logger.error({ topic: state.source.topic, partition: state.source.partition, target: state.target.topic, offset, error: errorName(errorCode) }, 'the job may not write the target topic; this partition stops here');
  }
}
