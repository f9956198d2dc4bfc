#!/usr/bin/env node
/**
 * The image's entrypoint: `main.ts worker` or `main.ts operator` (see src/worker/worker-contract.ts).
 * It sits above src/ and operator/ because it starts either: src/ never imports operator/.
 */
import { createLogger } from './src/runtime/logger.ts';
import { runWorker } from './src/worker/run-worker.ts';
import { workerEnvironment } from './src/worker/worker-environment.ts';

const role = process.argv[2];
const controller = new AbortController();
// SIGTERM: finish the round in flight (its transaction commits or aborts), then exit 0.
for (const sig of ['SIGTERM', 'SIGINT'] as const) process.once(sig, () => controller.abort());

async function main(): Promise<void> {
  switch (role) {
    case 'worker': {
      const env = workerEnvironment(process.env);
      return runWorker(env, createLogger('kafka-mirror-worker', env.logLevel), controller.signal);
    }
    case 'operator':
      // Loaded only for this role: a worker never loads the operator and its Kubernetes client.
      return (await import('./operator/main.ts')).operatorMain(process.env, controller.signal);
    default:
      throw new Error(`usage: main.ts worker|operator (got ${role ?? 'nothing'})`);
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    // The environment may be what failed, so this logger has the default level.
    createLogger(`kafka-mirror-${role ?? 'unknown'}`).error({ err: err instanceof Error ? err.message : String(err) }, 'stopped on an error');
    process.exit(1);
  },
);
