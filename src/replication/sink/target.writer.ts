import { type BrokerConnection, addPartitionsToTransaction, type ClusterLink, describeTransaction, endTransaction, findTransactionCoordinator, initProducerId, isAuthorizationError, isFenced, KafkaErrorCode, kafkaErrorCode, type ProduceBatch, type ProducedPartition, produceRaw, type ProducerIdentity, restampBatch, toKafkaClientError } from '../../kafka/index.ts';
import { setTimeout as sleep } from 'node:timers/promises';
import { resendable } from './resend.ts';
import { PartitionTable } from '../partition-table.ts';

/** A batch on its way to one target partition; `recordCount` advances the partition's sequence. */
export interface OutgoingBatch {
  topic: string;
  partition: number;
  bytes: Buffer;
  recordCount: number;
}

export type BatchOutcome = { ok: true; baseOffset: number } | { ok: false; errorCode: number; message: string };

/** Requests stay well under the broker's socket.request.max.bytes (100 MiB by default). */
const MAX_REQUEST_BYTES = 16 * 1024 * 1024;
const PRODUCE_TIMEOUT_MS = 30_000;
/** Resends of a batch that failed transiently, 0.2, 0.4 and 0.8 s apart; after that the caller re-initialises and rewinds. */
const MAX_RESENDS = 3;
const RESEND_BACKOFF_MS = 200;

/**
 * Connections per target broker that a write is spread over. A broker works on one request of a
 * connection at a time, on one of its request threads. A migration's first copy writes while the target
 * is still making the logs of thousands of new partitions, and a produce request then waited up to
 * 1.5 s in the broker; with two connections the other request thread goes on meanwhile. Measured on the
 * seed's-width bench set (360 topics / 2,000 partitions, 2 cores): time writing 23-24 s -> 15 s.
 */
const WRITE_LANES = 2;

/** The lane of a partition: spread by topic and partition, the same on every write. */
function laneOf(topic: string, partition: number): number {
  let h = partition;
  for (let i = 0; i < topic.length; i++) h = (Math.imul(h, 31) + topic.charCodeAt(i)) | 0;
  return Math.abs(h) % WRITE_LANES;
}

const COORDINATOR_BUSY = new Set<number>([
  KafkaErrorCode.COORDINATOR_NOT_AVAILABLE,
  KafkaErrorCode.COORDINATOR_LOAD_IN_PROGRESS,
  KafkaErrorCode.NOT_COORDINATOR,
  KafkaErrorCode.CONCURRENT_TRANSACTIONS,
  // A topic created a moment ago (the job's own, or one the sync made) may not be known to the coordinator yet.
  KafkaErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
]);

/** Coordinator states of a transaction under way: a holder of the id is using it now. */
const MID_TRANSACTION = new Set(['Ongoing', 'PrepareCommit', 'PrepareAbort', 'PrepareEpochFence']);

/** Retries `op` while the transaction coordinator is loading, moving or finishing the previous transaction. */
async function whileCoordinatorBusy<T>(op: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await op();
    } catch (err) {
      const code = kafkaErrorCode(err);
      if (code === undefined || !COORDINATOR_BUSY.has(code) || attempt >= 60) throw err;
      await sleep(Math.min(1_000, 10 * 2 ** Math.min(attempt, 7)));
    }
  }
}

/**
 * The job's producer on the target: idempotent always, transactional in ExactlyOnce mode. It writes
 * batches that are already encoded (forwarded source batches, or re-encoded ones), stamping each with
 * its producer id, epoch and sequence on the way out.
 *
 * Recovery from any failure is one call: `init()` again. For a transactional id that bumps the epoch,
 * which aborts whatever transaction was open and fences any other holder of the id (a zombie worker),
 * and it restarts every sequence at 0; the caller rewinds to its last committed positions.
 */
export class TargetWriter {
  readonly #link: ClusterLink;
  readonly #transactionalId: string | null;
  readonly #transactionTimeoutMs: number;
  #producer: ProducerIdentity | undefined;
  #coordinator: BrokerConnection | undefined;
  #sequences = new PartitionTable<number>();
  #inTransaction = new PartitionTable<true>();
  /**
   * When our open transaction began (its first partition), until it ends or a new InitProducerId
   * replaces the identity it was open under. It outlives a failed init on purpose: through a long
   * outage of the target, the coordinator aborts the transaction once it is back (bumping the epoch),
   * and that must read as our transaction expiring, not as a newer holder of the id.
   */
  #openSince: number | undefined;
  /** An InitProducerId of ours went out and no answer came: the coordinator may have bumped the epoch for it. */
  #initInDoubt = false;
  #leaders = new PartitionTable<number>();

