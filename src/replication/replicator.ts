import { setTimeout as sleep } from 'node:timers/promises';
import { type ClusterLink, isAuthorizationFailure, isFenced, KafkaClientError, KafkaErrorCode, kafkaErrorCode, kafkaReasonOf, splitBatches } from '../kafka/index.ts';
import type { Logger } from '../runtime/logger.ts';
import type { ReplicationMetrics } from './replication.metrics.ts';
import { partitionKey } from './assignment.ts';
import { checkCurrent, enterGeneration, SupersededError } from './generation.ts';
import { appendRun, runsOfRecords, type OffsetRun } from './offset-map/offset-runs.ts';
import { OpenInterval, type CommittedPartition } from './open-interval.ts';
import { emptyTotals, retryDue, type PartitionState, type ReplicationTotals } from './partition-state.ts';
import { fetchUsable, permittedAgain, retryingNow } from './permission-stops.ts';
import { CheckpointStore } from './checkpoints/checkpoints.store.ts';
import { jobTopics } from './checkpoints/internal-topics.ts';
import { transactionalIdOf, type ReplicationConfig } from './replication-config.ts';
import { preparePartition, type PreparedBatch } from './source/prepare-partition.ts';
import { patientFetchLimits, SourceReader } from './source/source.reader.ts';
import { FetchAhead, FetchPositionCache } from './source/fetch-ahead.ts';
import { pastDeletedRecords } from './source/past-deleted-records.ts';
import { LoopGuard } from './provenance/loop-guard.ts';
import { refreshShare } from './worker-share.ts';
import { failureReason } from './failure-reason.ts';
import { ByteRateLimiter } from './byte-rate-limiter.ts';
import { startProducer } from './sink/producer-start.ts';
import { TargetEnds } from './sink/target-ends.ts';
import { FencedError, Refusals } from './sink/refusals.ts';
import { TargetWriter, type OutgoingBatch } from './sink/target.writer.ts';

const MAX_REFRESH_MS = 2_000;
const FETCH_ERROR_PAUSE_MS = 200;
const WAITING_REFRESH_MS = 1_000;

/** What one fetch does with one partition: copy `batches` and move its position to `next`. */
interface PartitionWork {
  state: PartitionState;
  batches: PreparedBatch[];
  next: number;
}

/**
 * A transaction stays open for the commit interval plus one wave: a produce may wait its 30 s timeout
 * and a rate-limited wave pauses. Its timeout leaves room for both (brokers allow up to 15 minutes).
 */
const TRANSACTION_TIMEOUT_MARGIN_MS = 60_000;

/**
 * An interval commits early once it holds this much data: a bulk copy commits about every four fetches
 * (16 MiB each). A commit is a round of progress writes and an EndTxn, 40-70 ms on a 2-core machine; at
 * 16 MiB the 2 GB ExactlyOnce bench copy spent 2.7-3.4 s in 61 commits, at 64 MiB 1.0-1.9 s in 25.
 * Nothing is held in memory for it (data is written as it is fetched); a failure re-copies at most this much.
 */
const INTERVAL_BYTE_CAP = 64 * 1024 * 1024;

export interface ReplicatorDeps {
  source: ClusterLink;
  target: ClusterLink;
  logger: Logger;
  metrics?: ReplicationMetrics;
}

/**
 * Copies one worker's share of a job: fetch from the source leaders, forward or re-encode, write to
 * the target, and once per commit interval (open-interval.ts) write the progress that describes it and
 * commit (one transaction per interval in ExactlyOnce); only what became durable advances.
 */
export class Replicator {
  readonly partitions = new Map<string, PartitionState>();
  readonly totals: ReplicationTotals = emptyTotals();
  readonly #config: ReplicationConfig;
  readonly #deps: ReplicatorDeps;
  readonly #store: CheckpointStore;
  readonly #fetches: FetchAhead;
  readonly #positions = new FetchPositionCache();
  readonly #writer: TargetWriter;
  readonly #refusals: Refusals;
  readonly #exactlyOnce: boolean;
  readonly #open = new OpenInterval();
  readonly #targetEnds: TargetEnds;
  #lastRefresh = 0;
  #ready = false;
  #trouble: string | undefined;
  #guard: LoopGuard | undefined;
  readonly #limiter: ByteRateLimiter | undefined;
  #sourceClusterId = '';
  #lagMeasuredAt: number | undefined;

