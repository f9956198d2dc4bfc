/**
 * docs/migration-guide.md, followed to the letter: every ```sh test block, in order, in bash, against
 * the seed write-up's scenario (a Kafka 2.6.0 source with SASL/PLAIN and ACLs holding `projects.*`
 * topics and a consumer group, a Kafka 4.1.2 SASL target), a control plane of its own (helm installs
 * the cluster-scoped CRD) and the process kubelet running the chart's operator and its workers.
 * Then the outcomes the guide promises, judged by Kafka's own tools and kcat.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppsV1Api, CoreV1Api } from '@kubernetes/client-node';
import { chartDir } from '../../../scripts/dashboards/chart-paths.ts';
import { compareTopics } from '../../helpers/kafka/compare-topics.ts';
import { consumeAsGroup } from '../../helpers/kafka/console-consumer.ts';
import { startKafkaCluster, stopKafkaCluster, type KafkaCluster } from '../../helpers/kafka/kafka-cluster.ts';
import { adminClientConfig, kafkaTool, topicCommandClass } from '../../helpers/kafka/kafka-tools.ts';
import { startControlPlane, type ControlPlane } from '../../helpers/kube/control-plane.ts';
import { mapImages, nodeScriptImage, type ImageMapper } from '../../helpers/kube/image-mapping.ts';
import { loadKubeConfig, writeKubeconfig } from '../../helpers/kube/kubeconfig.ts';
import { uniqueName } from '../../helpers/kube/namespaces.ts';
import { startProcessKubelet, type ProcessKubelet } from '../../helpers/kube/process-kubelet.ts';
import { stopProcess } from '../../helpers/processes.ts';
import { projectRoot, runSubdir } from '../../helpers/run-dir.ts';
import { testBlocks } from './guide-blocks.ts';
import { guidePath, runBlock, type BlockRun } from './guide-shell.ts';
import { fillSeedSource, GROUP, MIRRORED, SEED_TOPICS, valueOf, writeSeedMm2Properties } from './seed-scenario.ts';

const GUIDE = join(projectRoot, 'docs', 'migration-guide.md');
const JOB = 'event-center';

describe('docs/migration-guide.md, every tested command run in order', () => {
  let source: KafkaCluster;
  let target: KafkaCluster;
  let cp: ControlPlane;
  let kubelet: ProcessKubelet;
  let readOnSource: string[];
  /**
   * The process kubelet mounts no ServiceAccount token, so the operator's container gets a kubeconfig
   * for the chart's ServiceAccount (TokenRequest), made once helm has created it. Until then the
   * container fails to start and the kubelet retries it.
   */
  let podKubeconfig: string | undefined;
  let tokenPending: Promise<void> | undefined;

  async function chartServiceAccountKubeconfig(): Promise<void> {
    const admin = loadKubeConfig(cp.kubeconfig);
    const [deployment] = (await admin.makeApiClient(AppsV1Api).listDeploymentForAllNamespaces({ labelSelector: 'app.kubernetes.io/name=kafka-mirror-operator' })).items;
    const namespace = deployment?.metadata?.namespace;
    const name = deployment?.spec?.template.spec?.serviceAccountName;
    if (!namespace || !name) return;
    const token = await admin.makeApiClient(CoreV1Api).createNamespacedServiceAccountToken({ name, namespace, body: { spec: { audiences: ['https://kubernetes.default.svc'], expirationSeconds: 3600 } } });
    podKubeconfig = writeKubeconfig(join(runSubdir('guide', 'kubeconfigs'), `${namespace}.${name}.kubeconfig`), { server: cp.server, user: `system:serviceaccount:${namespace}:${name}`, token: token.status?.token ?? '' });
  }

  const image: ImageMapper = (container) => {
    if (!podKubeconfig) {
      tokenPending ??= chartServiceAccountKubeconfig().finally(() => (tokenPending = undefined));
      throw new Error('no ServiceAccount token yet');
    }
    return nodeScriptImage(join(projectRoot, 'main.ts'), { KUBECONFIG: podKubeconfig })(container);
  };

  beforeAll(async () => {
    [source, target, cp] = await Promise.all([
      startKafkaCluster({ version: '2.6.0', sasl: true }, runSubdir('guide', 'source'), 'guide-source-2.6.0'),
      startKafkaCluster({ version: '4.1.2', sasl: true }, runSubdir('guide', 'target'), 'guide-target-4.1.2'),
      startControlPlane(runSubdir('guide', 'control-plane'), 'guide-kube'),
    ]);
    [readOnSource, kubelet] = await Promise.all([
      fillSeedSource(source),
      startProcessKubelet({ kubeconfig: cp.kubeconfig, mapImage: mapImages({ 'kafka-mirror-operator': image }), resyncMs: 2_000 }),
    ]);
  }, 180_000);

  afterAll(async () => {
    await kubelet?.stop();
    await Promise.all(Object.values(cp?.pids ?? {}).map((pid) => stopProcess({ pid }, 3_000)));
    await Promise.all([source, target].filter((c) => c !== undefined).map((c) => stopKafkaCluster(c)));
  });

  it('migrates the seed cluster: verify clean, CutoverReady, the group resumes exactly, target data kept', async () => {
    const work = runSubdir('guide', 'work');
    mkdirSync(work, { recursive: true });
    const env: Record<string, string> = {
      PATH: guidePath(join(work, 'bin')),
      HOME: process.env.HOME ?? work,
      KUBECONFIG: cp.kubeconfig,
      WORK: work,
      MM2_PROPERTIES: writeSeedMm2Properties(work, source, target),
      SOURCE_BOOTSTRAP: source.bootstrap,
      TARGET_BOOTSTRAP: target.bootstrap,
      SOURCE_CLIENT_PROPERTIES: adminClientConfig(source),
      TARGET_CLIENT_PROPERTIES: adminClientConfig(target),
      NAMESPACE: uniqueName('guide'),
      JOB,
      CHART: chartDir,
      IMAGE_REPOSITORY: 'kafka-mirror-operator',
    };
    const blocks = testBlocks(readFileSync(GUIDE, 'utf8'));
    expect(blocks.length).toBeGreaterThan(8);
    const runs: BlockRun[] = [];
    for (const block of blocks) {
      const run = await runBlock(block, env, 240_000);
      runs.push(run);
      console.log(`guide line ${block.line}: ${run.ms} ms\n${block.script}\n${run.output.trim().split('\n').slice(-12).join('\n')}`);
    }
    const outputOf = (command: string): string => runs.filter((r) => r.block.script.includes(command)).map((r) => r.output).join('\n');

    // 1. import-mm2 wrote the job and the Secrets, and said what needs a look (the custom replication policy).
    expect(existsSync(join(work, `${JOB}.mirrorjob.yaml`))).toBe(true);
    expect(outputOf('kafka-mirror import-mm2')).toMatch(/replication\.policy\.class\s.*CHECK/);
    // 2. The plan names the seed's topics and its ACL, and leaves the unmatched topic alone.
    const plan = outputOf('kafka-mirror plan');
    for (const topic of MIRRORED) expect(plan).toMatch(new RegExp(`CreateTopic\\s+${topic.name.replace('.', '\\.')}\\s`));
    expect(plan).toContain('Allow User:alice Read on Topic projects.orders');
    expect(plan).not.toContain('scratch.tmp');
    // 5, 6. Every verify block exited 0 (bash -e) saying so; the cutover wait returned on the condition.
    expect(outputOf('kafka-mirror verify')).toContain('source and target match');
    expect(outputOf('--for=condition=CutoverReady')).toContain('condition met');

    // The MirrorJob is deleted; the target keeps every mirrored record, once, in order; nothing else came over.
    for (const topic of MIRRORED) {
      expect({ topic: topic.name, ...(await compareTopics(source, topic.name, target)) }).toMatchObject({ topic: topic.name, sourceRecords: topic.records, lost: 0, duplicated: 0, mismatchedPartitions: [] });
    }
    const targetTopics = (await kafkaTool(target, topicCommandClass(target.version), ['--bootstrap-server', target.bootstrap, '--command-config', adminClientConfig(target), '--list'])).split('\n');
    expect(targetTopics).not.toContain(SEED_TOPICS.find((t) => !t.name.startsWith('projects.'))?.name);

    // The group, moved to the target, reads exactly what it had not read on the source: nothing twice, nothing skipped.
    const readOnTarget = await consumeAsGroup(target, GROUP.topic, GROUP.id, { idleMs: 5_000 });
    expect(readOnSource).toHaveLength(GROUP.reads);
    const all = Array.from({ length: MIRRORED[0]?.records ?? 0 }, (_, n) => valueOf(GROUP.topic, n));
    const unread = new Set(all.filter((v) => !readOnSource.includes(v)));
    expect(readOnTarget).toHaveLength(unread.size);
    expect(new Set(readOnTarget)).toEqual(unread);
  }, 480_000);
});
