import { spawn } from 'node:child_process';
import { appendFileSync, closeSync, mkdirSync, openSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { runDir } from './run-dir.ts';

/** A long-running process started for the tests, in a process group of its own. */
export interface ManagedProcess {
  pid: number;
  name: string;
  logFile: string;
}

const registryFile = () => join(runDir(), 'pids');

/**
 * Starts `command` detached in its own process group, output to `<run>/logs/<name>.log`, and records its
 * pid so that the global teardown stops it even when the test that started it crashed.
 */
export function startProcess(
  name: string,
  command: string,
  args: string[],
  options: {
    env?: NodeJS.ProcessEnv;
    cwd?: string;
    /** Called when the process exits while this test process lives (the process kubelet restarts containers on it). */
    onExit?: (code: number | null, signal: NodeJS.Signals | null) => void;
  } = {},
): ManagedProcess {
  const logDir = join(runDir(), 'logs');
  mkdirSync(logDir, { recursive: true });
  const logFile = join(logDir, `${name}.log`);
  const fd = openSync(logFile, 'a');
  const child = spawn(command, args, {
    detached: true,
    stdio: ['ignore', fd, fd],
    env: options.env ?? process.env,
    cwd: options.cwd,
  });
  closeSync(fd);
  if (child.pid === undefined) throw new Error(`could not start ${name} (${command})`);
  if (options.onExit) child.on('exit', options.onExit);
  child.unref();
  appendFileSync(registryFile(), `${child.pid} ${name}\n`);
  return { pid: child.pid, name, logFile };
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

/** SIGTERM to the process group, SIGKILL after `graceMs`; resolves once the leader is gone. */
export async function stopProcess(proc: Pick<ManagedProcess, 'pid'>, graceMs = 10_000): Promise<void> {
  signalGroup(proc.pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (isAlive(proc.pid) && Date.now() < deadline) await sleep(100);
  if (isAlive(proc.pid)) signalGroup(proc.pid, 'SIGKILL');
  while (isAlive(proc.pid)) await sleep(50);
}

/** Every process this run registered, whether or not it is still alive. */
export function registeredProcesses(): Array<{ pid: number; name: string }> {
  const file = registryFile();
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [pid, name] = line.split(' ', 2);
      return { pid: Number(pid), name: name ?? '?' };
    });
}

/** Stops every registered process of this run; returns the names of those that had to be stopped. */
export async function stopAllProcesses(): Promise<string[]> {
  const alive = registeredProcesses().filter((p) => isAlive(p.pid));
  // The run is over: a short grace is enough (kube-apiserver holds watches open past SIGTERM).
  await Promise.all(alive.map((p) => stopProcess(p, 3_000)));
  return alive.map((p) => p.name);
}

/** Polls `probe` until it returns a value that is not undefined, or throws after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  { timeoutMs = 60_000, intervalMs = 250 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      const reason = lastError instanceof Error ? `: ${lastError.message}` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${reason}`);
    }
    await sleep(intervalMs);
  }
}
