import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { operatorRbac } from '../../../operator/rbac.ts';
import { OPERATOR_COMMAND } from '../../../src/worker/worker-contract.ts';
import { Env, OPERATOR_DEFAULT_HEAP_MIB } from '../../../operator/operator-config.ts';
import { boundedHeapNodeOptions } from '../../../src/runtime/node-options.ts';
import { chartDir, chartFile } from '../../../scripts/dashboards/chart-paths.ts';
import { helm, ofKind, only, renderChart, sets, type K8sObject } from './helm.ts';

type Container = { args: string[]; image: string; env: Array<{ name: string; value?: string; valueFrom?: unknown }>; securityContext: Record<string, unknown>; livenessProbe: { httpGet: { path: string; port: string } }; readinessProbe: { httpGet: { path: string; port: string } }; resources: unknown; ports: Array<{ name: string; containerPort: number }> };
const containerOf = (deployment: K8sObject): Container => (deployment.spec as { template: { spec: { containers: Container[] } } }).template.spec.containers[0] as Container;
const envOf = (c: Container, name: string) => c.env.find((e) => e.name === name);

/** Values that turn on or change everything the defaults leave off. */
const nonDefault = {
  'monitoring.serviceMonitor.enabled': true,
  'monitoring.podMonitor.enabled': true,
  'monitoring.prometheusRule.enabled': true,
  'monitoring.prometheusRule.lagThreshold': 500,
  watchNamespace: 'team-a',
  replicaCount: 2,
  'crds.keep': false,
  workerImage: 'registry.example/kmo:9.9.9',
  'image.tag': '1.2.3',
  'dashboards.annotations.grafana_folder': 'Kafka',
  heapMiB: 384,
};

