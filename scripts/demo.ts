/**
 * `npm run demo`: the README's tour. Two local Kafka clusters like the seed write-up's migration (a
 * Kafka 2.6 source with ZooKeeper, SASL and ACLs; a Kafka 4.1.2 target), sample `projects.*` topics
 * with data, a consumer group that read part of it and an ACL; then the real CLI as a child process:
 * `kafka-mirror run --until-caught-up` with its progress, and `kafka-mirror verify`. Every process it
 * starts is stopped in the `finally`, whatever happens.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PlatformaticAdmin } from '../src/kafka/platformatic-admin.adapter.ts';
import { accessOf } from '../test/helpers/kafka/access.ts';
import { startKafkaCluster, stopKafkaCluster, type BrokerReadiness, type KafkaCluster } from '../test/helpers/kafka/kafka-cluster.ts';
import { adminClientConfig, createTopicWithTool, kafkaTool } from '../test/helpers/kafka/kafka-tools.ts';
import { produceRecords } from '../test/helpers/kafka/produce.ts';
import { stopAllProcesses } from '../test/helpers/processes.ts';
import { projectRoot, runSubdir } from '../test/helpers/run-dir.ts';

const TOPICS: Array<{ name: string; partitions: number; records: number; configs: Record<string, string> }> = [
  { name: 'projects.orders', partitions: 3, records: 12_000, configs: { 'retention.ms': '604800000' } },
  { name: 'projects.payments', partitions: 2, records: 6_000, configs: {} },
  { name: 'projects.audit', partitions: 1, records: 2_000, configs: { 'cleanup.policy': 'compact' } },
  { name: 'scratch.tmp', partitions: 1, records: 500, configs: {} }, // not matched by projects.*: stays behind
];
const GROUP = { id: 'billing', topic: 'projects.orders', reads: 5_000 };
const STEP_TIMEOUT_MS = 300_000;

const say = (text: string) => console.log(`\n== ${text}`);

/**
 * The demo's setup installs Kafka only (no kcat, unlike the tests' setup), so it waits for a broker with
 * the project's own client: ready once a metadata response lists the broker.
 */
const listedByOurClient: BrokerReadiness = async (cluster) => {
  const admin = new PlatformaticAdmin({ ...accessOf(cluster), clientId: 'demo-readiness', requestTimeoutMs: 5_000 });
  try {
    return (await admin.describeCluster()).brokerIds.length > 0;
  } finally {
    await admin.close();
  }
};

async function fillSource(source: KafkaCluster): Promise<void> {
  for (const t of TOPICS) {
    await createTopicWithTool(source, t.name, t.partitions, t.configs);
    const records = Array.from({ length: t.records }, (_, i) => ({ partition: i % t.partitions, key: `key-${i % 500}`, value: JSON.stringify({ n: i, topic: t.name }), headers: [['source', 'demo'] as [string, string]] }));
    await produceRecords(source, t.name, records, { compression: 'lz4' });
    console.log(`   ${t.name}: ${t.partitions} partitions, ${t.records} records`);
  }
  // A real consumer (Kafka's own console consumer) reads part of projects.orders and commits.
  await kafkaTool(source, 'kafka.tools.ConsoleConsumer', [
    '--bootstrap-server', source.bootstrap, '--consumer.config', adminClientConfig(source), '--topic', GROUP.topic,
    '--group', GROUP.id, '--from-beginning', '--max-messages', String(GROUP.reads), '--timeout-ms', '60000',
  ]);
  console.log(`   consumer group ${GROUP.id} read ${GROUP.reads} records of ${GROUP.topic} and committed`);
  const admin = new PlatformaticAdmin({ ...accessOf(source), clientId: 'demo-setup' });
  try {
    await admin.createAcls([{ resourceType: 'Topic', resourceName: 'projects.orders', patternType: 'Literal', principal: 'User:alice', host: '*', operation: 'Read', permission: 'Allow' }]);
  } finally {
    await admin.close();
  }
  console.log('   ACL: User:alice may READ projects.orders');
}

