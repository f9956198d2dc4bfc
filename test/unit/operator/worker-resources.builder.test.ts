import { WORKER_COMMAND, WORKER_JOB_FILE, WORKER_JOB_MOUNT, WORKER_MALLOC_ARENA_MAX, WORKER_DEFAULT_HEAP_MIB, WORKER_METRICS_PORT, WORKER_SECRETS_DIR, WorkerEnv } from '../../../src/worker/worker-contract.ts';
import { Annotation, childNames } from '../../../operator/names.ts';
import { buildJobConfigMap, buildWorkerDisruptionBudget, buildWorkerService, jobFileContent } from '../../../operator/worker-resources.builder.ts';
import { buildWorkerStatefulSet } from '../../../operator/worker-statefulset.builder.ts';
import { aValidatedJob } from './operator-fixtures.ts';

const rollout = { image: 'kafka-mirror-operator:0.1.0', revision: 1_700_000_000_123, configHash: 'abc123' };

const secured = aValidatedJob({
  source: { bootstrapServers: ['src:9092'], sasl: { mechanism: 'PLAIN', credentialsSecretRef: { name: 'source-login' } }, tls: { caSecretRef: { name: 'source-ca' } } },
  target: { bootstrapServers: ['dst:9092'], tls: { clientCertSecretRef: { name: 'target.client-cert' }, caSecretRef: { name: 'source-ca' } } },
  replication: { workers: 3 },
  workerTemplate: {
    resources: { requests: { cpu: '500m' } },
    nodeSelector: { pool: 'kafka' },
    tolerations: [{ key: 'dedicated', operator: 'Exists' }],
    affinity: { podAntiAffinity: {} },
    annotations: { 'sidecar.istio.io/inject': 'false', [Annotation.configHash]: 'user-value' },
    serviceAccountName: 'mirror-worker',
  },
});

