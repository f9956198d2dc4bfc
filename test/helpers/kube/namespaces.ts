import { adminCoreApi } from './clients.ts';

/**
 * The namespace annotation of the PodNodeSelector admission plugin (enabled in control-plane.ts): every
 * Pod created in the namespace gets this node selector merged in, without touching the Pod templates
 * the code under test writes.
 */
const nodeSelectorAnnotation = 'scheduler.alpha.kubernetes.io/node-selector';

/** A DNS-1123 label no other test uses: prefix, time and randomness, at most 63 characters. */
export function uniqueName(prefix: string): string {
  const suffix = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`;
  const head = prefix.toLowerCase().replace(/[^a-z0-9-]/g, '-').slice(0, 63 - suffix.length - 1).replace(/-+$/, '');
  return `${head}-${suffix}`;
}

/**
 * Creates a namespace for one test and returns its name. With `node`, the namespace's Pods can only be
 * scheduled to that Node (the process kubelet of the test's own file): Jest runs files in parallel on
 * one shared control plane, and each file maps images to commands in its own way.
 */
export async function freshNamespace(prefix: string, options: { node?: string } = {}): Promise<string> {
  const name = uniqueName(prefix);
  const annotations = options.node ? { [nodeSelectorAnnotation]: `kubernetes.io/hostname=${options.node}` } : undefined;
  await (await adminCoreApi()).createNamespace({ body: { metadata: { name, annotations, labels: { 'kmo.test/namespace': 'true' } } } });
  return name;
}
