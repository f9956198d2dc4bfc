/**
 * The preloaded data set: `topics` topics of `partitions` partitions on the source, filled by Kafka's own
 * ProducerPerformance, then one end marker per partition. The marker is each partition's last record,
 * so a target partition whose last committed records include it holds the whole partition: that is how
 * a copy's end is seen on a transactional target, where commit markers make offsets differ.
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mapLimit } from '../src/sync/concurrency.ts';
import { runSubdir } from '../test/helpers/run-dir.ts';
import type { KafkaCluster } from '../test/helpers/kafka/kafka-cluster.ts';
import { kcatProduce } from '../test/helpers/kafka/kcat.ts';
import { dataSetTotals, type DataSetShape } from './bench-options.ts';
import type { DataToCopy } from './copy-watch.ts';
import type { ClusterAdmin, TopicLayout } from './cluster-admin.ts';
import { runJava } from '../test/helpers/kafka/java-process.ts';

/** The value of each partition's last record. */
export const END_MARKER = 'kafka-mirror-bench-end';

/** `committed` is the source's end offsets: no transactions, no compaction, a record at every offset. */
export interface PreloadedDataSet extends DataToCopy {
  shape: DataSetShape;
  layout: TopicLayout[];
  preloadSeconds: number;
}

export const dataSetLayout = (shape: DataSetShape): TopicLayout[] => Array.from({ length: shape.topics }, (_, i) => ({ name: `bench-${i}`, partitions: shape.partitions }));

/**
 * ProducerPerformance's values for every producer of the bench. With `--record-size` it draws every byte
 * of every record from a random generator, which on 2 cores costs it more CPU than sending; the ceiling
 * would then measure the generator. `--payload-file` instead picks each record from a list read once:
 * here 10,000 (or 16 MB of) distinct values of random capitals, the bytes `--record-size` would draw.
 */
export function writePayloadFile(recordSize: number): string {
  const count = Math.max(1, Math.min(10_000, Math.floor(16e6 / recordSize)));
  const value = () => {
    const bytes = randomBytes(recordSize);
    for (let i = 0; i < bytes.length; i++) bytes[i] = 65 + (bytes[i]! % 26); // nearly uniform A..Z
    return bytes.toString('latin1');
  };
  const file = join(runSubdir('payloads'), `payloads-${recordSize}.txt`);
  writeFileSync(file, Array.from({ length: count }, value).join('\n'));
  return file;
}

/** Producer settings of every ProducerPerformance of the bench: batched as a mirror's writes are. */
export const perfProducerProps = (cluster: KafkaCluster, codec: string, lingerMs = 10): string[] => [
  `bootstrap.servers=${cluster.bootstrap}`, 'acks=all', `linger.ms=${lingerMs}`, 'batch.size=262144', `compression.type=${codec}`,
];

export async function preloadDataSet(source: KafkaCluster, admin: ClusterAdmin, shape: DataSetShape, payloadFile: string): Promise<PreloadedDataSet> {
  const started = performance.now();
  const layout = dataSetLayout(shape);
  await admin.recreateTopics(layout);
  for (const topic of layout) {
    await runJava(source.version, `preload-${topic.name}`, 'org.apache.kafka.tools.ProducerPerformance', [
      '--topic', topic.name, '--num-records', String(shape.recordsPerTopic), '--payload-file', payloadFile, '--throughput', '-1',
      '--producer-props', ...perfProducerProps(source, shape.codec),
    ]);
  }
  const partitions = layout.flatMap((t) => Array.from({ length: t.partitions }, (_, p) => ({ topic: t.name, partition: p })));
  await mapLimit(partitions, 4, (p) => kcatProduce(source, p.topic, [END_MARKER], { partition: p.partition }));
  return { shape, layout, committed: await admin.endOffsets(layout), ...dataSetTotals(shape), preloadSeconds: (performance.now() - started) / 1000 };
}

/** Records of one topic on the source, end markers included. */
export const sourceRecordsOf = (data: PreloadedDataSet, topic: string): number =>
  [...data.committed].filter(([key]) => key.startsWith(`${topic}:`)).reduce((n, [, offset]) => n + offset, 0);
