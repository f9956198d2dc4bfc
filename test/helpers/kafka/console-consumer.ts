import { isZooKeeperEra } from './broker-config.ts';
import type { KafkaCluster } from './kafka-cluster.ts';
import { adminClientConfig, kafkaTool } from './kafka-tools.ts';

const SEPARATOR = '|value|';

const consoleConsumerClass = (version: string): string => (isZooKeeperEra(version) ? 'kafka.tools.ConsoleConsumer' : 'org.apache.kafka.tools.consumer.ConsoleConsumer');

/**
 * Consumes as consumer group `group` with Kafka's own console consumer (the cluster's own jars): from
 * the group's committed offsets, else from the beginning; read_committed; stops after `maxMessages`
 * or after `idleMs` without a record, and commits on close. Returns the values read, in order.
 *
 * max.poll.records=1 makes the committed position exactly "after the last record printed": with the
 * default 500 the consumer's position (which close() commits) runs ahead of what it printed.
 */
export async function consumeAsGroup(cluster: KafkaCluster, topic: string, group: string, options: { maxMessages?: number; idleMs?: number } = {}): Promise<string[]> {
  const args = [
    '--bootstrap-server', cluster.bootstrap,
    '--consumer.config', adminClientConfig(cluster),
    '--topic', topic,
    '--group', group,
    '--from-beginning',
    '--isolation-level', 'read_committed',
    '--consumer-property', 'max.poll.records=1',
    '--consumer-property', 'enable.auto.commit=true',
    '--timeout-ms', String(options.idleMs ?? 10_000),
    // The key and a separator mark record lines: without a log4j config, some versions log to stdout too.
    '--property', 'print.key=true',
    '--property', `key.separator=${SEPARATOR}`,
    ...(options.maxMessages !== undefined ? ['--max-messages', String(options.maxMessages)] : []),
  ];
  // Seen under CI load: a new group's first poll (its join) outlasted the idle timeout and the tool read
  // nothing. A read that got nothing committed nothing either, so a caller expecting records asks again.
  for (let attempt = 1; ; attempt++) {
    const out = await kafkaTool(cluster, consoleConsumerClass(cluster.version), args);
    const read = out.split('\n').flatMap((line) => {
      const at = line.indexOf(SEPARATOR);
      return at < 0 ? [] : [line.slice(at + SEPARATOR.length)];
    });
    if (read.length > 0 || !options.maxMessages || attempt === 3) return read;
  }
}
