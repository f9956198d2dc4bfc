import { isSameStatus, validateMirrorJob, type MirrorJob, type MirrorJobStatus, type ValidationError } from '../src/api/index.ts';
import type { Logger } from '../src/runtime/logger.ts';
import { parseKey } from './informers.ts';
import type { KubeGateway, RawMirrorJob } from './kube-gateway.ts';
import { KubeSecretReader } from './kube-secret-reader.ts';
import { computeStatus, type ObservedWorld } from './mirrorjob.status.ts';
import { describeError, httpStatusOf } from './operator-errors.ts';
import type { OperatorMetrics } from './operator.metrics.ts';
import type { JobProgress, ProgressReader } from './progress-reader.port.ts';
import { transitionEvents } from './status-events.ts';
import type { HandlerResult } from './work-queue.ts';
import type { WorkerReports } from './worker-report.ts';
import { readWorkerReports, type WorkerStatusFetcher } from './worker-reports.reader.ts';
import { ensureWorkerResources, rollOutdatedWorkers, type WorkersObserved } from './worker-rollout.ts';

export interface ReconcileDeps {
  kube: KubeGateway;
  readProgress: ProgressReader;
  /** GET of a worker Pod's /status (stopped partitions, idle state, sync summary). */
  readWorkerStatus: WorkerStatusFetcher;
  /**
   * When this operator process first saw spec.cutover set, per job uid. Group offsets count as final
   * only from a sync round that started after the request (consumers are stopped by then); after an
   * operator restart the clock starts again, which only waits one more round.
   */
  cutoverSeen: Map<string, Date>;
  image: string;
  /** How often a job is looked at again when nothing happens: lag is polled at this pace. */
  resyncMs: number;
  /** Longest wait for the progress reader; status then says Unknown rather than waiting. */
  progressTimeoutMs: number;
  now: () => Date;
  logger: Logger;
  metrics: OperatorMetrics;
}

/**
 * Reconciles one MirrorJob. Level-triggered and idempotent: reads the job and the world, applies the
 * children, computes status from what it saw and writes it once, only when it changed. Retriable
 * failures are thrown: the work queue retries the key with backoff.
 */
export async function reconcileMirrorJob(key: string, deps: ReconcileDeps): Promise<HandlerResult> {
  const { namespace, name } = parseKey(key);
  const raw = await deps.metrics.timed('read', () => deps.kube.getMirrorJob(namespace, name));
  if (!raw || raw.metadata.deletionTimestamp) {
    deps.metrics.forgetJob(key); // children go with it: owner references and the garbage collector
    deps.readProgress.forget(key);
    return {};
  }
  const { status: _previous, ...manifest } = raw;
  const validation = validateMirrorJob(manifest);
  if (!validation.ok) {
    // Terminal for this spec: no children, no retry; the next spec change brings the next reconcile.
    deps.readProgress.forget(key);
    await writeStatusIfChanged(raw, statusOf(raw, invalidWorld(validation.errors), deps), key, deps);
    return {};
  }
  const job = validation.job;
  const secrets = new KubeSecretReader(namespace, (ns, secret) => deps.kube.readSecret(ns, secret));
  const workers = await deps.metrics.timed('children', () => ensureWorkers(job, secrets, deps));
  if ('invalid' in workers) {
    await writeStatusIfChanged(raw, statusOf(raw, invalidWorld(workers.invalid), deps), key, deps);
    return {};
  }
  const world = await observeWorld(job, workers, secrets, deps);
  await deps.metrics.timed('status', () => writeStatusIfChanged(raw, statusOf(raw, world, deps), key, deps));
  return { requeueAfterMs: deps.resyncMs };
}

/** Applies the children and rolls outdated Pods; a child the API server refuses is a spec problem. */
async function ensureWorkers(job: MirrorJob, secrets: KubeSecretReader, deps: ReconcileDeps): Promise<WorkersObserved | { invalid: ValidationError[] }> {
  const rollout = { kube: deps.kube, image: deps.image, now: deps.now };
  try {
    const { statefulSet, revision } = await ensureWorkerResources(job, secrets, rollout);
    return await rollOutdatedWorkers(job, statefulSet, rollout, revision);
  } catch (err) {
    // 422 Invalid: e.g. workerTemplate.resources the API server does not accept. Retrying cannot help.
    if (httpStatusOf(err) === 422) return { invalid: [{ path: 'spec.workerTemplate', message: `the worker StatefulSet was refused: ${describeError(err)}` }] };
    throw err;
  }
}

