import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { runDir } from './run-dir.ts';

/**
 * A service shared by every test file of a run (a Kafka cluster, the Kubernetes control plane), started
 * lazily by the first test that asks for it. Jest runs test files in several worker processes, so the
 * first caller takes a lock (an atomic mkdir) and starts the service; the others wait for its
 * description to appear. The processes are registered in the run's pid list, so the global teardown
 * stops them all, whichever worker started them.
 */
export async function sharedService<T>(
  name: string,
  start: (dir: string) => Promise<T>,
  timeoutMs = 600_000,
): Promise<T> {
  const dir = join(runDir(), 'services');
  mkdirSync(dir, { recursive: true });
  const infoFile = join(dir, `${name}.json`);
  const errorFile = join(dir, `${name}.error`);
  const lock = join(dir, `${name}.lock`);
  let owner = false;
  try {
    mkdirSync(lock);
    owner = true;
  } catch {
    // another worker is starting it
  }
  if (owner) {
    try {
      const info = await start(join(runDir(), name));
      writeFileSync(infoFile, JSON.stringify(info, null, 2));
      return info;
    } catch (err) {
      writeFileSync(errorFile, err instanceof Error ? (err.stack ?? err.message) : String(err));
      throw err;
    }
  }
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (existsSync(infoFile)) return JSON.parse(readFileSync(infoFile, 'utf8')) as T;
    if (existsSync(errorFile)) throw new Error(`shared service ${name} failed to start:\n${readFileSync(errorFile, 'utf8')}`);
    await sleep(200);
  }
  throw new Error(`timed out waiting for shared service ${name}`);
}

/** A process-local memo over sharedService, so a test file asks the file system once. */
export function memoized<T>(fn: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => (value ??= fn());
}
