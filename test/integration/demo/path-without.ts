import { mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/**
 * What only the tests' setup installs (scripts/install-tools.sh, scripts/install-kube.sh) and the demo
 * must not need. kubectl is here even though some machines ship it: a user's machine may not.
 */
export const testOnlyCommands = ['kcat', 'promtool', 'prometheus', 'kubectl', 'helm', 'etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler'];

/**
 * A PATH of one folder holding a symlink to every command of `path` except `left`: the same machine,
 * as if those commands had never been installed. The first folder of `path` that holds a name wins, as
 * it would on the real PATH.
 */
export function pathWithout(path: string, left: string[], dir: string): string {
  mkdirSync(dir, { recursive: true });
  const taken = new Set(left);
  for (const folder of path.split(delimiter).filter(Boolean)) {
    let names: string[];
    try {
      names = readdirSync(folder);
    } catch {
      continue; // a PATH may name folders that do not exist
    }
    for (const name of names) {
      if (taken.has(name)) continue;
      taken.add(name);
      symlinkSync(join(folder, name), join(dir, name));
    }
  }
  return dir;
}