  constructor(config: ReplicationConfig, deps: ReplicatorDeps) {
    this.#config = config;
    this.#deps = deps;
    this.#exactlyOnce = config.delivery === 'ExactlyOnce';
    this.#limiter = config.maxBytesPerSecond ? new ByteRateLimiter(config.maxBytesPerSecond) : undefined;
    this.#store = new CheckpointStore(deps.target, jobTopics(config.jobId));
    this.#fetches = new FetchAhead(new SourceReader(deps.source, patientFetchLimits(config.fetch, config.delivery, config.commitIntervalMs)));
    this.#writer = new TargetWriter(deps.target, this.#exactlyOnce ? transactionalIdOf(config.jobId, config.revision, config.workerIndex) : null, config.commitIntervalMs + TRANSACTION_TIMEOUT_MARGIN_MS);
    this.#refusals = new Refusals(this.#writer, deps.logger, config.jobId);
    this.#targetEnds = new TargetEnds(deps.target, deps.logger);
  }

  /** True once the worker has its generation, its assignment and its start positions. */
  get ready(): boolean {
    return this.#ready;
  }

  /**
   * When the fetch that last set every active partition's end offset was sent (ms since the epoch):
   * the lag the worker reports is the source's end as of then, never newer. A fetch waits up to its
   * maxWaitMs, so "0 behind" alone does not say the records written a moment ago are copied.
   */
  get lagMeasuredAt(): number | undefined {
    return this.#lagMeasuredAt;
  }

  /** Why the run is not copying while it retries a failure inside itself (see #recover); undefined while it copies. */
  get trouble(): string | undefined {
    return this.#trouble;
  }

