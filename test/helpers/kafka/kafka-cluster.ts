import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { cacheDir } from '../run-dir.ts';
import { freePort } from '../ports.ts';
import { startProcess, stopProcess, waitFor } from '../processes.ts';
import { brokerProperties, isZooKeeperEra, loggingConfig, zooKeeperProperties, type SaslUsers } from './broker-config.ts';

const run = promisify(execFile);

/** What a test asks for: a Kafka version, optionally with SASL/PLAIN and enforced ACLs. */
export interface KafkaClusterSpec {
  version: string;
  sasl?: boolean;
}

/** A running one-node cluster. Plain data, so it can be shared between Jest workers as JSON. */
export interface KafkaCluster {
  name: string;
  version: string;
  bootstrap: string;
  port: number;
  controlPort: number;
  dir: string;
  sasl?: SaslUsers;
  brokerPid: number;
  zooKeeperPid?: number;
  brokerLog: string;
}

/** The users every SASL test cluster knows; tests grant ACLs to alice and bob as they need. */
export const testSaslUsers: SaslUsers = {
  admin: { username: 'admin', password: 'admin-secret' },
  users: { alice: 'alice-secret', bob: 'bob-secret', mirror: 'mirror-secret' },
};

export const kafkaLibs = (version: string): string => join(cacheDir, 'kafka', version, 'libs', '*');

/** Parses "3.9.1+sasl" (the form of the KMO_SOURCE_KAFKA / KMO_TARGET_KAFKA variables). */
export function parseClusterSpec(text: string): KafkaClusterSpec {
  const [version, ...flags] = text.split('+');
  if (!version || !/^\d+\.\d+\.\d+$/.test(version)) throw new Error(`bad Kafka cluster spec '${text}' (want e.g. 3.9.1+sasl)`);
  return { version, sasl: flags.includes('sasl') };
}

export const clusterSpecName = (s: KafkaClusterSpec): string => `kafka-${s.version}${s.sasl ? '-sasl' : ''}`;

/**
 * A Kafka cluster id: 16 random bytes, base64url without padding (what StorageTool random-uuid prints).
 * Like Kafka's Uuid.randomUuid, never one starting with "-", which a command line would read as an option.
 */
function newClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

const java = (version: string, logging: string, mainClass: string, args: string[], heap = '768m'): string[] => [
  `-Xmx${heap}`,
  '-Xms128m',
  '-XX:+UseG1GC',
  '-Djava.awt.headless=true',
  logging,
  '-cp',
  kafkaLibs(version),
  mainClass,
  ...args,
];

/** Starts a one-node cluster in `dir` on free loopback ports; resolves once a metadata request lists the broker. */
export async function startKafkaCluster(spec: KafkaClusterSpec, dir: string, name = clusterSpecName(spec)): Promise<KafkaCluster> {
  mkdirSync(dir, { recursive: true });
  const [port, controlPort] = [await freePort(), await freePort()];
  const sasl = spec.sasl ? testSaslUsers : undefined;
  const brokerLog = join(dir, 'server.log');
  const logging = loggingConfig(spec.version, brokerLog);
  const loggingFile = join(dir, logging.file);
  writeFileSync(loggingFile, logging.content);
  const props = join(dir, 'server.properties');
  writeFileSync(props, brokerProperties({ version: spec.version, port, controlPort, dataDir: dir, sasl }));

  let zooKeeperPid: number | undefined;
  if (isZooKeeperEra(spec.version)) {
    const zkProps = join(dir, 'zookeeper.properties');
    writeFileSync(zkProps, zooKeeperProperties(dir, controlPort));
    const zk = startProcess(`${name}-zookeeper`, 'java', java(spec.version, logging.jvmFlag(loggingFile), 'org.apache.zookeeper.server.quorum.QuorumPeerMain', [zkProps], '256m'));
    zooKeeperPid = zk.pid;
    await waitFor(`ZooKeeper of ${name}`, async () => ((await zooKeeperIsServing(controlPort)) ? true : undefined), { timeoutMs: 60_000 });
  } else {
    await run('java', java(spec.version, logging.jvmFlag(loggingFile), 'kafka.tools.StorageTool', ['format', `--cluster-id=${newClusterId()}`, '-c', props, '--ignore-formatted'], '256m'));
  }
  const broker = startProcess(`${name}-broker`, 'java', java(spec.version, logging.jvmFlag(loggingFile), 'kafka.Kafka', [props]));
  const cluster: KafkaCluster = { name, version: spec.version, bootstrap: `127.0.0.1:${port}`, port, controlPort, dir, sasl, brokerPid: broker.pid, zooKeeperPid, brokerLog };
  await waitForBroker(cluster);
  return cluster;
}

/** Restarts the broker (not ZooKeeper) on the same ports and data; for fault tests. */
export async function restartBroker(cluster: KafkaCluster, downMs = 0): Promise<KafkaCluster> {
  await stopProcess({ pid: cluster.brokerPid }, 30_000);
  if (downMs > 0) await new Promise((r) => setTimeout(r, downMs));
  const logging = loggingConfig(cluster.version, cluster.brokerLog);
  const broker = startProcess(`${cluster.name}-broker`, 'java', java(cluster.version, logging.jvmFlag(join(cluster.dir, logging.file)), 'kafka.Kafka', [join(cluster.dir, 'server.properties')]));
  const restarted = { ...cluster, brokerPid: broker.pid };
  await waitForBroker(restarted);
  return restarted;
}

export async function stopKafkaCluster(cluster: KafkaCluster): Promise<void> {
  await stopProcess({ pid: cluster.brokerPid }, 30_000);
  if (cluster.zooKeeperPid) await stopProcess({ pid: cluster.zooKeeperPid });
}

/** kcat's -X options to reach `cluster` as `user` (the admin by default). */
export function kcatAuth(cluster: KafkaCluster, user?: { username: string; password: string }): string[] {
  if (!cluster.sasl) return [];
  const u = user ?? cluster.sasl.admin;
  return ['-X', 'security.protocol=SASL_PLAINTEXT', '-X', 'sasl.mechanisms=PLAIN', '-X', `sasl.username=${u.username}`, '-X', `sasl.password=${u.password}`];
}

/** Ready means the broker answered a metadata request (through kcat, which shares no code with ours) and listed itself. */
async function waitForBroker(cluster: KafkaCluster): Promise<void> {
  await waitFor(
    `broker of ${cluster.name} at ${cluster.bootstrap} (log: ${cluster.brokerLog})`,
    async () => {
      const { stdout } = await run('kcat', ['-b', cluster.bootstrap, ...kcatAuth(cluster), '-L', '-J', '-m', '3'], { timeout: 10_000 });
      const meta = JSON.parse(stdout) as { brokers?: unknown[] };
      return meta.brokers && meta.brokers.length > 0 ? true : undefined;
    },
    { timeoutMs: 120_000, intervalMs: 500 },
  );
}

/** ZooKeeper's four-letter "ruok" is off by default in 3.5; a TCP connect plus "srvr" is whitelisted. */
async function zooKeeperIsServing(port: number): Promise<boolean> {
  const { connect } = await import('node:net');
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let data = '';
    socket.on('connect', () => socket.write('srvr'));
    socket.on('data', (chunk) => (data += chunk.toString()));
    socket.on('close', () => resolve(data.includes('Mode:')));
    socket.on('error', () => resolve(false));
    socket.setTimeout(2_000, () => socket.destroy());
  });
}
