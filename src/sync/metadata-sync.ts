import type { MirrorJob } from '../api/index.ts';
import { jobIdOf } from '../job/job-identity.ts';
import { type ClusterLink, type KafkaAdmin, toKafkaClientError } from '../kafka/index.ts';
import type { Logger } from '../runtime/logger.ts';
import type { SyncMetrics } from './sync.metrics.ts';
import type { AclBinding } from '../planner/cluster-snapshot.ts';
import { planMetadataSync } from '../planner/plan-metadata-sync.ts';
import type { Plan, PlanReport } from '../planner/plan.ts';
import { aclKey } from '../planner/ordering.ts';
import { OffsetMapReader } from '../replication/offset-map/offset-map.reader.ts';
import { OffsetIndexer, type OffsetIndexerOptions } from '../replication/offset-map/offset-indexer.ts';
import { partitionKey, type SourcePartition } from '../replication/assignment.ts';
import { jobTopics } from '../replication/checkpoints/internal-topics.ts';
import { applyPlan, describeAction, type ActionOutcome } from './apply-plan.ts';
import { readSideSnapshot, type GroupUnreadable, type ReadClusterSnapshot } from './cluster-snapshot.reader.ts';
import { OwnedAclsStore } from './owned-acls.store.ts';
import { snapshotFilters } from './snapshot-filters.ts';
import { countRound, tallyRound } from './sync-round.ts';
import { RecentCreations } from './recent-creations.ts';
import { planNewTopics } from './topic-discovery.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface MetadataSyncDeps {
  source: KafkaAdmin;
  target: KafkaAdmin;
  /** The target as the data path sees it: the job's offset map and owned-ACL record are read and written through it. */
  targetLink: ClusterLink;
  logger: Logger;
  metrics?: SyncMetrics;
  /** Tests shrink the seal interval and fan-in, and compress the clock and horizon, to run weeks of sealing in seconds. */
  offsetIndex?: Omit<OffsetIndexerOptions, 'logStarts'>;
}

/** What one pass planned, and what it did. */
export interface PlannedRound {
  plan: Plan;
  source: ReadClusterSnapshot;
  target: ReadClusterSnapshot;
  /** Why ACLs are left alone this pass: a cluster whose ACLs cannot be read (no authorizer, no DESCRIBE). */
  aclsSkipped?: string;
  /** The same cause as data: which cluster, and Kafka's error name (e.g. SECURITY_DISABLED). */
  aclsUnreadable?: AclsUnreadable;
}

export interface AclsUnreadable {
  side: 'source' | 'target';
  code: string;
}

export interface SyncRoundResult {
  startedAt: Date;
  durationMs: number;
  /** The planner's report: what it saw, including what it will not change (conflicts, skipped configs, groups). */
  report: PlanReport;
  plan: Plan;
  outcomes: ActionOutcome[];
  applied: number;
  failed: number;
  aclsSkipped?: string;
  aclsUnreadable?: AclsUnreadable;
  /** Matched source groups the job may not describe: not synced, named in the summary. */
  groupsUnreadable?: GroupUnreadable[];
}

/** A pass that ended before applying anything, e.g. a cluster whose topics or groups could not be read. */
export interface SyncPassFailure {
  at: Date;
  /** `CODE: message`, Kafka's error name first. */
  error: string;
}

/**
 * The metadata sync of one job (docs/architecture.md): snapshot both clusters, refresh the
 * offset map, plan (pure, src/planner), persist the ACLs the job will own, apply. Each action stands
 * alone; whatever failed is planned again next pass, so the loop converges without retry state.
 */
export class MetadataSync {
  readonly #job: MirrorJob;
  readonly #deps: MetadataSyncDeps;
  readonly #offsetMap: OffsetMapReader;
  readonly #indexer: OffsetIndexer;
  readonly #ownedStore: OwnedAclsStore;
  /** What the checkpoints topic holds; undefined until loaded. */
  #owned: AclBinding[] | undefined;
  #lastAclsSkipped: string | undefined;
  #lastGroupsUnreadable: string | undefined;
  /**
   * Source topics discovery leaves to the next pass, which reports them: those it could not plan (a
   * conflict) and those the target refused, so a refusal is not retried and logged every 2 s.
   */
  #leftToPass = new Set<string>();
  readonly #recent = new RecentCreations();

