import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { cacheDir, projectRoot } from '../run-dir.ts';

/** The binaries scripts/install-kube.sh builds from the Go module proxy. */
export type KubeBinary = 'etcd' | 'kube-apiserver' | 'kube-controller-manager' | 'kube-scheduler' | 'kubectl' | 'helm';

export const kubeBinDir = join(cacheDir, 'kube', 'bin');

/** The path of a built binary; fails with the command that builds it when it is missing. */
export function kubeBinary(name: KubeBinary): string {
  const path = join(kubeBinDir, name);
  if (!existsSync(path)) throw new Error(`${path} is missing: run 'bash scripts/setup.sh kube' (about 5 min cold)`);
  return path;
}

/**
 * The project's Node 24. Jest runs on it (process.execPath), but a script outside npm may run on the
 * machine's Node 20, so the copy in node_modules/.bin wins when it is there.
 */
export const nodeBinary: string = (() => {
  const local = join(projectRoot, 'node_modules', '.bin', 'node');
  return existsSync(local) ? local : process.execPath;
})();
