import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { GroupOutcome, PlanActionKind } from '../planner/plan.ts';

export type ActionResult = 'applied' | 'failed';
/** A group's outcome in one pass, plus Failed when its SetGroupOffsets was refused. */
export type GroupSyncResult = GroupOutcome | 'Failed';

/**
 * The metadata sync's Prometheus metrics. Every action the sync applies is counted by kind and
 * result, so a change that keeps failing shows as a rising `failed` series (it is retried each pass).
 */
export class SyncMetrics {
  readonly actions: Counter<'job' | 'kind' | 'result'>;
  readonly groupOffsetSyncs: Counter<'job' | 'result'>;
  readonly rounds: Counter<'job' | 'result'>;
  readonly roundDuration: Histogram<'job'>;
  readonly drift: Gauge<'job' | 'kind'>;
  readonly #job: string;

  constructor(registry: Registry, job: string) {
    this.#job = job;
    const registers = [registry];
    this.actions = new Counter({ name: 'kafka_mirror_metadata_actions_total', help: 'Metadata sync actions applied to the target, by kind (CreateTopic, AlterTopicConfigs, ...) and result (applied, failed).', labelNames: ['job', 'kind', 'result'], registers });
    this.groupOffsetSyncs = new Counter({ name: 'kafka_mirror_group_offset_syncs_total', help: 'Consumer groups considered per sync pass, by result: Synced, UpToDate, AlreadyAhead, NotYetTranslatable, SkippedActiveOnTarget, Failed.', labelNames: ['job', 'result'], registers });
    this.rounds = new Counter({ name: 'kafka_mirror_metadata_sync_rounds_total', help: 'Metadata sync passes, by result: ok (every action applied), partial (some failed, retried next pass), failed (no plan).', labelNames: ['job', 'result'], registers });
    this.roundDuration = new Histogram({ name: 'kafka_mirror_metadata_sync_duration_seconds', help: 'Duration of one metadata sync pass: snapshots, plan and apply.', labelNames: ['job'], buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300], registers });
    this.drift = new Gauge({ name: 'kafka_mirror_metadata_drift', help: 'What the last pass found to change or could not change: actions planned by kind, and conflicts.', labelNames: ['job', 'kind'], registers });
  }

  action(kind: PlanActionKind, result: ActionResult): void {
    this.actions.inc({ job: this.#job, kind, result });
  }

  group(result: GroupSyncResult): void {
    this.groupOffsetSyncs.inc({ job: this.#job, result });
  }

  round(result: 'ok' | 'partial' | 'failed', seconds: number): void {
    this.rounds.inc({ job: this.#job, result });
    this.roundDuration.observe({ job: this.#job }, seconds);
  }

  /** Sets the drift gauge per kind; kinds absent this pass go to 0 so a fixed drift clears. */
  setDrift(counts: Readonly<Record<string, number>>): void {
    this.drift.reset();
    for (const [kind, n] of Object.entries(counts)) this.drift.set({ job: this.#job, kind }, n);
  }
}
