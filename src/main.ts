#!/usr/bin/env node
/** The image's entrypoint: `main.ts worker` or `main.ts operator` (see src/worker/worker-contract.ts). */
import { createLogger } from './runtime/logger.ts';
import { runWorker } from './worker/run-worker.ts';

const role = process.argv[2];
const logger = createLogger(`kafka-mirror-${role ?? 'unknown'}`);
const controller = new AbortController();
// SIGTERM: finish the round in flight (its transaction commits or aborts), then exit 0.
for (const sig of ['SIGTERM', 'SIGINT'] as const) process.once(sig, () => controller.abort());

async function main(): Promise<void> {
  switch (role) {
    case 'worker':
      return runWorker(process.env, logger, controller.signal);
    case 'operator':
      // Loaded only for this role: a worker never loads the operator (src does not depend on operator/).
      return (await import('../operator/main.ts')).operatorMain(process.env, logger, controller.signal);
    default:
      throw new Error(`usage: main.ts worker|operator (got ${role ?? 'nothing'})`);
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    logger.error({ err: err instanceof Error ? err.message : String(err) }, 'stopped on an error');
    process.exit(1);
  },
);