describe('the chart, rendered by helm', () => {
  it('passes helm lint with the default and with non-default values', async () => {
    await helm(['lint', '--strict', chartDir]);
    // helm lint cannot declare the monitoring API (no --api-versions), so the monitoring objects are rendered by the next tests.
    const withoutMonitoring = Object.fromEntries(Object.entries(nonDefault).filter(([k]) => !k.startsWith('monitoring.')));
    await helm(['lint', '--strict', chartDir, ...sets(withoutMonitoring)]);
  });

  it('renders by default: CRD (kept), ServiceAccount, RBAC, Deployment, metrics Service and two dashboards; no monitoring objects', async () => {
    const objects = await renderChart();
    expect(objects.map((o) => o.kind).sort()).toEqual(['ClusterRole', 'ClusterRoleBinding', 'ConfigMap', 'ConfigMap', 'CustomResourceDefinition', 'Deployment', 'Role', 'RoleBinding', 'Service', 'ServiceAccount']);
    expect(only(objects, 'CustomResourceDefinition').metadata.annotations).toEqual({ 'helm.sh/resource-policy': 'keep' });
  });

  it('runs the operator as the image expects: non-root, read-only root, resources, probes on the health port, the worker image passed on', async () => {
    const deployment = only(await renderChart(), 'Deployment');
    const pod = (deployment.spec as { template: { spec: { securityContext: Record<string, unknown>; serviceAccountName: string } } }).template.spec;
    const c = containerOf(deployment);
    expect(c.args).toEqual(OPERATOR_COMMAND);
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000 });
    expect(c.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    expect(c.resources).toMatchObject({ requests: { cpu: expect.any(String), memory: expect.any(String) }, limits: { memory: expect.any(String) } });
    expect(c.ports).toEqual([{ name: 'metrics', containerPort: 8080, protocol: 'TCP' }]);
    expect(c.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'metrics' });
    expect(c.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'metrics' });
    expect(envOf(c, Env.workerImage)?.value).toBe(c.image);
    expect(envOf(c, Env.leaderElection)?.value).toBe('true');
    expect(envOf(c, Env.metricsPort)?.value).toBe('8080');
    expect(envOf(c, Env.metricsHost)?.valueFrom).toEqual({ fieldRef: { fieldPath: 'status.podIP' } });
    // The heap bound the tests and the bench run the operator with.
    expect(envOf(c, 'NODE_OPTIONS')?.value).toBe(boundedHeapNodeOptions(OPERATOR_DEFAULT_HEAP_MIB));
    expect(pod.serviceAccountName).toBe(only(await renderChart(), 'ServiceAccount').metadata.name);
  });

  it('sets every operator setting it knows from the operator-config Env names', async () => {
    const c = containerOf(only(await renderChart(), 'Deployment'));
    const known = new Set<string>(Object.values(Env));
    expect(c.env.map((e) => e.name).filter((n) => n.startsWith('KMO_')).every((n) => known.has(n))).toBe(true);
  });

  it('renders non-default values: one namespace, two replicas, monitoring objects, the CRD not kept, another worker image, a larger heap', async () => {
    const objects = await renderChart(nonDefault);
    const c = containerOf(only(objects, 'Deployment'));
    expect((only(objects, 'Deployment').spec as { replicas: number }).replicas).toBe(2);
    expect(c.image).toBe('kafka-mirror-operator:1.2.3');
    expect(envOf(c, Env.workerImage)?.value).toBe('registry.example/kmo:9.9.9');
    expect(envOf(c, Env.watchNamespace)?.value).toBe('team-a');
    expect(envOf(c, 'NODE_OPTIONS')?.value).toBe(boundedHeapNodeOptions(384));
    expect(ofKind(objects, 'ClusterRoleBinding')).toEqual([]);
    expect(ofKind(objects, 'RoleBinding').map((b) => b.metadata.namespace).sort()).toEqual(['kmo-system', 'team-a']);
    expect(only(objects, 'CustomResourceDefinition').metadata.annotations ?? {}).toEqual({});
    expect(only(objects, 'PodMonitor').spec).toMatchObject({ namespaceSelector: { matchNames: ['team-a'] }, podMetricsEndpoints: [{ port: 'metrics', honorLabels: true }] });
    expect(only(objects, 'ServiceMonitor').spec).toMatchObject({ endpoints: [{ port: 'metrics' }] });
    const rules = (only(objects, 'PrometheusRule').spec as { groups: Array<{ rules: Array<{ alert: string; expr: string }> }> }).groups[0]?.rules ?? [];
    expect(rules.find((r) => r.alert === 'KafkaMirrorLagHigh')?.expr).toMatch(/> 500$/);
    expect(ofKind(objects, 'ConfigMap').every((cm) => cm.metadata.annotations?.grafana_folder === 'Kafka')).toBe(true);
  });

  it('refuses what it cannot honour: unknown values (values.schema.json), two replicas without leader election, monitoring without its CRDs', async () => {
    await expect(helm(['template', 'kmo', chartDir, '--set', 'replicas=2'])).rejects.toThrow(/additional properties 'replicas' not allowed/);
    await expect(helm(['template', 'kmo', chartDir, '--set', 'image.name=x'])).rejects.toThrow(/additional properties 'name' not allowed/);
    await expect(helm(['template', 'kmo', chartDir, '--set', 'monitoring.prometheusRule.lagFor=soon'])).rejects.toThrow(/lagFor/);
    await expect(helm(['template', 'kmo', chartDir, '--set', 'heapMiB=32'])).rejects.toThrow(/heapMiB/);
    await expect(helm(['template', 'kmo', chartDir, ...sets({ replicaCount: 2, 'leaderElection.enabled': false })])).rejects.toThrow(/needs leaderElection.enabled/);
    await expect(helm(['template', 'kmo', chartDir, '--set', 'monitoring.podMonitor.enabled=true'])).rejects.toThrow(/monitoring.coreos.com\/v1/);
    const recreate = only(await renderChart({ 'leaderElection.enabled': false }), 'Deployment');
    expect((recreate.spec as { strategy: { type: string } }).strategy.type).toBe('Recreate');
  });

  it('grants exactly the rules of operator/rbac/operator-role.yaml', async () => {
    const objects = await renderChart();
    const { clusterRole, leaderElectionRole } = operatorRbac();
    expect(only(objects, 'ClusterRole').rules).toEqual(clusterRole.rules);
    expect(only(objects, 'Role').rules).toEqual(leaderElectionRole.rules);
    const binding = only(objects, 'ClusterRoleBinding') as K8sObject & { subjects: unknown[]; roleRef: { name: string } };
    expect(binding.roleRef.name).toBe(only(objects, 'ClusterRole').metadata.name);
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: only(objects, 'ServiceAccount').metadata.name, namespace: 'kmo-system' }]);
  });

  it('ships the generated CRD unchanged apart from its annotations and labels', async () => {
    const crd = only(await renderChart(), 'CustomResourceDefinition');
    const generated = parse(readFileSync(chartFile('files', 'mirrorjobs.kafkamirror.io.yaml'), 'utf8')) as K8sObject;
    const strip = (o: K8sObject) => ({ ...o, metadata: { name: o.metadata.name } });
    expect(strip(crd)).toEqual(strip(generated));
  });

  it('puts each dashboard in its own ConfigMap, labelled for the Grafana sidecar', async () => {
    const maps = ofKind(await renderChart(), 'ConfigMap');
    expect(maps.map((m) => Object.keys(m.data as object)).flat().sort()).toEqual(['job.json', 'overview.json']);
    for (const map of maps) {
      expect(map.metadata.labels?.grafana_dashboard).toBe('1');
      const [json] = Object.values(map.data as Record<string, string>);
      expect(JSON.parse(json ?? '')).toMatchObject({ uid: expect.stringMatching(/^kafka-mirror-/), panels: expect.any(Array) });
    }
    expect(ofKind(await renderChart({ 'dashboards.enabled': false }), 'ConfigMap')).toEqual([]);
  });
});
