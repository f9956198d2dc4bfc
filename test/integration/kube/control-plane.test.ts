import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiextensionsV1Api, CustomObjectsApi, PatchStrategy, VersionApi, setHeaderOptions } from '@kubernetes/client-node';
import { waitFor } from '../../helpers/processes.ts';
import { projectRoot } from '../../helpers/run-dir.ts';
import { adminKubeConfig, kubectl } from '../../helpers/kube/clients.ts';
import { controlPlane } from '../../helpers/kube/control-plane.ts';
import { freshNamespace } from '../../helpers/kube/namespaces.ts';

const pinnedKubernetes = /^KUBERNETES_VERSION=(\S+)$/m.exec(readFileSync(join(projectRoot, 'scripts', 'versions.sh'), 'utf8'))?.[1];

/** A namespaced CRD with a status subresource, in a group of its own so parallel runs never meet. */
const widgetCrd = (group: string) => ({
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: `widgets.${group}` },
  spec: {
    group,
    scope: 'Namespaced',
    names: { plural: 'widgets', singular: 'widget', kind: 'Widget' },
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        subresources: { status: {} },
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              spec: { type: 'object', properties: { size: { type: 'integer', minimum: 1 } } },
              status: { type: 'object', properties: { phase: { type: 'string' }, observedSize: { type: 'integer' } } },
            },
          },
        },
      },
    ],
  },
});

describe('the test control plane', () => {
  it(`runs the pinned Kubernetes (${pinnedKubernetes}) and answers as admin`, async () => {
    const cp = await controlPlane();
    const version = await (await adminKubeConfig()).makeApiClient(VersionApi).getCode();
    expect(version.gitVersion).toBe(pinnedKubernetes);
    console.log(`control plane ready in ${cp.startMs} ms (${cp.server})`);
  });

  it('applies a CRD until Established, then patches and reads back a resource status through the status subresource', async () => {
    const namespace = await freshNamespace('crd');
    const group = `${namespace}.kmo.test`;
    await kubectl(['apply', '-f', '-'], { stdin: JSON.stringify(widgetCrd(group)) });
    const kc = await adminKubeConfig();
    const ext = kc.makeApiClient(ApiextensionsV1Api);
    await waitFor('the Widget CRD to be Established', async () => {
      const crd = await ext.readCustomResourceDefinition({ name: `widgets.${group}` });
      return crd.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True') ? true : undefined;
    });

    const custom = kc.makeApiClient(CustomObjectsApi);
    const ref = { group, version: 'v1', namespace, plural: 'widgets' };
    // The CRD is Established, but the API server's discovery may lag by a moment; retry the first create.
    await waitFor('the first Widget to be created', async () =>
      custom.createNamespacedCustomObject({ ...ref, body: { apiVersion: `${group}/v1`, kind: 'Widget', metadata: { name: 'w1' }, spec: { size: 3 } } }),
    );
    const merge = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
    await custom.patchNamespacedCustomObjectStatus({ ...ref, name: 'w1', body: { status: { phase: 'Ready', observedSize: 3 } } }, merge);
    // With a status subresource, the main endpoint ignores status and the status endpoint ignores spec.
    await custom.patchNamespacedCustomObject({ ...ref, name: 'w1', body: { status: { phase: 'Ignored' } } }, merge);
    await custom.patchNamespacedCustomObjectStatus({ ...ref, name: 'w1', body: { spec: { size: 9 } } }, merge);

    const read = (await custom.getNamespacedCustomObject({ ...ref, name: 'w1' })) as { spec: unknown; status: unknown };
    expect(read.spec).toEqual({ size: 3 });
    expect(read.status).toEqual({ phase: 'Ready', observedSize: 3 });

    // The schema is enforced by the real API server.
    await expect(kubectl(['-n', namespace, 'apply', '-f', '-'], { stdin: JSON.stringify({ apiVersion: `${group}/v1`, kind: 'Widget', metadata: { name: 'bad' }, spec: { size: 0 } }) })).rejects.toThrow(
      /spec.size.*should be greater than or equal to 1/,
    );
  });
});
