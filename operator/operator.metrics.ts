import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { MIRRORJOB_PHASES } from '../src/api/index.ts';

/** The parts of a reconcile, timed apart: reading the job, applying its children, its lag from Kafka, its workers' /status, writing its status. */
export type ReconcileStep = 'read' | 'children' | 'kafka' | 'workers' | 'status';

/** The operator's own Prometheus metrics (prefix kafka_mirror_, as every metric of the project). */
export class OperatorMetrics {
  readonly #reconciles: Counter<'result'>;
  readonly #duration: Histogram;
  readonly #steps: Histogram<'step'>;
  readonly #phases = new Map<string, string>();

  constructor(registry: Registry) {
    this.#reconciles = new Counter({ name: 'kafka_mirror_reconciles_total', help: 'MirrorJob reconciles by result (success, error).', labelNames: ['result'], registers: [registry] });
    this.#duration = new Histogram({
      name: 'kafka_mirror_reconcile_duration_seconds',
      help: 'Duration of one MirrorJob reconcile, Kafka progress reads included.',
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    });
    this.#steps = new Histogram({
      name: 'kafka_mirror_reconcile_step_seconds',
      help: 'Time one part of a MirrorJob reconcile took: read (the job), children (applying its worker resources), kafka (its lag), workers (their /status), status (writing it). kafka and workers run side by side.',
      labelNames: ['step'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    });
    const phases = this.#phases;
    new Gauge({
      name: 'kafka_mirror_jobs',
      help: 'MirrorJobs by phase, as last written to their status.',
      labelNames: ['phase'],
      registers: [registry],
      collect() {
        // Every phase is reported, zeros included, so alerts on a phase never see a missing series.
        for (const phase of MIRRORJOB_PHASES) this.set({ phase }, [...phases.values()].filter((p) => p === phase).length);
      },
    });
  }

  /** Times one reconcile and counts its result. */
  async observe<T>(reconcile: () => Promise<T>): Promise<T> {
    const end = this.#duration.startTimer();
    try {
      const result = await reconcile();
      this.#reconciles.inc({ result: 'success' });
      return result;
    } catch (err) {
      this.#reconciles.inc({ result: 'error' });
      throw err;
    } finally {
      end();
    }
  }

  /** Times one part of a reconcile, whether it succeeds or throws. */
  async timed<T>(step: ReconcileStep, work: () => Promise<T>): Promise<T> {
    const end = this.#steps.startTimer({ step });
    try {
      return await work();
    } finally {
      end();
    }
  }

  setJobPhase(key: string, phase: string): void {
    this.#phases.set(key, phase);
  }

  forgetJob(key: string): void {
    this.#phases.delete(key);
  }

  /** Keeps only the jobs that still exist (a job deleted while another replica led is never reconciled here). */
  retainJobs(keys: ReadonlySet<string>): void {
    for (const key of this.#phases.keys()) if (!keys.has(key)) this.#phases.delete(key);
  }
}