function invalidWorld(errors: readonly ValidationError[]): ObservedWorld {
  return { invalid: errors, paused: false, cutover: { requested: false, syncOffsets: false }, sync: { configs: false, acls: false, groups: false }, workers: { desired: 0, ready: 0, outdated: 0, selector: '' }, progress: undefined };
}

/** The read-only part of a pass: lag from Kafka and the workers' own reports, read side by side. */
async function observeWorld(job: MirrorJob, workers: WorkersObserved, secrets: KubeSecretReader, deps: ReconcileDeps): Promise<ObservedWorld> {
  const [progress, workerReports] = await Promise.all([deps.metrics.timed('kafka', () => readProgressWithin(job, secrets, deps)), deps.metrics.timed('workers', () => readWorkersWithin(job, workers, deps))]);
  const uid = job.metadata.uid ?? `${job.metadata.namespace}/${job.metadata.name}`;
  if (!job.spec.cutover) deps.cutoverSeen.delete(uid);
  else if (!deps.cutoverSeen.has(uid)) deps.cutoverSeen.set(uid, deps.now());
  const requestedAt = deps.cutoverSeen.get(uid)?.toISOString();
  const cutover = { requested: job.spec.cutover, syncOffsets: job.spec.groups.syncOffsets, ...(requestedAt && { requestedAt }) };
  const sync = { configs: job.spec.configs.sync, acls: job.spec.acls.sync, groups: job.spec.groups.syncOffsets };
  return { paused: job.spec.paused, cutover, sync, workers, progress, ...(workerReports && { workerReports }) };
}

/**
 * Each running worker's /status (stopped partitions, idle workers, worker 0's sync summary). Advisory:
 * a failure leaves status as it was on those points rather than failing the reconcile.
 */
async function readWorkersWithin(job: MirrorJob, workers: WorkersObserved, deps: ReconcileDeps): Promise<WorkerReports | undefined> {
  if (workers.desired === 0) return undefined;
  try {
    const pods = await deps.kube.listPods(job.metadata.namespace ?? '', workers.selector);
    return await readWorkerReports(pods, deps.readWorkerStatus);
  } catch (err) {
    deps.logger.warn({ job: job.metadata.name, err: describeError(err) }, 'could not list the worker Pods');
    return undefined;
  }
}

function statusOf(raw: RawMirrorJob, world: ObservedWorld, deps: ReconcileDeps): MirrorJobStatus {
  return computeStatus({ generation: raw.metadata.generation, status: raw.status }, world, deps.now());
}

/** Lag from Kafka; a reader that fails or hangs makes the conditions Unknown, never the reconcile fail. */
async function readProgressWithin(job: MirrorJob, secrets: KubeSecretReader, deps: ReconcileDeps): Promise<JobProgress | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), deps.progressTimeoutMs)));
  try {
    const progress = await Promise.race([deps.readProgress.read(job, secrets), timeout]);
    if (!progress) deps.logger.warn({ job: job.metadata.name }, `progress not read within ${deps.progressTimeoutMs} ms`);
    return progress;
  } catch (err) {
    deps.logger.error({ job: job.metadata.name, err: describeError(err) }, 'progress reader failed');
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}

/** The one status write of a reconcile, skipped when nothing changed; events tell the transitions. */
async function writeStatusIfChanged(raw: RawMirrorJob, status: MirrorJobStatus, key: string, deps: ReconcileDeps): Promise<void> {
  deps.metrics.setJobPhase(key, status.phase ?? 'Pending');
  if (isSameStatus(raw.status, status)) return;
  await deps.kube.applyStatus(raw, status);
  for (const event of transitionEvents(raw.status?.conditions, status.conditions ?? [])) {
    await deps.kube.recordEvent(raw, event).catch((err: unknown) => deps.logger.warn({ err: describeError(err) }, 'could not record an event'));
  }
}
