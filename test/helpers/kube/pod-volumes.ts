import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { V1Container, V1KeyToPath, V1Pod } from '@kubernetes/client-node';
import { ContainerConfigError, type ObjectLookup } from './object-lookup.ts';

/** A container mount path and the local folder that stands for it. */
export interface LocalMount {
  mountPath: string;
  localPath: string;
  /** A folder above mounts: rewritten only where it stands alone, so /etc/ssl stays /etc/ssl. */
  parentOnly?: boolean;
}

/**
 * Writes the Pod's ConfigMap and Secret volumes as files under `<podDir>/volumes/<volume>` (emptyDir
 * becomes an empty folder, hostPath its own path) and returns where each of the container's mounts
 * lands. Written at every container start, so a restarted process sees the objects' current data.
 */
export async function materialiseVolumes(pod: V1Pod, container: V1Container, podDir: string, lookup: ObjectLookup): Promise<LocalMount[]> {
  const namespace = pod.metadata?.namespace ?? 'default';
  const volumeDirs = new Map<string, string>();
  for (const volume of pod.spec?.volumes ?? []) {
    const dir = join(podDir, 'volumes', volume.name);
    if (volume.hostPath) {
      volumeDirs.set(volume.name, volume.hostPath.path);
      continue;
    }
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    volumeDirs.set(volume.name, dir);
    const source = volume.configMap ?? volume.secret;
    if (!source) continue; // emptyDir, or a kind the tests do not use: an empty folder
    const name = volume.configMap ? volume.configMap.name : volume.secret?.secretName;
    const kind = volume.configMap ? 'configmap' : 'secret';
    const data = name ? (volume.configMap ? await lookup.configMap(namespace, name) : await lookup.secret(namespace, name)) : undefined;
    if (!data) {
      if (source.optional) continue;
      throw new ContainerConfigError(`${kind} "${name ?? ''}" not found (volume ${volume.name})`);
    }
    writeFiles(dir, data, source.items, source.defaultMode);
  }
  // A folder standing for the container's file system: each mount is a link at its mount path, so a
  // path that holds several mounts (a parent folder) works as well as a mount path itself.
  const root = join(podDir, 'root');
  rmSync(root, { recursive: true, force: true });
  const mounts = (container.volumeMounts ?? []).map((mount) => {
    const base = volumeDirs.get(mount.name);
    if (!base) throw new ContainerConfigError(`volume mount ${mount.name} names no volume of the Pod`);
    const link = join(root, mount.mountPath);
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(mount.subPath ? join(base, mount.subPath) : base, link);
    return { mountPath: mount.mountPath, localPath: link };
  });
  const parents = new Set(mounts.flatMap((m) => ancestors(m.mountPath)).filter((p) => !mounts.some((m) => m.mountPath === p)));
  return [...mounts, ...[...parents].map((p) => ({ mountPath: p, localPath: join(root, p), parentOnly: true }))];
}

/** "/a/b/c" -> ["/a", "/a/b"]: the folders above a mount path. */
function ancestors(path: string): string[] {
  const parts = path.split('/').filter(Boolean);
  return parts.slice(0, -1).map((_, i) => `/${parts.slice(0, i + 1).join('/')}`);
}

function writeFiles(dir: string, data: Record<string, Buffer>, items: V1KeyToPath[] | undefined, defaultMode = 0o644): void {
  const files = items ?? Object.keys(data).map((key) => ({ key, path: key, mode: undefined }));
  for (const item of files) {
    const content = data[item.key];
    if (content === undefined) throw new ContainerConfigError(`couldn't find key ${item.key} for volume`);
    const file = join(dir, item.path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content, { mode: item.mode ?? defaultMode });
  }
}

/** Characters that continue a path: a mount path only matches where a path starts and ends. */
const pathChar = '[A-Za-z0-9._~+@-]';

/**
 * Processes cannot see container mount paths, so every occurrence of a mount path in the command,
 * args and env values is replaced with its local folder (`--config=/etc/app/x.yaml` ->
 * `--config=<pod>/volumes/config/x.yaml`). The longest mount path wins when one nests in another.
 */
export function rewriteMountPaths(text: string, mounts: LocalMount[]): string {
  const sorted = [...mounts].sort((a, b) => b.mountPath.length - a.mountPath.length);
  if (sorted.length === 0) return text;
  const escape = (m: LocalMount) => m.mountPath.replace(/\/+$/, '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const alternatives = sorted.map((m) => (m.parentOnly ? `${escape(m)}(?!/)` : escape(m)));
  const pattern = new RegExp(`(?<!${pathChar}|/)(?:${alternatives.join('|')})(?!${pathChar})`, 'g');
  return text.replace(pattern, (match) => sorted.find((m) => m.mountPath.replace(/\/+$/, '') === match)?.localPath ?? match);
}
