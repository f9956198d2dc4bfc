/**
 * Issue #19, finding 1: `npm install && npm run demo` must work on a machine that never ran the tests.
 * The demo runs exactly as `npm run demo` runs it (its own setup, then the demo), with an empty HOME
 * and a PATH on which nothing that only the tests' setup installs can be found.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { isAlive, stopProcess } from '../../helpers/processes.ts';
import { projectRoot, runSubdir } from '../../helpers/run-dir.ts';
import { pathWithout, testOnlyCommands } from './path-without.ts';

const run = promisify(execFile);
const DEMO_TIMEOUT_MS = 540_000;

/** The environment of a fresh machine: no npm variables of the outer run, an empty HOME, the stripped PATH. */
function freshEnv(dir: string): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('npm_') && k !== 'KMO_RUN_DIR'));
  return {
    ...env,
    PATH: pathWithout(process.env.PATH ?? '', testOnlyCommands, join(dir, 'bin')),
    HOME: runSubdir('demo-fresh-machine', 'home'),
    // The demo's processes get a registry of their own: its clean-up must not stop this run's brokers.
    KMO_RUN_DIR: runSubdir('demo-fresh-machine', 'run'),
    FORCE_COLOR: '0',
  };
}

function npmRunDemo(env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    // Its own process group, so a timeout stops npm, the shell and the demo together.
    const child = spawn('npm', ['run', 'demo'], { cwd: projectRoot, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), DEMO_TIMEOUT_MS);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/** Stops whatever the demo registered and left running (it stops its own in its `finally`; this is for a killed demo). */
async function stopDemoLeftovers(runDir: string): Promise<void> {
  const registry = join(runDir, 'pids');
  if (!existsSync(registry)) return;
  const pids = readFileSync(registry, 'utf8').split('\n').filter(Boolean).map((line) => Number(line.split(' ')[0]));
  await Promise.all(pids.filter(isAlive).map((pid) => stopProcess({ pid }, 5_000)));
}

describe('npm run demo on a machine that never ran the tests', () => {
  it('installs what it needs, mirrors, verifies and prints its summary', async () => {
    const dir = runSubdir('demo-fresh-machine');
    const env = freshEnv(dir);
    // The premise: none of the tests' tools can be found on that PATH.
    for (const command of testOnlyCommands) await expect(run('sh', ['-c', `command -v ${command}`], { env })).rejects.toThrow();
    try {
      const { code, output } = await npmRunDemo(env);
      if (code !== 0) console.log(output);
      expect(code).toBe(0);
      expect(output).toContain('== summary');
      expect(output).toMatch(/topics mirrored: +3 of 4/);
      expect(output).toMatch(/verify: +source and target match/);
      expect(output).toContain('all processes stopped');
    } finally {
      await stopDemoLeftovers(env.KMO_RUN_DIR!);
    }
  }, DEMO_TIMEOUT_MS + 60_000);
});
