import { closeSync, mkdirSync, openSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { runDir } from './run-dir.ts';

// Ports come from below Linux's ephemeral range (32768-60999 by default), so no outgoing connection
// holds one, and each is handed out once per test run: a client still reconnecting to a stopped
// cluster's broker must never reach a later cluster's ZooKeeper on the same port (it did, in CI).
const first = 20_000;
const count = 12_000;

/** A loopback port that is free now and that no earlier caller of this test run (in any Jest worker) received. */
export async function freePort(): Promise<number> {
  const claimed = join(runDir(), 'ports');
  mkdirSync(claimed, { recursive: true });
  const start = Math.floor(Math.random() * count);
  for (let i = 0; i < count; i++) {
    const port = first + ((start + i) % count);
    if (!claim(claimed, port)) continue;
    if (await bindable(port)) return port;
  }
  throw new Error(`no free loopback port left in ${first}-${first + count - 1} for this test run`);
}

/** Creates the port's marker file, failing if another caller of the run created it first. */
function claim(dir: string, port: number): boolean {
  try {
    closeSync(openSync(join(dir, String(port)), 'wx'));
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
}

async function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
