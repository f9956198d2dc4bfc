import { CoreV1Api, RbacAuthorizationV1Api } from '@kubernetes/client-node';
import { waitFor } from '../../helpers/processes.ts';
import { adminKubeConfig } from '../../helpers/kube/clients.ts';
import { kubeconfigFor } from '../../helpers/kube/identities.ts';
import { freshNamespace } from '../../helpers/kube/namespaces.ts';
import { EXPECTED_PERMISSIONS_FILE, expectationSections, PermissionSection, permissionsIn } from '../../helpers/kube/permissions.ts';
import { applyMirrorJobCrd, operatorIdentity } from '../../e2e/operator-harness.ts';

describe('the operator has the least privilege, as the API server itself reports it', () => {
  it('can-i --list as the operator and as the workers equals operator/rbac/expected-permissions.txt', async () => {
    const admin = await adminKubeConfig();
    await applyMirrorJobCrd(admin);
    const namespace = await freshNamespace('rbac-operator');
    const elsewhere = await freshNamespace('rbac-elsewhere');
    // Bound exactly as the e2e tests bind operator/rbac/operator-role.yaml (ClusterRole through a RoleBinding).
    const { kubeconfig, clusterRoleName } = await operatorIdentity(admin, namespace);
    try {
      // The ServiceAccount controller makes each namespace's `default`, which worker Pods run as.
      const core = admin.makeApiClient(CoreV1Api);
      await waitFor(`the default ServiceAccount of ${namespace}`, () => core.readNamespacedServiceAccount({ namespace, name: 'default' }));
      const worker = await kubeconfigFor({ namespace, serviceAccount: 'default' });
      const observed = {
        [PermissionSection.operatorManaged]: await permissionsIn(namespace, kubeconfig),
        [PermissionSection.operatorElsewhere]: await permissionsIn(elsewhere, kubeconfig),
        [PermissionSection.worker]: await permissionsIn(namespace, worker),
      };
      const expected = expectationSections(EXPECTED_PERMISSIONS_FILE, observed);
      // One string per section, so a difference shows as a line diff of rules.
      for (const [section, lines] of Object.entries(observed)) expect(`[${section}]\n${lines.join('\n')}`).toBe(`[${section}]\n${(expected[section] ?? []).join('\n')}`);

      // Controls: the review really saw the binding (the operator's own rules are listed where it
      // manages, not elsewhere), and what the workers get is exactly what any identity gets.
      const mirrorJobs = /^mirrorjobs\.kafkamirror\.io \| \[\] \| \[\] \| \[get list watch\]$/;
      expect(observed[PermissionSection.operatorManaged]).toEqual(expect.arrayContaining([expect.stringMatching(mirrorJobs)]));
      expect(observed[PermissionSection.operatorElsewhere].filter((l) => mirrorJobs.test(l))).toEqual([]);
      expect(observed[PermissionSection.worker]).toEqual(observed[PermissionSection.operatorElsewhere]);
    } finally {
      await admin.makeApiClient(RbacAuthorizationV1Api).deleteClusterRole({ name: clusterRoleName }).catch(() => undefined);
    }
  }, 120_000);
});
