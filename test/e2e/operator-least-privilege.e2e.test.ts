import { CoreV1Api, CustomObjectsApi } from '@kubernetes/client-node';
import { findCondition } from '../../src/api/index.ts';
import type { AclBinding } from '../../src/kafka/kafka-client.port.ts';
import { uniqueTopic } from '../helpers/kafka/clusters.ts';
import { createTopicWithTool } from '../helpers/kafka/kafka-tools.ts';
import { produceRecords } from '../helpers/kafka/produce.ts';
import { waitFor } from '../helpers/processes.ts';
import { adminOf } from '../helpers/sync/sync-job.ts';
import { aMirrorJob, jobRef, operatorNamespace, readStatus, sharedOperatorGround, startOperatorProcess, testRecords, type OperatorGround } from './operator-harness.ts';

// The bad input, through the real operator on the real control plane: the job's principal may
// see the source topics but not read them. The condition must name the topic (how long it took is logged; the goal is 30 s).
describe('a source topic the job may not read, through the operator', () => {
  let ground: OperatorGround;

  beforeAll(async () => {
    ground = await sharedOperatorGround();
  });

  afterAll(() => ground?.release());

  it('Degraded=True PermissionDenied names the topic, partition, offset and TOPIC_AUTHORIZATION_FAILED', async () => {
    const { admin, kubelet, source, target } = ground;
    if (!source.sasl) throw new Error('this test needs the SASL source (KMO_SOURCE_KAFKA=3.9.1+sasl)');
    const prefix = uniqueTopic('lp-op');
    const topic = `${prefix}.orders`;
    await Promise.all([createTopicWithTool(source, topic, 1), createTopicWithTool(target, topic, 1)]);
    await produceRecords(source, topic, testRecords(10, 1));
    // docs/acls.md's source rows for user "mirror", with Read on the topics replaced by the Describe it implies.
    const grant = (resourceType: AclBinding['resourceType'], resourceName: string, patternType: AclBinding['patternType'], operation: AclBinding['operation']): AclBinding =>
      ({ resourceType, resourceName, patternType, principal: 'User:mirror', host: '*', operation, permission: 'Allow' });
    const sourceAdmin = adminOf(source, 'lp-op-grants');
    await sourceAdmin.createAcls([
      grant('Topic', prefix, 'Prefixed', 'Describe'), grant('Topic', prefix, 'Prefixed', 'DescribeConfigs'),
      grant('Group', '*', 'Literal', 'Describe'), grant('Cluster', 'kafka-cluster', 'Literal', 'Describe'),
    ]);
    await sourceAdmin.close();

    const prepared = await operatorNamespace(admin, kubelet.nodeName, source, 'lp-op');
    ground.clusterRoles.push(prepared.clusterRoleName);
    const { namespace } = prepared;
    await admin.makeApiClient(CoreV1Api).createNamespacedSecret({ namespace, body: { metadata: { name: 'mirror-credentials' }, stringData: { username: 'mirror', password: source.sasl.users.mirror! } } });
    ground.operators.push(await startOperatorProcess(`operator-${namespace}`, prepared.kubeconfig, namespace));
    const custom = admin.makeApiClient(CustomObjectsApi);
    const sourceAsMirror = { alias: 'source', bootstrapServers: [source.bootstrap], sasl: { mechanism: 'PLAIN', credentialsSecretRef: { name: 'mirror-credentials' } } };
    const started = Date.now();
    await custom.createNamespacedCustomObject({ ...jobRef, namespace, body: aMirrorJob('denied', source, target, prefix, { source: sourceAsMirror, replication: { workers: 1 } }) });

    const expected = `topic ${topic} partition 0 stopped at offset 0: TOPIC_AUTHORIZATION_FAILED (the job may not read this topic on the source)`;
    const status = await waitFor('Degraded to name the topic the job may not read', async () => {
      const now = await readStatus(custom, namespace, 'denied');
      const degraded = findCondition(now?.conditions, 'Degraded');
      return degraded?.status === 'True' && degraded.message.includes(expected) ? now : undefined;
    }, { timeoutMs: 90_000, intervalMs: 250 });
    console.log(`job created -> Degraded/PermissionDenied in status after ${Date.now() - started} ms`);
    expect(findCondition(status.conditions, 'Degraded')).toMatchObject({ reason: 'PermissionDenied' });
    expect(findCondition(status.conditions, 'Ready')).toMatchObject({ status: 'False', reason: 'PermissionDenied' });
    expect(status.phase).toBe('Degraded');
  }, 180_000);
});
