/** A bench interrupted by Ctrl-C or SIGTERM stops every process its run started (brokers, mirrors, tools). */
import { stopAllProcesses } from '../test/helpers/processes.ts';

export function stopProcessesOnSignal(): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.error(`${signal}: stopping every process of the run`);
      void stopAllProcesses().finally(() => process.exit(130));
    });
  }
}
