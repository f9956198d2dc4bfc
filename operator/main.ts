import type { Logger } from '../src/runtime/logger.ts';
import { operatorConfigFromEnv } from './operator-config.ts';
import { runOperator } from './run-operator.ts';

/** The `operator` entrypoint of the image (src/main.ts operator): settings from the environment. */
export function operatorMain(env: NodeJS.ProcessEnv, logger: Logger, signal: AbortSignal): Promise<void> {
  return runOperator(operatorConfigFromEnv(env), logger, signal);
}
