import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import { collectDefaultMetrics, Registry } from 'prom-client';
import type { Logger } from '../src/runtime/logger.ts';
import { startHealthServer } from '../src/runtime/health-server.ts';
import { keyOf, startInformers, type OperatorInformers } from './informers.ts';
import { KeptProgressReader } from './job-progress.adapter.ts';
import { KubeGateway } from './kube-gateway.ts';
import { LeaderElector } from './leader-election.ts';
import { reconcileMirrorJob, type ReconcileDeps } from './mirrorjob.reconciler.ts';
import type { OperatorConfig } from './operator-config.ts';
import { describeError } from './operator-errors.ts';
import { OperatorMetrics } from './operator.metrics.ts';
import type { ProgressReader } from './progress-reader.port.ts';
import { startResync, WorkQueue } from './work-queue.ts';
import { fetchWorkerStatus } from './worker-reports.reader.ts';

/** What a test may replace; production takes the defaults. */
export interface OperatorOverrides {
  kubeConfig?: KubeConfig;
  readProgress?: ProgressReader;
}

/** The controller proper: informers feed the queue, the queue runs reconciles. Runs while leading. */
function startController(config: OperatorConfig, kc: KubeConfig, deps: ReconcileDeps, logger: Logger) {
  const queue = new WorkQueue((key) => deps.metrics.observe(() => reconcileMirrorJob(key, deps)), {
    concurrency: config.concurrency,
    onError: (key, err, retryInMs) => logger.warn({ job: key, err: describeError(err), retryInMs }, 'reconcile failed; retrying'),
  });
  const informers: OperatorInformers = startInformers(kc, config.watchNamespace, (key) => queue.add(key), logger);
  // The safety net behind the watches: every known job again, even if no event arrives.
  const resync = startResync(() => {
    const keys = new Set(informers.mirrorJobs.list().map((job) => keyOf(job.metadata?.namespace, job.metadata?.name)));
    deps.metrics.retainJobs(keys);
    deps.readProgress.retain(keys);
    keys.forEach((key) => queue.add(key));
  }, Math.max(4 * config.resyncMs, 60_000));
  return {
    informers,
    async stop() {
      resync.stop();
      await informers.stop();
      await queue.stop();
      deps.readProgress.close();
    },
  };
}

/**
 * The operator process: health and metrics server, leader election, and, while leading, the
 * controller. Resolves on `signal`. When leadership is lost (the lease could not be renewed in time,
 * e.g. while the API server restarts), the controller stops and the process campaigns again, with
 * fresh informers once it leads: never reconciling unsure, as client-go, but without a restart.
 */
export async function runOperator(config: OperatorConfig, logger: Logger, signal: AbortSignal, overrides: OperatorOverrides = {}): Promise<void> {
  const kc = overrides.kubeConfig ?? defaultKubeConfig();
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const metrics = new OperatorMetrics(registry);
  const deps: ReconcileDeps = {
    kube: new KubeGateway(kc, config.identity),
    readProgress: overrides.readProgress ?? new KeptProgressReader(),
    readWorkerStatus: fetchWorkerStatus,
    cutoverSeen: new Map(),
    image: config.workerImage,
    resyncMs: config.resyncMs,
    progressTimeoutMs: config.progressTimeoutMs,
    now: () => new Date(),
    logger,
    metrics,
  };
  let controller: ReturnType<typeof startController> | undefined;
  const elector = config.leaderElection
    ? new LeaderElector(kc, { namespace: config.leaseNamespace, leaseName: config.leaseName, identity: config.identity, ...config.leaseTimings }, logger)
    : undefined;
  // A standby is ready: it serves and can take over. The leader is ready once its caches are filled.
  const server = await startHealthServer(config.metricsPort, config.metricsHost, registry, () => ({
    ready: controller ? controller.informers.synced() : true,
    detail: { identity: config.identity, leading: controller !== undefined },
  }));
  logger.info({ port: (server.address() as AddressInfo).port, image: config.workerImage, namespace: config.watchNamespace ?? '(all)', identity: config.identity }, 'operator started');
  try {
    if (!elector) {
      controller = startController(config, kc, deps, logger);
      await new Promise<void>((resolve) => (signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true })));
      return;
    }
    while ((await elector.run(signal, () => (controller = startController(config, kc, deps, logger)))) === 'lost') {
      // Stop acting before anyone else may (renewDeadline < leaseDuration), then stand again. Exiting
      // instead would turn every API server restart longer than renewDeadline into an operator restart.
      await controller?.stop();
      controller = undefined;
      logger.warn('leadership lost: controller stopped; campaigning again');
    }
  } finally {
    await controller?.stop();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

function defaultKubeConfig(): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromDefault(); // KUBECONFIG, ~/.kube/config, or the Pod's ServiceAccount
  return kc;
}