  /**
   * Copies until `signal` aborts. A run that threw may be run again (the worker retries with backoff):
   * the interval the failed run left open is abandoned first, since the writer's init below aborts its
   * transaction; fetching on from it would commit positions past records the target never kept.
   */
  async run(signal: AbortSignal): Promise<void> {
    this.#ready = false;
    this.#trouble = undefined;
    this.#abandonInterval();
    const took = await this.#start(signal);
    this.#ready = true;
    // Debug: routine on every start, and a clean CLI run keeps stderr empty.
    this.#deps.logger.debug({ partitions: this.partitions.size, ms: took }, 'replicator ready');
    while (!signal.aborted) {
      if (Date.now() - this.#lastRefresh > this.#refreshIntervalMs()) await this.#refreshAssignment();
      try {
        const copied = await this.#wave();
        if (this.#open.due(Date.now(), this.#config.commitIntervalMs, INTERVAL_BYTE_CAP, () => this.#caughtUp())) await this.#commit();
        else if (!copied && this.#active(Date.now()).length === 0) await sleep(500, undefined, { signal }).catch(() => undefined);
      } catch (err) {
        if (err instanceof FencedError || err instanceof SupersededError) throw err;
        await this.#recover(err);
      }
    }
    await this.#commitOnStop();
  }

  /**
   * Everything before the first fetch, in milliseconds per step: the log says what a (re)start waited
   * for, and worker 0's first sync pass waits for all of it.
   */
  async #start(signal: AbortSignal): Promise<Record<string, number>> {
    const took: Record<string, number> = {};
    const step = async (name: string, work: () => Promise<unknown>): Promise<void> => {
      const started = performance.now();
      await work();
      took[name] = Math.round(performance.now() - started);
    };
    await step('ownTopics', () => this.#store.ensureTopics());
    await step('clusterIds', async () => {
      this.#guard = new LoopGuard(this.#deps.source, await this.#deps.target.clusterId());
      this.#sourceClusterId = await this.#deps.source.clusterId();
    });
    await step('producer', () => this.#startProducer());
    if (this.#exactlyOnce) await step('generation', () => enterGeneration(this.#config, this.#deps.target, this.#store, this.#writer, signal));
    await step('assignment', () => this.#refreshAssignment());
    return took;
  }

  /**
   * New source topics must start copying within 10 s of their creation, whatever the sync interval
   * (the sync's topic discovery creates them on the target within about 2 s): look again at least
   * every 2 s, and every second while a partition waits for its target topic (worker 0's sync, or
   * another process's, creates it between two of our looks).
   */
  #refreshIntervalMs(): number {
    const waiting = [...this.partitions.values()].some((p) => p.waitingForTarget);
    return Math.min(this.#config.metadataRefreshMs, waiting ? WAITING_REFRESH_MS : MAX_REFRESH_MS);
  }

  /** Every active partition's open position is at the end its last fetch answer gave: nothing is left to copy for now. */
  #caughtUp(): boolean {
    return this.#active(Date.now()).every((p) => this.#open.position(p) >= p.endOffset);
  }

  /**
   * Active partitions: assigned, with a target partition to write to, and not stopped; a stopped one
   * still copies the records before the one the target refused, which were aborted along with it.
   */
  #active(now: number): PartitionState[] {
    const active: PartitionState[] = [];
    for (const p of this.partitions.values()) if (!p.waitingForTarget && (!p.stopped || this.#open.position(p) < p.stopped.offset || retryDue(p.stopped, now))) active.push(p);
    return active;
  }

  /**
   * One fetch and its writes, into the open interval: data goes to the target now (inside the open
   * transaction in ExactlyOnce); progress is written when the interval commits.
   */
  async #wave(): Promise<boolean> {
    const now = Date.now();
    const active = this.#active(now);
    if (active.length === 0) return false;
    const open = this.#open;
    const retrying = retryingNow(active, now, this.#deps.logger);
    const waitedFrom = performance.now();
    // Known once a partition is written or its end read: unknown after a start, for every partition.
    const unknown = active.filter((p) => open.targetNext(p) === undefined);
    const targetEnds = await this.#targetEnds.holdUnanswered(unknown);
    const unknownTargetNext = unknown.filter((p) => !p.waitingForTarget);
    const fetchable = unknownTargetNext.length === unknown.length ? active : active.filter((p) => !p.waitingForTarget);
    if (fetchable.length === 0) return false;
    const { fetched, startedAt: fetchedAt } = await this.#fetches.take(fetchable.map((p) => this.#positions.at(p.source, open.position(p))));
    this.#deps.metrics?.step('fetch', (performance.now() - waitedFrom) / 1000);
    const work: PartitionWork[] = [];
    const outOfRange: PartitionState[] = [];
    // Split once: the loop guard looks at every batch's producer id, then the same batches are prepared.
    const split = fetched.map((f) => ({ f, batches: splitBatches(f.records) }));
    const looped = await this.#guard!.classify(split.flatMap(({ batches }) => batches.map((b) => b.producerId)));
    // Once per producer id: its batches move positions without a copy, which the log must account for.
    if (looped.length > 0) this.#deps.logger.info({ producerIds: looped.map(String) }, 'batches of these producers came from this job\'s target (a mirror job announced them); they are skipped, not copied back');
    for (const { f, batches: raw } of split) {
      const state = this.partitions.get(partitionKey(f))!;
      if (f.errorCode === KafkaErrorCode.OFFSET_OUT_OF_RANGE) outOfRange.push(state);
      if (!fetchUsable(state, f.errorCode, this.#deps.logger)) continue;
      permittedAgain(state, 'read', this.#deps.logger);
      state.endOffset = f.lastStableOffset >= 0 ? f.lastStableOffset : f.highWatermark;
      const position = open.position(state);
      const prepared = preparePartition(f, raw, position, (producerId) => this.#guard!.isLooped(producerId), !state.unjoined);
      const stop = retrying.has(state) ? Infinity : (state.stopped?.offset ?? Infinity);
      const batches = prepared.batches.filter((b) => b.firstOffset < stop);
      const next = Math.min(prepared.nextPosition, stop);
      if (next > position) work.push({ state, batches, next });
    }
    if (fetched.every((f) => f.errorCode === KafkaErrorCode.NONE)) this.#lagMeasuredAt = fetchedAt;
    const moved = await pastDeletedRecords(outOfRange, (s) => open.position(s), { ...this.#deps, totals: this.totals });
    for (const m of moved) work.push({ ...m, batches: [] });
    // A partition with nothing to copy records where its next copy will land, once: a group committed at its position translates.
    const moving = new Set(work.map((w) => w.state));
    for (const state of unknownTargetNext) if (!moving.has(state) && targetEnds.has(partitionKey(state.target))) work.push({ state, batches: [], next: open.position(state) });
    if (work.length === 0) {
      // A partition that keeps failing its fetch (an error comes back at once) is retried at a walk, not in a spin.
      if (fetched.some((f) => f.errorCode !== KafkaErrorCode.NONE)) await sleep(FETCH_ERROR_PAUSE_MS);
      return false;
    }
    // The next fetch runs while this one writes, from where this one leaves each partition.
    const after = new Map(work.map((w) => [w.state, w.next]));
    this.#fetches.start(fetchable.map((p) => this.#positions.at(p.source, after.get(p) ?? open.position(p))));

    const outgoing: OutgoingBatch[] = [];
    const owners: Array<{ w: (typeof work)[number]; batch: PreparedBatch }> = [];
    for (const w of work) {
      for (const batch of w.batches) {
        outgoing.push({ topic: w.state.target.topic, partition: w.state.target.partition, bytes: batch.bytes, recordCount: batch.recordCount });
        owners.push({ w, batch });
      }
    }
    const writeFrom = performance.now();
    if (this.#exactlyOnce) {
      // The writer adds each partition once per transaction: one AddPartitionsToTxn per interval at a trickle.
      const targets = new Map(work.filter((w) => w.batches.length > 0).map((w) => [partitionKey(w.state.target), w.state.target]));
      await this.#writer.addToTransaction([...targets.values(), ...this.#store.internalPartitions()]).catch((err: unknown) => this.#refusals.failOnDeniedPartitions(err, work.map((w) => w.state)));
    }
    const outcomes = await this.#writer.write(outgoing);
    this.#deps.metrics?.step('write', (performance.now() - writeFrom) / 1000);
    const runs = new Map<PartitionState, OffsetRun[]>();
    outcomes.forEach((o, i) => {
      const { w, batch } = owners[i]!;
      if (!o.ok) return;
      const list = runs.get(w.state) ?? [];
      const batchRuns = batch.offsets ? runsOfRecords(batch.offsets, o.baseOffset) : [{ source: batch.firstOffset, target: o.baseOffset, count: batch.recordCount }];
      for (const r of batchRuns) appendRun(list, r);
      runs.set(w.state, list);
    });
    this.#refusals.failOnRefusals(outcomes, owners.map(({ w, batch }) => ({ state: w.state, firstOffset: batch.firstOffset, joined: batch.joined === true })));

    for (const w of work) open.add(w.state, w.next, w.batches, runs.get(w.state) ?? [], targetEnds.get(partitionKey(w.state.target)), now);
    if (outgoing.length > 0) open.fetched(fetchedAt);
    const pause = this.#limiter?.delayAfter(outgoing.reduce((n, b) => n + b.bytes.length, 0)) ?? 0;
    if (pause > 0) await sleep(pause);
    return true;
  }

  /** Makes the open interval durable: its progress, once per partition, then the commit; positions move only now. */
  async #commit(): Promise<void> {
    const from = performance.now();
    const progress = await this.#writer.write(this.#store.progressBatches(this.#open.ranges()));
    this.#refusals.failOnRefusals(progress, []);
    if (this.#exactlyOnce) await this.#writer.commit();
    this.#deps.metrics?.step('commit', (performance.now() - from) / 1000);
    const { partitions, fetchStarts } = this.#open.close();
    this.#account(partitions, fetchStarts);
  }

  /** A clean stop commits what the interval holds, so a restart copies none of it again; a failure here only loses the interval. */
  async #commitOnStop(): Promise<void> {
    if (this.#open.empty) return;
    try {
      await this.#commit();
    } catch (err) {
      this.#open.drop();
      this.#deps.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'could not commit the open interval while stopping; a restart copies it again');
    }
  }

  #startProducer(): Promise<void> {
    const { logger } = this.#deps;
    return startProducer({ writer: this.#writer, refusals: this.#refusals, store: this.#store, logger, exactlyOnce: this.#exactlyOnce, sourceClusterId: this.#sourceClusterId });
  }

  /** Moves positions and counters once an interval is durable. */
  #account(partitions: readonly CommittedPartition[], fetchStarts: readonly number[]): void {
    const now = Date.now();
    const m = this.#deps.metrics;
    let newest = 0;
    for (const p of partitions) {
      p.state.position = p.next;
      p.state.targetNext = p.targetNext;
      p.state.copied += p.records;
      this.totals.records += p.records;
      this.totals.bytes += p.bytes;
      this.totals.forwardedBatches += p.forwardedBatches;
      this.totals.reencodedBatches += p.reencodedBatches;
      this.totals.joinedBatches += p.joinedBatches;
      m?.batchesWritten(p);
      if (p.records > 0) {
        m?.committed(p.state.source.topic, p.records, p.bytes);
        permittedAgain(p.state, 'write', this.#deps.logger);
      }
      newest = Math.max(newest, p.newestTimestamp);
    }
    this.totals.transactionsCommitted++;
    m?.transaction('committed');
    if (newest > 0) m?.latency(fetchStarts.map((start) => (now - start) / 1000), (now - newest) / 1000);
  }

  async #recover(err: unknown): Promise<void> {
    const code = kafkaErrorCode(err);
    const fenced = code !== undefined && isFenced(code) ? this.#refusals.fenced(code) : undefined;
    if (fenced instanceof FencedError) throw fenced;
    this.#abandonInterval();
    // A missing permission is not an interval to retry: the worker reports it (and retries with backoff).
    const reason = kafkaReasonOf(err);
    if (reason !== undefined && isAuthorizationFailure(reason)) throw err;
    this.totals.transactionsAborted++;
    this.#deps.metrics?.transaction('aborted');
    this.#deps.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'commit interval failed; rewinding to the last durable positions');
    this.#trouble = await failureReason('replication', err, this.#deps);
    await sleep(1_000);
    // Re-initialising bumps the epoch: the open transaction is aborted and sequences restart.
    for (let attempt = 0; ; attempt++) {
      try {
        await this.#startProducer();
        break;
      } catch (e) {
        if (e instanceof FencedError || attempt > 30 || (e instanceof KafkaClientError && !e.retriable)) throw e;
        this.#trouble = await failureReason('replication', e, this.#deps);
        await sleep(Math.min(5_000, 200 * 2 ** Math.min(attempt, 5)));
      }
    }
    if (this.#exactlyOnce) await checkCurrent(this.#config, this.#store);
    await this.#reloadPositions();
    await this.#refreshAssignment();
    this.#trouble = undefined;
  }

  /**
   * Takes every partition's position from the checkpoints the target holds. A commit whose answer was
   * lost (the connection closed after the request went out) may have committed all the same; the
   * producer init above has settled it either way, so the checkpoints now say which, and copying from
   * the positions in memory would copy that interval a second time.
   */
  async #reloadPositions(): Promise<void> {
    const { checkpoints } = await this.#store.read();
    for (const [key, state] of this.partitions) {
      const durable = checkpoints.get(key);
      if (!durable || durable.end <= state.position) continue;
      this.totals.records += durable.copied - state.copied;
      state.position = durable.end;
      state.copied = durable.copied;
      state.targetNext = durable.targetNext;
    }
  }

  /** Forgets the open interval and the fetch ahead of it: the next fetch starts at the last durable positions. */
  #abandonInterval(): void {
    this.#open.drop();
    this.#fetches.drop();
  }

  /** Looks up topics and partitions again, and takes this worker's share. */
  async #refreshAssignment(): Promise<void> {
    this.#lastRefresh = Date.now();
    await refreshShare(this.partitions, this.#config, this.#deps, this.#store);
  }
}
