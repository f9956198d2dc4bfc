import { z } from 'zod';
import { logLevelVariable, optionalText, parseEnvironment, portNumber, requiredText, wholeNumber, type LogLevel } from '../runtime/environment.ts';
import { ordinalOf, WORKER_METRICS_PORT, WORKER_SECRETS_DIR, WorkerEnv } from './worker-contract.ts';

/** A worker's settings, from the variables the operator puts in its Pod (worker-contract.ts). */
export interface WorkerEnvironment {
  jobFile: string;
  revision: number;
  secretsDir: string;
  workerIndex: number;
  metricsPort: number;
  /** Address to listen on; all interfaces when undefined. */
  podIp: string | undefined;
  logLevel: LogLevel;
}

const schema = z
  .object({
    [WorkerEnv.jobFile]: requiredText('the path of the MirrorJob file'),
    [WorkerEnv.revision]: requiredText('the configuration revision').pipe(wholeNumber(1)),
    [WorkerEnv.secretsDir]: optionalText(),
    [WorkerEnv.workerIndex]: wholeNumber(0).optional(),
    [WorkerEnv.metricsPort]: portNumber().optional(),
    [WorkerEnv.podIp]: optionalText(),
    HOSTNAME: z.string().optional(),
    ...logLevelVariable,
  })
  .transform((env, ctx): WorkerEnvironment => {
    const workerIndex = env[WorkerEnv.workerIndex] ?? ordinalOf(env.HOSTNAME ?? '');
    if (workerIndex === undefined) ctx.addIssue({ code: 'custom', path: [WorkerEnv.workerIndex], message: 'is not set, and HOSTNAME does not end in -<ordinal> (a StatefulSet Pod name)' });
    return {
      jobFile: env[WorkerEnv.jobFile],
      revision: env[WorkerEnv.revision],
      secretsDir: env[WorkerEnv.secretsDir] ?? WORKER_SECRETS_DIR,
      workerIndex: workerIndex ?? -1,
      metricsPort: env[WorkerEnv.metricsPort] ?? WORKER_METRICS_PORT,
      podIp: env[WorkerEnv.podIp],
      logLevel: env.LOG_LEVEL,
    };
  });

/** The worker's environment, parsed once at start; throws naming each wrong or missing variable. */
export function workerEnvironment(env: NodeJS.ProcessEnv): WorkerEnvironment {
  return parseEnvironment(schema, env);
}
