/**
 * A Kafka Connect worker (distributed mode, no connectors) from Kafka's own jars: what a cluster that
 * runs Connect or MirrorMaker 2 holds, a group of protocol type `connect` whose members' metadata is
 * Connect's, not the consumer protocol's. Plaintext clusters only. The worker runs from `jarsVersion`'s
 * jars (a 4.x install carries Connect, as MirrorMaker 2 needs it), whatever the cluster's version: as
 * teams run MirrorMaker 2 from a newer Kafka against an old source.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loggingConfig } from './broker-config.ts';
import { startJava, type JavaProcess } from './java-process.ts';
import type { KafkaCluster } from './kafka-cluster.ts';
import { freePort } from '../ports.ts';
import { waitFor } from '../processes.ts';
import { runSubdir } from '../run-dir.ts';

/** Starts the worker and returns once its log says it joined `groupId` (Connect's herder logs each generation it joins). */
export async function startConnectWorker(cluster: KafkaCluster, groupId: string, jarsVersion: string): Promise<JavaProcess> {
  if (cluster.sasl || cluster.tls) throw new Error(`startConnectWorker: ${cluster.name} needs a login; the helper speaks plaintext only`);
  const dir = runSubdir('connect', groupId);
  const props = join(dir, 'worker.properties');
  writeFileSync(props, [
    `bootstrap.servers=${cluster.bootstrap}`,
    `group.id=${groupId}`,
    `listeners=http://127.0.0.1:${await freePort()}`,
    'key.converter=org.apache.kafka.connect.json.JsonConverter',
    'value.converter=org.apache.kafka.connect.json.JsonConverter',
    ...['config', 'offset', 'status'].flatMap((store) => [`${store}.storage.topic=${groupId}-${store}s`, `${store}.storage.replication.factor=1`]),
    'offset.storage.partitions=1',
    'status.storage.partitions=1',
    '',
  ].join('\n'));
  const log = join(dir, 'connect.log');
  const logging = loggingConfig(jarsVersion, log);
  const loggingFile = join(dir, logging.file);
  writeFileSync(loggingFile, logging.content);
  const worker = startJava(jarsVersion, 'connect', 'org.apache.kafka.connect.cli.ConnectDistributed', [props], { heap: '256m', jvmFlags: [logging.jvmFlag(loggingFile)] });
  try {
    await waitFor(`Connect worker to join group ${groupId} (log: ${log})`, async () => (existsSync(log) && /Joined group at generation/.test(readFileSync(log, 'utf8')) ? true : undefined), { timeoutMs: 120_000, intervalMs: 1_000 });
  } catch (err) {
    await worker.stop();
    throw err;
  }
  return worker;
}