  constructor(link: ClusterLink, transactionalId: string | null, transactionTimeoutMs = 60_000) {
    this.#link = link;
    this.#transactionalId = transactionalId;
    this.#transactionTimeoutMs = transactionTimeoutMs;
  }

  get producer(): ProducerIdentity | undefined {
    return this.#producer;
  }

  /** InitProducerId, retried while the coordinator is loading, moving or still aborting our last transaction. */
  async init(): Promise<ProducerIdentity> {
    try {
      return await whileCoordinatorBusy(() => this.#init());
    } catch (err) {
      const code = kafkaErrorCode(err);
      if (code === undefined || !isAuthorizationError(code)) throw err;
      // Name what the job may not use: the transactional id (or, before Kafka 2.8, IdempotentWrite on the cluster).
      throw toKafkaClientError(this.#transactionalId ? `starting transactions as ${this.#transactionalId} on the target` : 'starting the idempotent producer on the target', err);
    }
  }

  async #init(): Promise<ProducerIdentity> {
    // Past its timeout our transaction was aborted by the coordinator, which bumped the epoch itself:
    // the id is taken afresh, as on a first start.
    const previous = this.#transactionalId && !this.transactionExpired() ? this.#producer : undefined;
    if (previous) await this.#endOwnTransaction(this.#transactionalId!, previous);
    this.#sequences.clear();
    this.#inTransaction.clear();
    this.#leaders.clear();
    if (this.#transactionalId) {
      const any = await this.#link.anyConnection();
      const c = await findTransactionCoordinator(any, this.#transactionalId);
      this.#coordinator = await this.#link.connectionToHost(c.host, c.port);
      this.#initInDoubt ||= previous !== undefined;
      this.#producer = await initProducerId(this.#coordinator, this.#transactionalId, this.#transactionTimeoutMs, previous);
      this.#initInDoubt = false;
      this.#openSince = undefined;
    } else {
      this.#producer = await initProducerId(await this.#link.anyConnection(), null, this.#transactionTimeoutMs);
    }
    return this.#producer;
  }

  /**
   * Before taking its id again, a writer that held it aborts what it left open, under the epoch it held.
   * That is also the question whether the id is still ours: a worker that was paused and replaced (a
   * zombie whose next request failed for another reason) must not take the id back from its replacement,
   * and its abort answers PRODUCER_FENCED. InitProducerId is sent only once nothing of ours is open: on
   * an open transaction the coordinator would bump the epoch without remembering from which, and could
   * no longer tell our retry from a newer holder.
   *
   * PRODUCER_FENCED is ours after all when an InitProducerId of ours went out without an answer (the
   * target went away mid-request): the coordinator may have bumped the epoch for it. Unless another
   * holder is inside a transaction, InitProducerId with our epoch then settles it: the coordinator
   * answers its own bump again, or refuses a newer holder.
   */
  async #endOwnTransaction(transactionalId: string, previous: ProducerIdentity): Promise<void> {
    const coordinator = async (): Promise<BrokerConnection> => {
      const c = await findTransactionCoordinator(await this.#link.anyConnection(), transactionalId);
      return this.#link.connectionToHost(c.host, c.port);
    };
    try {
      await whileCoordinatorBusy(async () => endTransaction(await coordinator(), transactionalId, previous, false));
    } catch (err) {
      const code = kafkaErrorCode(err);
      // Nothing is open under our identity (or the coordinator no longer knows the id): nothing to end.
      if (code === KafkaErrorCode.INVALID_TXN_STATE || code === KafkaErrorCode.INVALID_PRODUCER_ID_MAPPING) return;
      if (code !== undefined && isFenced(code) && this.#initInDoubt && !(await this.#anotherHolderMidTransaction(await coordinator(), transactionalId, previous))) return;
      throw err;
    }
  }

  /** Whether the id's coordinator is inside a transaction under an epoch other than ours. Unknown (a target before Kafka 3.0) reads as no. */
  async #anotherHolderMidTransaction(coordinator: BrokerConnection, transactionalId: string, previous: ProducerIdentity): Promise<boolean> {
    const t = await describeTransaction(coordinator, transactionalId).catch(() => undefined);
    return t !== undefined && t.producerEpoch !== previous.producerEpoch && MID_TRANSACTION.has(t.state);
  }

  /** Adds partitions to the open transaction (a transaction opens with its first partition). */
  async addToTransaction(partitions: Array<{ topic: string; partition: number }>): Promise<void> {
    if (!this.#transactionalId) return;
    const fresh = partitions.filter((p) => !this.#inTransaction.get(p.topic, p.partition));
    if (fresh.length === 0) return;
    // Taken before the request, so our clock never starts after the coordinator's; kept only once it holds a partition.
    const asked = Date.now();
    // Right after a commit the coordinator is still writing its markers and answers CONCURRENT_TRANSACTIONS.
    await whileCoordinatorBusy(() => addPartitionsToTransaction(this.#coordinator!, this.#transactionalId!, this.#producer!, fresh));
    this.#openSince ??= asked;
    for (const p of fresh) this.#inTransaction.set(p.topic, p.partition, true);
  }

  /**
   * Whether the open transaction has outlived its timeout, so the coordinator may have aborted it and
   * bumped the epoch: a write refused as fenced then says that, not that another holder of the id took over.
   */
  transactionExpired(now = Date.now()): boolean {
    return this.#openSince !== undefined && now - this.#openSince >= this.#transactionTimeoutMs;
  }

  async commit(): Promise<void> {
    await this.#end(true);
  }

  async abort(): Promise<void> {
    await this.#end(false);
  }

  async #end(commit: boolean): Promise<void> {
    if (!this.#transactionalId || this.#inTransaction.size === 0) return;
    await whileCoordinatorBusy(() => endTransaction(this.#coordinator!, this.#transactionalId!, this.#producer!, commit));
    this.#inTransaction.clear();
    this.#openSince = undefined;
  }

  /**
   * Writes the batches, keeping each partition's order: the k-th batch of every partition goes in the
   * k-th wave (Kafka takes one batch per partition per request), and waves to one broker are sent
   * back to back on its connection, which keeps them in order. Resolves with one outcome per batch,
   * in the order given.
   *
   * A write whose answer never came (a timeout, a dropped connection) or that a broker turned away
   * for now (a leader moving) is sent again as it was stamped, as Kafka's own producer retries: the
   * broker keeps the last five batches of each producer per partition and answers a batch it already
   * wrote with the offsets it wrote it at. Re-initialising instead would restart the sequences, and
   * everything the broker had written would be written twice.
   */
  async write(batches: OutgoingBatch[]): Promise<BatchOutcome[]> {
    if (batches.length === 0) return [];
    const stamped = batches.map((b) => this.#stamp(b));
    const outcomes: BatchOutcome[] = new Array(batches.length);
    await this.#send(batches, stamped, batches.map((_, i) => i), outcomes);
    for (let resend = 1; resend <= MAX_RESENDS; resend++) {
      const again = resendable(batches, outcomes);
      if (again.length === 0) break;
      // The leaders are asked again: a moved leader, or a broker that went away, is the usual cause.
      this.#leaders.clear();
      await sleep(RESEND_BACKOFF_MS * 2 ** (resend - 1));
      await this.#send(batches, stamped, again, outcomes);
    }
    return outcomes;
  }

  /** Sends the batches `indexes` names (stamped already) and fills in their outcomes. */
  async #send(batches: OutgoingBatch[], stamped: ProduceBatch[], indexes: number[], outcomes: BatchOutcome[]): Promise<void> {
    await this.#resolveLeaders(indexes.map((i) => batches[i]!));
    await Promise.all(
      [...this.#planRequests(batches, indexes)].map(async ([{ leader, lane }, list]) => {
        const connection = await this.#link.connectionTo(leader, lane);
        const sent = list.map((req) =>
          produceRaw(connection, this.#transactionalId, PRODUCE_TIMEOUT_MS, req.map((i) => stamped[i]!)).then(
            (res) => ({ req, res, err: undefined }),
            (err: unknown) => ({ req, res: undefined, err }),
          ),
        );
        for (const { req, res, err } of await Promise.all(sent)) {
          const byPartition = new PartitionTable<ProducedPartition>();
          for (const p of res ?? []) byPartition.set(p.topic, p.partition, p);
          for (const i of req) {
            const b = batches[i]!;
            const r = byPartition.get(b.topic, b.partition);
            if (!r) {
              outcomes[i] = { ok: false, errorCode: KafkaErrorCode.NETWORK_EXCEPTION, message: err instanceof Error ? err.message : 'no response for the partition' };
            } else if (r.errorCode !== 0) {
              if (r.errorCode === KafkaErrorCode.NOT_LEADER_OR_FOLLOWER) this.#leaders.clear();
              const detail = [r.errorMessage, ...r.recordErrors.map((e) => e.message)].filter(Boolean).join('; ');
              outcomes[i] = { ok: false, errorCode: r.errorCode, message: detail };
            } else {
              outcomes[i] = { ok: true, baseOffset: Number(r.baseOffset) };
            }
          }
        }
      }),
    );
  }

  #stamp(b: OutgoingBatch): ProduceBatch {
    const sequence = this.#sequences.get(b.topic, b.partition) ?? 0;
    // Sequences wrap at 2^31 as Kafka's do.
    this.#sequences.set(b.topic, b.partition, (sequence + b.recordCount) % 2 ** 31);
    const p = this.#producer!;
    return {
      topic: b.topic,
      partition: b.partition,
      batch: restampBatch(b.bytes, { producerId: p.producerId, producerEpoch: p.producerEpoch, baseSequence: sequence, transactional: this.#transactionalId !== null }),
    };
  }

  /**
   * Groups the batch indexes by leader and lane into requests: wave by wave, each request under the
   * size cap. A partition always takes the same lane, so its batches keep their order.
   */
  #planRequests(batches: OutgoingBatch[], indexes: number[]): Map<{ leader: number; lane: number }, number[][]> {
    const waveOf = new PartitionTable<number>();
    const waves: number[][] = [];
    indexes.forEach((i) => {
      const b = batches[i]!;
      const w = waveOf.get(b.topic, b.partition) ?? 0;
      waveOf.set(b.topic, b.partition, w + 1);
      (waves[w] ??= []).push(i);
    });
    const routes = new Map<string, { route: { leader: number; lane: number }; requests: number[][] }>();
    for (const wave of waves) {
      const perRoute = new Map<string, number[]>();
      for (const i of wave) {
        const b = batches[i]!;
        const key = `${this.#leaders.get(b.topic, b.partition)!}:${laneOf(b.topic, b.partition)}`;
        const list = perRoute.get(key);
        if (list) list.push(i);
        else perRoute.set(key, [i]);
      }
      for (const [key, indexes] of perRoute) {
        let entry = routes.get(key);
        if (!entry) {
          const [leader, lane] = key.split(':').map(Number) as [number, number];
          routes.set(key, (entry = { route: { leader, lane }, requests: [] }));
        }
        let current: number[] = [];
        let size = 0;
        for (const i of indexes) {
          const len = batches[i]!.bytes.length;
          if (current.length > 0 && size + len > MAX_REQUEST_BYTES) {
            entry.requests.push(current);
            current = [];
            size = 0;
          }
          current.push(i);
          size += len;
        }
        if (current.length > 0) entry.requests.push(current);
      }
    }
    return new Map([...routes.values()].map((e) => [e.route, e.requests]));
  }

  async #resolveLeaders(batches: OutgoingBatch[]): Promise<void> {
    const missing = new Set<string>();
    for (const b of batches) if (this.#leaders.get(b.topic, b.partition) === undefined) missing.add(b.topic);
    if (missing.size === 0) return;
    for (const l of await this.#link.leaders([...missing])) this.#leaders.set(l.topic, l.partition, l.leader);
    const unknown = batches.find((b) => (this.#leaders.get(b.topic, b.partition) ?? -1) < 0);
    if (unknown) throw new Error(`target partition ${unknown.topic}/${unknown.partition} has no leader (does the topic exist with enough partitions?)`);
  }
}