  constructor(job: MirrorJob, deps: MetadataSyncDeps) {
    this.#job = job;
    this.#deps = deps;
    const topics = jobTopics(jobIdOf(job));
    this.#offsetMap = new OffsetMapReader(deps.targetLink, topics);
    this.#indexer = new OffsetIndexer(this.#offsetMap, deps.logger, {
      horizonMs: job.spec.groups.translationHorizonDays * DAY_MS,
      ...deps.offsetIndex,
      logStarts: (partitions) => logStarts(deps.source, partitions),
    });
    this.#ownedStore = new OwnedAclsStore(deps.targetLink, topics);
  }

  get offsetMap(): OffsetMapReader {
    return this.#offsetMap;
  }

  /** Snapshots and plans without changing anything (`kafka-mirror plan`). */
  async plan(): Promise<PlannedRound> {
    const spec = this.#job.spec;
    const filters = snapshotFilters(spec);
    this.#owned ??= await this.#ownedStore.load();
    const [source, target] = await Promise.all([
      readSideSnapshot('source', this.#deps.source, filters.source),
      readSideSnapshot('target', this.#deps.target, filters.target),
      this.#offsetMap.refresh(),
    ]);
    await this.#offsetMap.prepare([...source.groups.values()].flatMap((g) => g.offsets));
    const plan = planMetadataSync({ spec, source, target, jobCreatedAcls: this.#owned, translateOffset: this.#offsetMap.translate });
    const unreadable = source.aclsUnreadable ?? target.aclsUnreadable;
    if (!spec.acls.sync || unreadable === undefined) return { plan, source, target };
    // From an unreadable list the planner would create everything or forget what the job owns.
    const side = source.aclsUnreadable ? 'source' : 'target';
    const aclsSkipped = `ACLs of the ${side} cannot be read (${unreadable.code}); ACLs are not synced`;
    const actions = plan.actions.filter((a) => a.kind !== 'CreateAcls' && a.kind !== 'DeleteAcls');
    return { plan: { ...plan, actions, ownedAcls: this.#owned }, source, target, aclsSkipped, aclsUnreadable: { side, code: unreadable.code } };
  }

  /** One pass: plan, persist the owned ACLs (before applying: a crash then leaves a superset), apply. */
  async runOnce(): Promise<SyncRoundResult> {
    const startedAt = new Date();
    const { logger, metrics } = this.#deps;
    const { plan, aclsSkipped, aclsUnreadable, source } = await this.plan();
    const groupsUnreadable = source.groupsUnreadable;
    const unreadableNow = groupsUnreadable?.map((g) => `${g.group}: ${g.code}`).join(', ');
    if (unreadableNow && unreadableNow !== this.#lastGroupsUnreadable) logger.warn({ groups: unreadableNow }, 'source groups the job may not describe are not synced');
    this.#lastGroupsUnreadable = unreadableNow;
    if (aclsSkipped !== this.#lastAclsSkipped && aclsSkipped) logger.warn({ reason: aclsSkipped }, 'ACL sync skipped');
    this.#lastAclsSkipped = aclsSkipped;
    await this.#persistOwned(plan.ownedAcls);
    this.#leftToPass.clear();
    const outcomes = await applyPlan(this.#deps.target, this.#recent.withoutRecent(plan.actions), (o) => this.#record(o));
    await this.#indexer.maintain();
    const tally = tallyRound(plan, outcomes);
    const durationMs = Date.now() - startedAt.getTime();
    if (metrics) countRound(metrics, plan, tally, durationMs);
    if (plan.actions.length > 0 || tally.failed > 0) logger.info({ applied: tally.applied, failed: tally.failed, ms: durationMs }, 'metadata sync pass done');
    return { startedAt, durationMs, report: plan.report, plan, outcomes, applied: tally.applied, failed: tally.failed, ...(aclsSkipped ? { aclsSkipped } : {}), ...(aclsUnreadable ? { aclsUnreadable } : {}), ...(groupsUnreadable ? { groupsUnreadable } : {}) };
  }

  /** A pass that threw (runOnce): counted, logged, and described by Kafka's error name and message. */
  passFailed(err: unknown, startedAt: Date): SyncPassFailure {
    const failure = toKafkaClientError('metadata sync', err);
    this.#deps.metrics?.round('failed', (Date.now() - startedAt.getTime()) / 1000);
    this.#deps.logger.warn({ kafkaError: failure.code, err: failure.message }, 'metadata sync pass failed; retrying next interval');
    return { at: startedAt, error: failure.summary };
  }

  /**
   * Between passes: creates the matched source topics (and partitions) the target lacks, so they copy
   * within seconds (topic-discovery.ts). Never throws: a failed look is logged and the next one, or the
   * next pass, does the work.
   */
  async discoverTopics(): Promise<void> {
    try {
      const planned = await planNewTopics(this.#job.spec, this.#deps, this.#leftToPass);
      for (const name of planned.unplannable) this.#leftToPass.add(name);
      const actions = this.#recent.withoutRecent(planned.actions);
      const outcomes = actions.length > 0 ? await applyPlan(this.#deps.target, actions, (o) => this.#record(o)) : [];
      for (const { ok, action } of outcomes) if (!ok && (action.kind === 'CreateTopic' || action.kind === 'CreatePartitions')) this.#leftToPass.add(action.sourceTopic);
    } catch (err) {
      const failure = toKafkaClientError('topic discovery', err);
      this.#deps.logger.debug({ kafkaError: failure.code, err: failure.message }, 'topic discovery failed; looking again shortly');
    }
  }

  #record(o: ActionOutcome): void {
    const { logger, metrics } = this.#deps;
    metrics?.action(o.action.kind, o.ok ? 'applied' : 'failed');
    if (o.ok) this.#recent.applied(o.action);
    if (o.ok) logger.info({ ...describeAction(o.action), ms: o.ms }, 'metadata sync applied');
    else logger.warn({ ...describeAction(o.action), error: o.code, retriable: o.retriable, detail: o.message }, 'metadata sync action failed; retried next pass');
  }

  async #persistOwned(owned: readonly AclBinding[]): Promise<void> {
    const same = this.#owned !== undefined && this.#owned.length === owned.length && this.#owned.every((a, i) => aclKey(a) === aclKey(owned[i]!));
    if (same) return;
    await this.#ownedStore.save(owned);
    this.#owned = [...owned];
  }
}

async function logStarts(source: KafkaAdmin, partitions: SourcePartition[]): Promise<Map<string, number>> {
  const offsets = await source.listOffsets(partitions, 'earliest');
  return new Map(offsets.map((o) => [partitionKey(o), Number(o.offset)]));
}
