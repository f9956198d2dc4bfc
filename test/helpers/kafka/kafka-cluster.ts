import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { cacheDir } from '../run-dir.ts';
import { freePort } from '../ports.ts';
import { startProcess, stopProcess, waitFor } from '../processes.ts';
import { brokerProperties, isZooKeeperEra, loggingConfig, securityProtocol, zooKeeperProperties, type SaslMechanism, type SaslUsers } from './broker-config.ts';
import { createTestPki, type TestPki } from './test-pki.ts';

const run = promisify(execFile);

/**
 * What a test asks for: a Kafka version, optionally with SASL and enforced ACLs (`true` is PLAIN),
 * and optionally TLS (`'mutual'`: the broker requires a client certificate).
 */
export interface KafkaClusterSpec {
  version: string;
  sasl?: boolean | SaslMechanism;
  tls?: boolean | 'mutual';
  /** SASL users other than the default test users (e.g. distinctive passwords for leak tests). */
  users?: SaslUsers;
}

/** The cluster's certificates as its clients need them. */
export interface ClusterTls extends TestPki {
  mutual: boolean;
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
  /** The SASL mechanism when it is not PLAIN. */
  saslMechanism?: SaslMechanism;
  /**
   * The mechanism kcat logs in with when it cannot use `saslMechanism`: librdkafka 2.0 (the kcat of the
   * test machines) fails SCRAM against Kafka 4.x brokers ("invalid credentials") while Kafka's Java
   * client and @platformatic/kafka succeed with the same users, so 4.x SCRAM clusters also accept PLAIN
   * for the same users, and only the judge uses it.
   */
  kcatMechanism?: SaslMechanism;
  tls?: ClusterTls;
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

const flagMechanisms: Record<string, SaslMechanism> = { sasl: 'PLAIN', scram: 'SCRAM-SHA-256', scram256: 'SCRAM-SHA-256', scram512: 'SCRAM-SHA-512' };
const flagTls: Record<string, true | 'mutual'> = { tls: true, mtls: 'mutual' };

/**
 * Parses "3.9.1+sasl" (the form of the KMO_SOURCE_KAFKA / KMO_TARGET_KAFKA variables). Flags: sasl (PLAIN),
 * scram / scram256 / scram512, tls, mtls (mutual TLS); e.g. "3.9.1+scram+tls".
 */
export function parseClusterSpec(text: string): KafkaClusterSpec {
  const [version, ...flags] = text.split('+');
  if (!version || !/^\d+\.\d+\.\d+$/.test(version)) throw new Error(`bad Kafka cluster spec '${text}' (want e.g. 3.9.1+sasl)`);
  const unknown = flags.filter((f) => !(f in flagMechanisms) && !(f in flagTls));
  if (unknown.length > 0) throw new Error(`bad Kafka cluster spec '${text}': unknown flag(s) ${unknown.join(', ')} (known: ${[...Object.keys(flagMechanisms), ...Object.keys(flagTls)].join(', ')})`);
  const mechanism = flags.map((f) => flagMechanisms[f]).find((m) => m !== undefined);
  const tls = flags.map((f) => flagTls[f]).find((t) => t !== undefined);
  // `sasl: true` (not 'PLAIN') keeps the older specs exactly as they were.
  return { version, sasl: mechanism === 'PLAIN' ? true : (mechanism ?? false), ...(tls ? { tls } : {}) };
}

const mechanismOf = (s: KafkaClusterSpec): SaslMechanism | undefined => (s.sasl === true ? 'PLAIN' : s.sasl || undefined);

export const clusterSpecName = (s: KafkaClusterSpec): string => {
  const mechanism = mechanismOf(s);
  const sasl = mechanism === undefined ? '' : mechanism === 'PLAIN' ? '-sasl' : `-${mechanism.toLowerCase()}`;
  const tls = s.tls === 'mutual' ? '-mtls' : s.tls ? '-tls' : '';
  return `kafka-${s.version}${sasl}${tls}`;
};

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

/**
 * Answers whether the broker lists itself in a metadata response. The tests ask kcat (it shares no code
 * with ours); the demo, which must run where only Kafka is installed, asks the project's own client.
 */
export type BrokerReadiness = (cluster: KafkaCluster) => Promise<boolean>;

/** Starts a one-node cluster in `dir` on free loopback ports; resolves once a metadata request lists the broker. */
export async function startKafkaCluster(spec: KafkaClusterSpec, dir: string, name = clusterSpecName(spec), ready: BrokerReadiness = listedByKcat): Promise<KafkaCluster> {
  mkdirSync(dir, { recursive: true });
  const [port, controlPort] = [await freePort(), await freePort()];
  const mechanism = mechanismOf(spec);
  const sasl = mechanism ? (spec.users ?? testSaslUsers) : undefined;
  const alsoPlain = mechanism !== undefined && mechanism !== 'PLAIN' && Number(spec.version.split('.')[0]) >= 4;
  const tls: ClusterTls | undefined = spec.tls ? { ...(await createTestPki(dir)), mutual: spec.tls === 'mutual' } : undefined;
  const brokerLog = join(dir, 'server.log');
  const logging = loggingConfig(spec.version, brokerLog);
  const loggingFile = join(dir, logging.file);
  writeFileSync(loggingFile, logging.content);
  const props = join(dir, 'server.properties');
  writeFileSync(props, brokerProperties({ version: spec.version, port, controlPort, dataDir: dir, sasl, saslMechanism: mechanism, alsoPlain, tls }));

  let zooKeeperPid: number | undefined;
  if (isZooKeeperEra(spec.version)) {
    const zkProps = join(dir, 'zookeeper.properties');
    writeFileSync(zkProps, zooKeeperProperties(dir, controlPort));
    const zk = startProcess(`${name}-zookeeper`, 'java', java(spec.version, logging.jvmFlag(loggingFile), 'org.apache.zookeeper.server.quorum.QuorumPeerMain', [zkProps], '256m'));
    zooKeeperPid = zk.pid;
    await waitFor(`ZooKeeper of ${name}`, async () => ((await zooKeeperIsServing(controlPort)) ? true : undefined), { timeoutMs: 60_000 });
    // SCRAM credentials live in ZooKeeper; the broker needs the admin's before it can talk to itself.
    if (sasl && mechanism !== 'PLAIN') await Promise.all(scramLogins(sasl).map((u) => addScramUserInZooKeeper(spec.version, loggingFile, logging.jvmFlag, controlPort, mechanism!, u)));
  } else {
    // KRaft: SCRAM credentials are metadata records, written at format time (KIP-900) so none is missing at start.
    const scram = sasl && mechanism !== 'PLAIN' ? scramLogins(sasl).flatMap((u) => ['--add-scram', `${mechanism}=[name=${u.username},password=${u.password}]`]) : [];
    await run('java', java(spec.version, logging.jvmFlag(loggingFile), 'kafka.tools.StorageTool', ['format', `--cluster-id=${newClusterId()}`, '-c', props, '--ignore-formatted', ...scram], '256m'));
  }
  const broker = startProcess(`${name}-broker`, 'java', java(spec.version, logging.jvmFlag(loggingFile), 'kafka.Kafka', [props]));
  const cluster: KafkaCluster = { name, version: spec.version, bootstrap: `127.0.0.1:${port}`, port, controlPort, dir, sasl, ...(mechanism && mechanism !== 'PLAIN' ? { saslMechanism: mechanism } : {}), ...(alsoPlain ? { kcatMechanism: 'PLAIN' as const } : {}), ...(tls ? { tls } : {}), brokerPid: broker.pid, zooKeeperPid, brokerLog };
  await waitForBroker(cluster, ready);
  return cluster;
}

/** A broker that joined a running cluster (`addBroker`). */
export interface AddedBroker {
  nodeId: number;
  bootstrap: string;
  pid: number;
  /** Its log directory: a replica it holds is a `<topic>-<partition>` folder here. */
  logDir: string;
}

/**
 * Starts one more broker in a running KRaft cluster (plain listeners, no SASL or TLS), formatted with
 * the cluster's id; resolves once the cluster's metadata lists it. For benches that need Kafka's own
 * replication between two brokers.
 */
export async function addBroker(cluster: KafkaCluster, dir: string, nodeId = 2): Promise<AddedBroker> {
  if (isZooKeeperEra(cluster.version) || cluster.sasl || cluster.tls) throw new Error(`addBroker needs a plain KRaft cluster; ${cluster.name} is not one`);
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const brokerLog = join(dir, 'server.log');
  const logging = loggingConfig(cluster.version, brokerLog);
  const loggingFile = join(dir, logging.file);
  writeFileSync(loggingFile, logging.content);
  const props = join(dir, 'server.properties');
  writeFileSync(props, brokerProperties({ version: cluster.version, port, controlPort: cluster.controlPort, dataDir: dir, joinAsBroker: nodeId }));
  const clusterId = /^cluster\.id=(.+)$/m.exec(readFileSync(join(cluster.dir, 'kafka', 'meta.properties'), 'utf8'))?.[1];
  if (!clusterId) throw new Error(`no cluster.id in the meta.properties of ${cluster.name}`);
  await run('java', java(cluster.version, logging.jvmFlag(loggingFile), 'kafka.tools.StorageTool', ['format', `--cluster-id=${clusterId}`, '-c', props, '--ignore-formatted'], '256m'));
  const broker = startProcess(`${cluster.name}-broker-${nodeId}`, 'java', java(cluster.version, logging.jvmFlag(loggingFile), 'kafka.Kafka', [props]));
  await waitFor(`broker ${nodeId} of ${cluster.name} to join (log: ${brokerLog})`, async () => ((await brokersByKcat(cluster)).includes(nodeId) ? true : undefined), { timeoutMs: 120_000, intervalMs: 500 });
  return { nodeId, bootstrap: `127.0.0.1:${port}`, pid: broker.pid, logDir: join(dir, 'kafka') };
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
  const x = (kv: string) => ['-X', kv];
  const tls = cluster.tls
    ? [...x(`ssl.ca.location=${cluster.tls.caFile}`), ...(cluster.tls.mutual ? [...x(`ssl.certificate.location=${cluster.tls.clientCertFile}`), ...x(`ssl.key.location=${cluster.tls.clientKeyFile}`)] : [])]
    : [];
  if (!cluster.sasl) return cluster.tls ? [...x('security.protocol=SSL'), ...tls] : [];
  const u = user ?? cluster.sasl.admin;
  return [
    ...x(`security.protocol=${securityProtocol(cluster)}`),
    ...x(`sasl.mechanisms=${cluster.kcatMechanism ?? cluster.saslMechanism ?? 'PLAIN'}`),
    ...x(`sasl.username=${u.username}`),
    ...x(`sasl.password=${u.password}`),
    ...tls,
  ];
}

/** Every login of a cluster: the admin and the other users. */
const scramLogins = (sasl: SaslUsers): Array<{ username: string; password: string }> => [sasl.admin, ...Object.entries(sasl.users).map(([username, password]) => ({ username, password }))];

/** Kafka 2.x: a SCRAM user written straight into ZooKeeper (the only way before the broker runs). */
async function addScramUserInZooKeeper(
  version: string,
  loggingFile: string,
  jvmFlag: (path: string) => string,
  zkPort: number,
  mechanism: SaslMechanism,
  user: { username: string; password: string },
): Promise<void> {
  await run('java', java(version, jvmFlag(loggingFile), 'kafka.admin.ConfigCommand', [
    '--zookeeper', `127.0.0.1:${zkPort}`, '--alter', '--add-config', `${mechanism}=[password=${user.password}]`, '--entity-type', 'users', '--entity-name', user.username,
  ], '256m'), { timeout: 60_000 });
}

/** The ids of the brokers a metadata answer lists, asked through kcat (it shares no code with ours). */
async function brokersByKcat(cluster: KafkaCluster): Promise<number[]> {
  const { stdout } = await run('kcat', ['-b', cluster.bootstrap, ...kcatAuth(cluster), '-L', '-J', '-m', '3'], { timeout: 10_000 });
  return ((JSON.parse(stdout) as { brokers?: Array<{ id: number }> }).brokers ?? []).map((b) => b.id);
}

/** Ready means the broker answered a metadata request and listed itself. */
async function listedByKcat(cluster: KafkaCluster): Promise<boolean> {
  return (await brokersByKcat(cluster)).length > 0;
}

async function waitForBroker(cluster: KafkaCluster, ready: BrokerReadiness = listedByKcat): Promise<void> {
  await waitFor(`broker of ${cluster.name} at ${cluster.bootstrap} (log: ${cluster.brokerLog})`, async () => ((await ready(cluster)) ? true : undefined), { timeoutMs: 120_000, intervalMs: 500 });
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
