import { CoreV1Api, RbacAuthorizationV1Api } from '@kubernetes/client-node';
import { waitFor } from '../../helpers/processes.ts';
import { adminKubeConfig, kubectl } from '../../helpers/kube/clients.ts';
import { kubeconfigFor } from '../../helpers/kube/identities.ts';
import { loadKubeConfig } from '../../helpers/kube/kubeconfig.ts';
import { freshNamespace } from '../../helpers/kube/namespaces.ts';

describe('RBAC on the test control plane', () => {
  it('lets a ServiceAccount with only get on ConfigMaps get one and refuses it list', async () => {
    const namespace = await freshNamespace('rbac');
    const admin = await adminKubeConfig();
    const core = admin.makeApiClient(CoreV1Api);
    const rbac = admin.makeApiClient(RbacAuthorizationV1Api);
    await core.createNamespacedServiceAccount({ namespace, body: { metadata: { name: 'reader' } } });
    await core.createNamespacedConfigMap({ namespace, body: { metadata: { name: 'visible' }, data: { colour: 'green' } } });
    await rbac.createNamespacedRole({ namespace, body: { metadata: { name: 'get-configmaps' }, rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }] } });
    await rbac.createNamespacedRoleBinding({
      namespace,
      body: {
        metadata: { name: 'reader-gets-configmaps' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'get-configmaps' },
        subjects: [{ kind: 'ServiceAccount', name: 'reader', namespace }],
      },
    });

    const kubeconfig = await kubeconfigFor({ namespace, serviceAccount: 'reader' });
    const asReader = loadKubeConfig(kubeconfig).makeApiClient(CoreV1Api);
    // The RBAC authorizer reads bindings from its informer: a new binding takes effect within moments.
    const cm = await waitFor('the reader to be allowed get', () => asReader.readNamespacedConfigMap({ namespace, name: 'visible' }));
    expect(cm.data).toEqual({ colour: 'green' });

    await expect(asReader.listNamespacedConfigMap({ namespace })).rejects.toMatchObject({ code: 403 });
    await expect(asReader.readNamespacedSecret({ namespace, name: 'anything' })).rejects.toMatchObject({ code: 403 });
    await expect(kubectl(['-n', namespace, 'get', 'configmaps'], { kubeconfig })).rejects.toThrow(
      new RegExp(`system:serviceaccount:${namespace}:reader" cannot list resource "configmaps"`),
    );
    expect((await kubectl(['-n', namespace, 'auth', 'can-i', 'get', 'configmap/visible'], { kubeconfig })).trim()).toBe('yes');
  });
});
