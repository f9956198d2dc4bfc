import { setTimeout as sleep } from 'node:timers/promises';
import { isAlive, registeredProcesses, stopAllProcesses } from './processes.ts';

/** Stops every process the run started, then proves that none is left. */
export default async function globalTeardown(): Promise<void> {
  await stopAllProcesses();
  await sleep(200);
  const left = registeredProcesses().filter((p) => isAlive(p.pid));
  if (left.length > 0) {
    throw new Error(`processes left running after the tests: ${left.map((p) => `${p.name} (${p.pid})`).join(', ')}`);
  }
  console.log(`\nstopped all ${registeredProcesses().length} processes the run started; none is left`);
}