function writeJob(dir: string, source: KafkaCluster, target: KafkaCluster): { job: string; secrets: string } {
  const job = join(dir, 'event-center-migration.yaml');
  const secrets = join(dir, 'secrets.yaml');
  writeFileSync(job, `apiVersion: kafkamirror.io/v1alpha1
kind: MirrorJob
metadata:
  name: event-center-migration
spec:
  source:
    alias: event-center
    bootstrapServers: ["${source.bootstrap}"]
    sasl: { mechanism: PLAIN, credentialsSecretRef: { name: event-center-credentials } }
  target:
    alias: event-center-new
    bootstrapServers: ["${target.bootstrap}"]
    sasl: { mechanism: PLAIN, credentialsSecretRef: { name: event-center-new-credentials } }
  topics:
    include: ["projects.*"]
  acls: { sync: true, mode: Full }
  groups: { include: [".*"], syncOffsets: true }
  syncIntervalSeconds: 5
`);
  const secret = (name: string, c: KafkaCluster) => `apiVersion: v1\nkind: Secret\nmetadata: { name: ${name} }\nstringData: { username: ${c.sasl!.admin.username}, password: ${c.sasl!.admin.password} }\n`;
  writeFileSync(secrets, `${secret('event-center-credentials', source)}---\n${secret('event-center-new-credentials', target)}`, { mode: 0o600 });
  return { job, secrets };
}

/** Runs the real CLI with the terminal passed through, so its live progress shows as a user sees it. */
function cli(args: string[]): Promise<number> {
  console.log(`$ kafka-mirror ${args.join(' ')}`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(projectRoot, 'src/cli/main.ts'), ...args], { stdio: 'inherit' });
    const timer = setTimeout(() => child.kill('SIGINT'), STEP_TIMEOUT_MS);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve(code ?? 1);
    });
  });
}

async function main(): Promise<number> {
  const started = Date.now();
  const clusters: KafkaCluster[] = [];
  try {
    say('starting a Kafka 2.6.0 source (ZooKeeper, SASL/PLAIN, ACLs) and a Kafka 4.1.2 target (KRaft, SASL/PLAIN)');
    const [source, target] = await Promise.all([
      startKafkaCluster({ version: '2.6.0', sasl: true }, runSubdir('demo-source'), 'demo-source-2.6.0', listedByOurClient),
      startKafkaCluster({ version: '4.1.2', sasl: true }, runSubdir('demo-target'), 'demo-target-4.1.2', listedByOurClient),
    ]);
    clusters.push(source, target);
    console.log(`   source ${source.bootstrap}, target ${target.bootstrap} (${Math.round((Date.now() - started) / 1000)}s)`);
    say('filling the source');
    await fillSource(source);
    const files = writeJob(runSubdir('demo-job'), source, target);
    console.log(`   MirrorJob: ${files.job}\n   Secrets:   ${files.secrets}`);

    say('mirroring');
    const mirrorStarted = Date.now();
    // Warnings only: the per-action log lines would bury the progress display.
    const runCode = await cli(['run', '-f', files.job, '--secrets', files.secrets, '--until-caught-up', '--log-level', 'warn']);
    const mirrorSeconds = (Date.now() - mirrorStarted) / 1000;
    if (runCode !== 0) throw new Error(`kafka-mirror run exited with ${runCode}`);
    say('verifying');
    const verifyCode = await cli(['verify', '-f', files.job, '--secrets', files.secrets]);

    const mirrored = TOPICS.filter((t) => t.name.startsWith('projects.'));
    say('summary');
    console.log(`   topics mirrored:  ${mirrored.length} of ${TOPICS.length} (${mirrored.map((t) => t.name).join(', ')}; scratch.tmp left out by the filter)`);
    console.log(`   records:          ${mirrored.reduce((n, t) => n + t.records, 0).toLocaleString('en-US')} copied exactly once in ${mirrorSeconds.toFixed(1)}s`);
    console.log(`   consumer groups:  ${GROUP.id} resumes on the target where it stopped on the source`);
    console.log(`   verify:           ${verifyCode === 0 ? 'source and target match (topics, partitions, configs, ACLs, records, checksums, group offsets)' : `DIFFERENCES FOUND (exit ${verifyCode})`}`);
    console.log(`   total time:       ${((Date.now() - started) / 1000).toFixed(1)}s`);
    return verifyCode;
  } finally {
    say('stopping the clusters');
    for (const c of clusters.reverse()) await stopKafkaCluster(c).catch(() => undefined);
    const left = await stopAllProcesses();
    console.log(left.length > 0 ? `   stopped leftovers: ${left.join(', ')}` : '   all processes stopped');
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`demo failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
