import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CoreV1Api, CustomObjectsApi, type KubeConfig, type V1Pod } from '@kubernetes/client-node';
import { findCondition, type MirrorJobStatus } from '../../src/api/index.ts';
import { childNames } from '../../operator/names.ts';
import { WORKER_METRICS_PORT } from '../../src/worker/worker-contract.ts';
import { createCa, createExpiredCaCopy, createExpiredClientCert } from '../helpers/kafka/test-pki.ts';
import { startKafkaCluster, stopKafkaCluster, type KafkaCluster } from '../helpers/kafka/kafka-cluster.ts';
import { waitFor } from '../helpers/processes.ts';
import { runDir, runSubdir } from '../helpers/run-dir.ts';
import { kubectl } from '../helpers/kube/clients.ts';
import { type ProcessKubelet } from '../helpers/kube/process-kubelet.ts';
import { exactly } from '../integration/cli/cli-harness.ts';
import { findLeaks, pemForms } from '../integration/security/leak-search.ts';
import { exactCopy, seededTopic, settledComparison } from '../integration/security/mirror-helpers.ts';
import { sharedOperatorGround, type OperatorGround, type OperatorProcess, eventuallyCondition, operatorNamespace, readStatus, startOperatorProcess } from './operator-harness.ts';

/** The source's only login, with a password no other output could hold by chance. */
const sourceAdmin = { username: 'admin', password: 'OpSrcAdmin-h5Rw82-kmo' };
const wrongPassword = 'OpWrongPw-c9Lx47-kmo';
const base64 = (text: string) => Buffer.from(text).toString('base64');

/** The TLS Secret's data, kubernetes.io/tls-shaped plus the CA (the keys the MirrorJob API defaults to). */
const tlsSecret = (files: { ca: string; cert: string; key: string }) => ({ 'ca.crt': readFileSync(files.ca, 'utf8'), 'tls.crt': readFileSync(files.cert, 'utf8'), 'tls.key': readFileSync(files.key, 'utf8') });

