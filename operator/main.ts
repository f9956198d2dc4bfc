import { createLogger } from '../src/runtime/logger.ts';
import { operatorConfigFromEnv } from './operator-config.ts';
import { runOperator } from './run-operator.ts';

/** The `operator` entrypoint of the image (main.ts operator): settings from the environment, parsed once. */
export function operatorMain(env: NodeJS.ProcessEnv, signal: AbortSignal): Promise<void> {
  const config = operatorConfigFromEnv(env);
  return runOperator(config, createLogger('kafka-mirror-operator', config.logLevel), signal);
}
