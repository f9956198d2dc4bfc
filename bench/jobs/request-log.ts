/**
 * Requests a broker served, from Kafka's own request log: the bench turns the `kafka.request.logger`
 * logger to DEBUG for a window with Kafka's ConfigCommand (a broker-logger config, no restart) and
 * counts what the window added to the broker's log: the broker's word, not the mirror's.
 */
import { createReadStream, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { KafkaCluster } from '../../test/helpers/kafka/kafka-cluster.ts';
import { adminClientConfig, kafkaTool } from '../../test/helpers/kafka/kafka-tools.ts';
import { countRequests, type RequestsByApi } from './request-counts.ts';

/** Sets the broker's request logger to `level` (DEBUG logs every request, INFO none) through Kafka's ConfigCommand. */
async function setRequestLogging(cluster: KafkaCluster, level: 'DEBUG' | 'INFO'): Promise<void> {
  await kafkaTool(cluster, 'kafka.admin.ConfigCommand', [
    '--bootstrap-server', cluster.bootstrap, '--command-config', adminClientConfig(cluster),
    '--alter', '--entity-type', 'broker-loggers', '--entity-name', '1', '--add-config', `kafka.request.logger=${level}`,
  ]);
}

/**
 * The lines `file` holds from byte `start` to byte `end`, read as a stream: at DEBUG a broker logs each
 * Fetch with its response, hundreds of MB in a minute at 100 jobs, too much to hold as one string.
 */
const linesBetween = (file: string, start: number, end: number): AsyncIterable<string> =>
  createInterface({ input: createReadStream(file, { start, end: Math.max(start, end - 1) }), crlfDelay: Infinity });

/**
 * Starts counting each cluster's requests: once every broker logs them, the window opens; `finish()`
 * closes it (the requests logged since, counted by `groupOf`) and switches the logging off again.
 */
export async function countRequestsFrom<K extends string>(clusters: Record<K, KafkaCluster>, groupOf: (clientId: string) => string | undefined): Promise<{ finish(): Promise<Record<K, Map<string, RequestsByApi>>> }> {
  const entries = Object.entries(clusters) as Array<[K, KafkaCluster]>;
  await Promise.all(entries.map(([, c]) => setRequestLogging(c, 'DEBUG')));
  const marks = entries.map(([, c]) => statSync(c.brokerLog).size);
  return {
    async finish() {
      const ends = entries.map(([, c]) => statSync(c.brokerLog).size);
      await Promise.all(entries.map(([, c]) => setRequestLogging(c, 'INFO')));
      const counts = await Promise.all(entries.map(([, c], i) => (ends[i]! > marks[i]! ? countRequests(linesBetween(c.brokerLog, marks[i]!, ends[i]!), groupOf) : new Map<string, RequestsByApi>())));
      return Object.fromEntries(entries.map(([name], i) => [name, counts[i]])) as Record<K, Map<string, RequestsByApi>>;
    },
  };
}