// The operator and its workers against a private source that takes SASL_SSL, SCRAM-SHA-512 and requires
// a client certificate: what they show the world never holds a secret, and TLS material that does not
// fit becomes a condition that names it. On the shared control plane and target, one operator per test.
describe('the operator with a TLS and SCRAM source', () => {
  let admin: KubeConfig;
  let kubelet: ProcessKubelet;
  let target: KafkaCluster;
  let secure: KafkaCluster;
  let ground: OperatorGround;

  beforeAll(async () => {
    ground = await sharedOperatorGround();
    ({ admin, kubelet, target } = ground);
    secure = await startKafkaCluster({ version: '3.9.1', sasl: 'SCRAM-SHA-512', tls: 'mutual', users: { admin: sourceAdmin, users: {} } }, runSubdir('operator-secure-source'), 'operator-secure-source');
  }, 180_000);

  afterAll(async () => {
    await ground?.release();
    if (secure) await stopKafkaCluster(secure);
  });

  /** A namespace with its own operator (debug logging: the most it could ever print). */
  async function testbed(prefix: string): Promise<{ namespace: string; operator: OperatorProcess; secret: (name: string, data: Record<string, string>) => Promise<unknown> }> {
    const prepared = await operatorNamespace(admin, kubelet.nodeName, ground.source, prefix);
    ground.clusterRoles.push(prepared.clusterRoleName);
    const operator = await startOperatorProcess(`operator-${prepared.namespace}`, prepared.kubeconfig, prepared.namespace, { LOG_LEVEL: 'debug' });
    ground.operators.push(operator);
    const core = admin.makeApiClient(CoreV1Api);
    const secret = (name: string, stringData: Record<string, string>) => core.createNamespacedSecret({ namespace: prepared.namespace, body: { metadata: { name }, stringData } });
    return { namespace: prepared.namespace, operator, secret };
  }

  /** A MirrorJob from the secure source (login and TLS material from the named Secrets) to the shared target. */
  const secureJob = (name: string, topics: string[], secrets: { login: string; tls: string }) => ({
    apiVersion: 'kafkamirror.io/v1alpha1',
    kind: 'MirrorJob',
    metadata: { name },
    spec: {
      source: {
        alias: 'source',
        bootstrapServers: [secure.bootstrap],
        sasl: { mechanism: 'SCRAM-SHA-512', credentialsSecretRef: { name: secrets.login } },
        tls: { caSecretRef: { name: secrets.tls }, clientCertSecretRef: { name: secrets.tls } },
      },
      target: { alias: 'target', bootstrapServers: [target.bootstrap] },
      topics: { include: topics },
      replication: { workers: 1 },
    },
  });

  /** `kubectl apply`, as a user would. */
  const apply = (namespace: string, objects: unknown[]) => kubectl(['-n', namespace, 'apply', '-f', '-'], { stdin: JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }) });

  const workerPods = async (namespace: string): Promise<V1Pod[]> => (await admin.makeApiClient(CoreV1Api).listNamespacedPod({ namespace, labelSelector: 'app.kubernetes.io/component=worker' })).items;
  /** What the process kubelet's container wrote: startProcess logs `pod-<namespace>-<name>` to <run>/logs. */
  const podLog = (pod: V1Pod) => readFileSync(join(runDir(), 'logs', `pod-${pod.metadata?.namespace}-${pod.metadata?.name}.log`), 'utf8');

  it('secrets never leak: operator log and /metrics, worker logs, /status and /metrics, events and status, also when the login fails', async () => {
    const { namespace, operator, secret } = await testbed('operator-leak');
    const tls = secure.tls!;
    await secret('secure-login', sourceAdmin);
    await secret('secure-tls', tlsSecret({ ca: tls.caFile, cert: tls.clientCertFile, key: tls.clientKeyFile }));
    await secret('wrong-login', { username: sourceAdmin.username, password: wrongPassword });
    const topic = await seededTopic(secure, target, 'op-leak', 100);

    // A whole job, to CaughtUp; then one whose login the source refuses, so every error path runs.
    await apply(namespace, [secureJob('secure', [exactly(topic)], { login: 'secure-login', tls: 'secure-tls' })]);
    await eventuallyCondition(admin.makeApiClient(CustomObjectsApi), namespace, 'secure', 'CaughtUp', 'True', 150_000);
    expect(await settledComparison(secure, target, topic, 10_000)).toEqual(exactCopy(100));
    await apply(namespace, [secureJob('wrong-login', [exactly(topic)], { login: 'wrong-login', tls: 'secure-tls' })]);
    const refused = await eventuallyCondition(admin.makeApiClient(CustomObjectsApi), namespace, 'wrong-login', 'SourceConnected', 'False', 90_000);
    expect(findCondition(refused.conditions, 'SourceConnected')?.reason).toBe('AuthenticationFailed');
    const wrongWorker = `${childNames({ metadata: { name: 'wrong-login' } }).statefulSet}-0`;
    await waitFor('the worker with the wrong password to report the refused login', async () => {
      const pod = (await workerPods(namespace)).find((p) => p.metadata?.name === wrongWorker);
      const ip = pod?.status?.podIP;
      const status = ip ? await fetch(`http://${ip}:${WORKER_METRICS_PORT}/status`).then((r) => r.text(), () => '') : '';
      return /SASL_AUTHENTICATION_FAILED/.test(status) ? true : undefined;
    }, { timeoutMs: 60_000 });

    // Everything the job showed the world.
    const outputs: Array<[string, string]> = [];
    outputs.push(['operator /metrics', await (await fetch(`${operator.metricsUrl}/metrics`)).text()]);
    const pods = await workerPods(namespace);
    for (const pod of pods) {
      for (const path of ['/status', '/metrics']) outputs.push([`${pod.metadata?.name} ${path}`, await (await fetch(`http://${pod.status?.podIP}:${WORKER_METRICS_PORT}${path}`)).text()]);
      outputs.push([`${pod.metadata?.name} log`, podLog(pod)]);
    }
    outputs.push(['events', await kubectl(['-n', namespace, 'get', 'events', '-o', 'yaml'])]);
    outputs.push(['MirrorJobs (spec and status)', await kubectl(['-n', namespace, 'get', 'mirrorjobs', '-o', 'yaml'])]);
    outputs.push(['children', await kubectl(['-n', namespace, 'get', 'statefulsets,configmaps,pods', '-o', 'yaml'])]);
    outputs.push(['operator log', readFileSync(operator.logFile, 'utf8')]);

    const key = readFileSync(tls.clientKeyFile, 'utf8');
    const secretValues = [sourceAdmin.password, wrongPassword, ...pemForms(key)];
    // Base64 too: the form a Secret's data takes, should something print a Secret object.
    const encoded = [sourceAdmin.password, wrongPassword, key].map(base64);
    expect(findLeaks(outputs, [...secretValues, ...encoded])).toEqual([]);

    // Controls. The same search finds each value where it legitimately is, the Secret objects...
    const secretObjects: Array<[string, string]> = [['Secret objects', await kubectl(['-n', namespace, 'get', 'secrets', '-o', 'yaml'])]];
    for (const value of encoded) expect(findLeaks(secretObjects, [value])).toHaveLength(1);
    // ...and what it searched is the real thing: both workers and the operator spoke, the failure is in it.
    expect(pods.map((p) => p.metadata?.name).sort()).toEqual([`${childNames({ metadata: { name: 'secure' } }).statefulSet}-0`, wrongWorker]);
    const text = (where: string) => outputs.find(([name]) => name === where)?.[1] ?? '';
    // The operator reports failures in status and events, not in its log: its log is checked to be the real one.
    expect(text('operator log')).toMatch(/"msg":"became leader"/);
    expect(text(`${wrongWorker} /status`)).toContain('SASL_AUTHENTICATION_FAILED');
    expect(text(`${pods[0]?.metadata?.name} /metrics`)).toMatch(/kafka_mirror_/);
    expect(text('events')).toContain('AuthenticationFailed');
    expect(text('MirrorJobs (spec and status)')).toMatch(/reason: CaughtUp[\s\S]*reason: AuthenticationFailed/);
    expect(outputs.filter(([, body]) => body.trim() === '').map(([where]) => where)).toEqual([]);
  }, 300_000);

  it('a missing Secret, a CA that did not sign the broker, an expired client certificate and an expired broker chain: each a condition naming it, no crash loop, no stack', async () => {
    const { namespace, secret } = await testbed('operator-bad-tls');
    const tls = secure.tls!;
    const wrongCa = await createCa(runSubdir('operator-wrong-ca'), 'wrong-ca', 'kmo-operator-wrong-ca');
    const expired = await createExpiredClientCert(tls);
    const expiredCa = await createExpiredCaCopy(tls);
    await secret('secure-login', sourceAdmin);
    await secret('secure-tls', tlsSecret({ ca: tls.caFile, cert: tls.clientCertFile, key: tls.clientKeyFile }));
    await secret('wrong-ca', tlsSecret({ ca: wrongCa, cert: tls.clientCertFile, key: tls.clientKeyFile }));
    await secret('expired-client', tlsSecret({ ca: tls.caFile, cert: expired.certFile, key: expired.keyFile }));
    await secret('expired-ca', tlsSecret({ ca: expiredCa, cert: tls.clientCertFile, key: tls.clientKeyFile }));
    const topics = [exactly('no-such-topic')];

    const cases = [
      { job: secureJob('no-secret', topics, { login: 'nowhere', tls: 'secure-tls' }), reason: 'SecretNotFound', message: /Secret "nowhere" \(key "username"\) does not exist in namespace/ },
      { job: secureJob('wrong-ca', topics, { login: 'secure-login', tls: 'wrong-ca' }), reason: 'CertificateNotTrusted', message: /the broker's TLS certificate is not trusted \(self-signed certificate in certificate chain\); check the CA certificate/ },
      { job: secureJob('expired-client', topics, { login: 'secure-login', tls: 'expired-client' }), reason: 'AuthenticationFailed', message: /the broker refused the TLS handshake \(ssl\/tls alert [a-z ]+\); check the client certificate \(tls\.clientCertSecretRef\): the client certificate expired on \d{4}-\d\d-\d\dT/ },
      // The broker's chain ends in a CA past its dates: how an expired server certificate shows to the client.
      { job: secureJob('expired-ca', topics, { login: 'secure-login', tls: 'expired-ca' }), reason: 'CertificateNotTrusted', message: /the broker's TLS certificate \(or a CA certificate in its chain\) is outside its validity dates \(certificate has expired\)/ },
    ];
    const custom = admin.makeApiClient(CustomObjectsApi);
    await apply(namespace, cases.map((c) => c.job));
    const applied = Date.now();
    const statuses = await Promise.all(cases.map(async ({ job }) => {
      const status = await eventuallyCondition(custom, namespace, job.metadata.name, 'SourceConnected', 'False', 90_000 - (Date.now() - applied));
      console.log(`${job.metadata.name}: SourceConnected=False ${Date.now() - applied} ms after kubectl apply`);
      return status;
    }));
    cases.forEach(({ reason, message }, i) => {
      const status = statuses[i] as MirrorJobStatus;
      expect(findCondition(status.conditions, 'SourceConnected')).toMatchObject({ status: 'False', reason, message: expect.stringMatching(message) });
      expect(findCondition(status.conditions, 'TargetConnected')?.status).toBe('True');
    });

    // The workers wait and retry rather than crash: the ones whose TLS fails run on, none restarted.
    await waitFor('the workers of the TLS cases to run', async () => {
      const running = (await workerPods(namespace)).filter((p) => p.status?.containerStatuses?.[0]?.state?.running);
      return running.length === 3 ? true : undefined;
    }, { timeoutMs: 60_000 });
    await new Promise((resolve) => setTimeout(resolve, 15_000));
    const pods = await workerPods(namespace);
    expect(pods.map((p) => `${p.metadata?.name}: ${p.status?.containerStatuses?.[0]?.restartCount ?? 0}`).sort()).toEqual(['expired-ca-worker-0: 0', 'expired-client-worker-0: 0', 'no-secret-worker-0: 0', 'wrong-ca-worker-0: 0']);
    for (const pod of pods.filter((p) => p.metadata?.name !== 'no-secret-worker-0')) expect(podLog(pod).length).toBeGreaterThan(0);

    // Status, read again after the wait: the same reasons, one line each, no stack.
    for (const { job, reason } of cases) {
      const status = await readStatus(custom, namespace, job.metadata.name);
      expect(findCondition(status?.conditions, 'SourceConnected')?.reason).toBe(reason);
      expect(JSON.stringify(status)).not.toMatch(/\\n\s+at /);
      for (const condition of status?.conditions ?? []) expect(condition.message).not.toContain('\n');
    }
  }, 260_000);
});
