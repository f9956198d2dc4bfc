import { join } from 'node:path';
import { ApiextensionsV1Api, CustomObjectsApi } from '@kubernetes/client-node';
import { API_GROUP, API_VERSION, MIRRORJOB_PLURAL } from '../../../src/api/api-group.ts';
import { MIRRORJOB_CRD_PATH } from '../../../src/api/crd/mirrorjob-crd.ts';
import { waitFor } from '../processes.ts';
import { projectRoot } from '../run-dir.ts';
import { memoized } from '../shared-service.ts';
import { adminKubeConfig, kubectl } from './clients.ts';

export const mirrorJobCrdName = `${MIRRORJOB_PLURAL}.${API_GROUP}`;

/** The path of a namespaced MirrorJob for CustomObjectsApi calls. */
export const mirrorJobRef = (namespace: string) => ({ group: API_GROUP, version: API_VERSION, namespace, plural: MIRRORJOB_PLURAL });

/**
 * `kubectl apply` of crds/mirrorjobs.kafkamirror.io.yaml, server-side: it creates the CRD in one request
 * or patches it to the same content, so concurrent callers never race (client-side apply gets, then
 * creates, and the loser of two creates fails with AlreadyExists).
 */
export function applyMirrorJobCrd(): Promise<string> {
  return kubectl(['apply', '--server-side', '--force-conflicts', '--field-manager=kmo-tests', '-f', join(projectRoot, MIRRORJOB_CRD_PATH)]);
}

/**
 * Installs the generated MirrorJob CRD (crds/, exactly as a user would) on the shared control plane and
 * resolves once MirrorJobs are served. Safe to call from any number of test files and Jest workers at
 * once (applyMirrorJobCrd is idempotent and race-free; a failed apply is retried). Memoized per worker.
 */
export const ensureMirrorJobCrd = memoized(async (): Promise<void> => {
  await waitFor(`kubectl apply of ${MIRRORJOB_CRD_PATH}`, applyMirrorJobCrd, { timeoutMs: 60_000, intervalMs: 500 });
  const kc = await adminKubeConfig();
  const ext = kc.makeApiClient(ApiextensionsV1Api);
  await waitFor(`the ${mirrorJobCrdName} CRD to be Established`, async () => {
    const crd = await ext.readCustomResourceDefinition({ name: mirrorJobCrdName });
    return crd.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True') ? true : undefined;
  });
  // Established comes a moment before the API server's handler serves the new resource.
  const custom = kc.makeApiClient(CustomObjectsApi);
  await waitFor('MirrorJobs to be served', () => custom.listClusterCustomObject({ group: API_GROUP, version: API_VERSION, plural: MIRRORJOB_PLURAL }));
});

/** metav1.Status, as the API server answers a refused request. */
export interface ApiStatus {
  code?: number;
  reason?: string;
  message?: string;
  details?: { causes?: Array<{ field?: string; reason?: string; message?: string }> };
}

/** The HTTP code and metav1.Status of a failed client call (the client leaves the body a string for custom objects). */
export function apiErrorOf(err: unknown): { code: number; status: ApiStatus } {
  const { code, body } = err as { code?: unknown; body?: unknown };
  if (typeof code !== 'number') throw err;
  let status: ApiStatus = {};
  if (typeof body === 'string') {
    try {
      status = JSON.parse(body) as ApiStatus;
    } catch {
      status = { message: body };
    }
  } else if (typeof body === 'object' && body !== null) {
    status = body as ApiStatus;
  }
  return { code, status };
}

/**
 * Every field path a refusal names, in the dotted form of ValidationError.path: its causes' fields, and
 * the fields of strict decoding errors, which are only in the message (`strict decoding error: unknown
 * field "spec.topic"`).
 */
export function fieldsNamed(status: ApiStatus): string[] {
  // A schema error comes with a "<nil>" cause, "some validation rules were not checked": it names no field.
  // The scale subresource's own check of spec.replication.workers names it by its JSON path,
  // ".spec.replication.workers" ("should be a non-negative integer"): the same field.
  const fromCauses = (status.details?.causes ?? []).flatMap((c) => (c.field && c.field !== '<nil>' ? [c.field.replace(/^\./, '')] : []));
  const fromMessage = [...(status.message ?? '').matchAll(/unknown field "([^"]+)"/g)].map((m) => m[1] as string);
  return [...new Set([...fromCauses, ...fromMessage])];
}
