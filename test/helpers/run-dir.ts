import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The project's root folder (this file is test/helpers/run-dir.ts). */
export const projectRoot = resolve(import.meta.dirname, '..', '..');

/** Cached downloads and builds (git-ignored), filled by scripts/setup.sh. */
export const cacheDir = join(projectRoot, '.cache');

/**
 * The folder of this test run: data, configs and logs of every process the run starts.
 * Jest's global setup sets KMO_RUN_DIR before any worker starts, so all workers of a run share it;
 * a script outside Jest (the demo) gets a folder of its own.
 */
export function runDir(): string {
  let dir = process.env.KMO_RUN_DIR;
  if (!dir) {
    dir = join(projectRoot, '.run', `run-${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}`);
    process.env.KMO_RUN_DIR = dir;
  }
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** A fresh sub-folder of the run folder. */
export function runSubdir(...parts: string[]): string {
  const dir = join(runDir(), ...parts);
  mkdirSync(dir, { recursive: true });
  return dir;
}