describe('worker resources', () => {
  it('owns every child, so the garbage collector deletes them with the job', () => {
    for (const child of [buildJobConfigMap(secured), buildWorkerService(secured), buildWorkerDisruptionBudget(secured), buildWorkerStatefulSet(secured, rollout)]) {
      expect(child.metadata?.namespace).toBe('team-a');
      expect(child.metadata?.ownerReferences).toEqual([
        { apiVersion: 'kafkamirror.io/v1alpha1', kind: 'MirrorJob', name: 'orders-mirror', uid: 'uid-1234', controller: true, blockOwnerDeletion: true },
      ]);
    }
  });

  it('puts the defaulted job, without volatile metadata, in the ConfigMap at the worker job file', () => {
    const data = buildJobConfigMap(secured).data ?? {};
    expect(Object.keys(data)).toEqual([WORKER_JOB_FILE.slice(WORKER_JOB_MOUNT.length + 1)]);
    const job = JSON.parse(Object.values(data)[0] ?? '') as { metadata: unknown; spec: { replication: { delivery: string } } };
    expect(job.metadata).toEqual({ name: 'orders-mirror', namespace: 'team-a' });
    expect(job.spec.replication.delivery).toBe('ExactlyOnce');
    expect(jobFileContent({ ...secured, metadata: { ...secured.metadata, resourceVersion: '999', generation: 9 } })).toBe(jobFileContent(secured));
  });

  it('leaves spec.cutover out of the job file, so requesting a cutover does not roll the workers', () => {
    expect(jobFileContent({ ...secured, spec: { ...secured.spec, cutover: true } })).toBe(jobFileContent(secured));
    expect(jobFileContent(secured)).not.toContain('cutover');
  });

  it('runs the workers per the worker contract', () => {
    const sts = buildWorkerStatefulSet(secured, rollout);
    const pod = sts.spec?.template.spec;
    const container = pod?.containers[0];
    expect(sts.spec?.replicas).toBe(3);
    expect(sts.spec?.serviceName).toBe(childNames(secured).service);
    expect(container?.image).toBe(rollout.image);
    expect(container?.command).toBeUndefined(); // the image's ENTRYPOINT (Dockerfile) runs
    expect(container?.args).toEqual(WORKER_COMMAND);
    expect(container?.env).toEqual([
      { name: WorkerEnv.jobFile, value: WORKER_JOB_FILE },
      { name: WorkerEnv.revision, value: '1700000000123' },
      { name: WorkerEnv.secretsDir, value: WORKER_SECRETS_DIR },
      { name: WorkerEnv.metricsPort, value: String(WORKER_METRICS_PORT) },
      { name: 'NODE_OPTIONS', value: `--max-semi-space-size=4 --max-old-space-size=${WORKER_DEFAULT_HEAP_MIB}` },
      { name: 'MALLOC_ARENA_MAX', value: WORKER_MALLOC_ARENA_MAX },
      { name: WorkerEnv.podIp, valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
    ]);
    expect(container?.readinessProbe?.httpGet).toEqual({ path: '/readyz', port: 'metrics' });
    expect(container?.ports).toEqual([{ name: 'metrics', containerPort: WORKER_METRICS_PORT, protocol: 'TCP' }]);
    expect(pod?.terminationGracePeriodSeconds).toBe(30);
  });

  it('bounds the worker heap at workerTemplate.heapMiB, and a change of it rolls the workers', () => {
    const bigger = { ...secured, spec: { ...secured.spec, workerTemplate: { heapMiB: 512 } } };
    const env = buildWorkerStatefulSet(bigger, rollout).spec?.template.spec?.containers[0]?.env ?? [];
    expect(env.find((e) => e.name === 'NODE_OPTIONS')?.value).toBe('--max-semi-space-size=4 --max-old-space-size=512');
    expect(jobFileContent(bigger)).not.toBe(jobFileContent(secured));
  });

  it('mounts the job ConfigMap and each referenced Secret once, at <secrets dir>/<name>', () => {
    const pod = buildWorkerStatefulSet(secured, rollout).spec?.template.spec;
    const mounts = pod?.containers[0]?.volumeMounts ?? [];
    const volumes = new Map((pod?.volumes ?? []).map((v) => [v.name, v]));
    const secretMounts = mounts.filter((m) => volumes.get(m.name)?.secret).map((m) => [m.mountPath, volumes.get(m.name)?.secret?.secretName, m.readOnly]);
    expect(secretMounts).toEqual([
      [`${WORKER_SECRETS_DIR}/source-ca`, 'source-ca', true],
      [`${WORKER_SECRETS_DIR}/source-login`, 'source-login', true],
      [`${WORKER_SECRETS_DIR}/target.client-cert`, 'target.client-cert', true],
    ]);
    const jobMount = mounts.find((m) => m.mountPath === WORKER_JOB_MOUNT);
    expect(volumes.get(jobMount?.name ?? '')?.configMap?.name).toBe(childNames(secured).configMap);
  });

  it('is locked down: no token, non-root, read-only root, no privilege escalation, no capabilities, RuntimeDefault seccomp', () => {
    const pod = buildWorkerStatefulSet(secured, rollout).spec?.template.spec;
    expect(pod?.automountServiceAccountToken).toBe(false);
    expect(pod?.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(pod?.containers[0]?.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
  });

  it('applies the worker template, and a user annotation cannot hide the config hash', () => {
    const template = buildWorkerStatefulSet(secured, rollout).spec?.template;
    expect(template?.spec?.containers[0]?.resources).toEqual({ requests: { cpu: '500m' } });
    expect(template?.spec).toMatchObject({
      nodeSelector: { pool: 'kafka' },
      tolerations: [{ key: 'dedicated', operator: 'Exists' }],
      affinity: { podAntiAffinity: {} },
      serviceAccountName: 'mirror-worker',
    });
    expect(template?.metadata?.annotations).toMatchObject({ 'sidecar.istio.io/inject': 'false', [Annotation.configHash]: 'abc123' });
  });

  it('scales to zero when paused, keeping everything else', () => {
    const paused = aValidatedJob({ paused: true, replication: { workers: 3 } });
    expect(buildWorkerStatefulSet(paused, rollout).spec?.replicas).toBe(0);
  });

  it('serves metrics through a headless Service and allows one worker down at a time', () => {
    expect(buildWorkerService(secured).spec).toMatchObject({ clusterIP: 'None', ports: [{ name: 'metrics', port: WORKER_METRICS_PORT, targetPort: 'metrics', protocol: 'TCP' }] });
    expect(buildWorkerDisruptionBudget(secured).spec?.maxUnavailable).toBe(1);
  });

  it('keeps child names within what a StatefulSet allows, distinct for long job names', () => {
    const long = 'a'.repeat(100);
    const names = [childNames({ metadata: { name: `${long}-x` } }), childNames({ metadata: { name: `${long}-y` } })];
    expect(names[0]?.statefulSet.length).toBeLessThanOrEqual(52);
    expect(names[0]?.statefulSet).not.toBe(names[1]?.statefulSet);
  });
});
