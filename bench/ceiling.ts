/**
 * The machine's copy ceiling: Kafka's own ProducerPerformance writing the data set's volume into the
 * target while ConsumerPerformance reads the preloaded set out of the source, at the same time, on the
 * same brokers. A mirror does both; the lower rate of the two bounds what any mirror can do here.
 */
import type { KafkaCluster } from '../test/helpers/kafka/kafka-cluster.ts';
import type { ClusterAdmin } from './cluster-admin.ts';
import { perfProducerProps, sourceRecordsOf, type PreloadedDataSet } from './data-set.ts';
import { startJava } from '../test/helpers/kafka/java-process.ts';
import { sampleProcesses } from './process-sampler.ts';
import type { CeilingRun } from './results.ts';

/**
 * The final summary, "1953125 records sent, 95000.1 records/sec (92.77 MB/sec), ... ms 50th, ..." -> records/s.
 * The lines printed every 5 s have the same start and cover only their window; only the summary has percentiles.
 */
export function producerRate(output: string): number {
  const summary = output.split('\n').find((line) => line.includes(' ms 50th'));
  const m = summary ? /(\d+) records sent, ([\d.]+) records\/sec/.exec(summary) : null;
  if (!m) throw new Error(`no summary in ProducerPerformance output: ${output.slice(-500)}`);
  return Number(m[2]);
}

/** ConsumerPerformance's CSV (a header naming the columns, then one line): the fetch rate, which leaves out the group join. */
export function consumerRate(output: string): number {
  const lines = output.split('\n');
  const at = lines.findIndex((l) => l.includes('fetch.nMsg.sec'));
  const header = lines[at]?.split(',').map((c) => c.trim());
  const values = lines[at + 1]?.split(',').map((c) => c.trim());
  const i = header?.indexOf('fetch.nMsg.sec') ?? -1;
  if (!header || !values || i < 0 || values[i] === undefined) throw new Error(`no summary in ConsumerPerformance output: ${output.slice(-500)}`);
  return Number(values[i]);
}

export async function measureCeiling(source: KafkaCluster, target: KafkaCluster, targetAdmin: ClusterAdmin, data: PreloadedDataSet, payloadFile: string, runId: string): Promise<CeilingRun> {
  const { records, bytes } = data;
  const topic = `ceiling-${runId}`;
  const partitions = data.layout.reduce((n, t) => n + t.partitions, 0);
  await targetAdmin.recreateTopics([{ name: topic, partitions }]);
  const producer = startJava(target.version, 'ceiling-producer', 'org.apache.kafka.tools.ProducerPerformance', [
    '--topic', topic, '--num-records', String(records), '--payload-file', payloadFile, '--throughput', '-1',
    '--producer-props', ...perfProducerProps(target, data.shape.codec),
  ]);
  const consumers = data.layout.map((t) => startJava(source.version, 'ceiling-consumer', 'org.apache.kafka.tools.ConsumerPerformance', [
    '--bootstrap-server', source.bootstrap, '--topic', t.name, '--group', `bench-ceiling-${runId}-${t.name}`,
    '--messages', String(sourceRecordsOf(data, t.name)),
    '--timeout', '60000',
  ]));
  const all = [producer, ...consumers];
  const sampler = sampleProcesses(() => all.map((p) => p.pid));
  const outputs = await Promise.all(all.map((p) => p.exited));
  const usage = sampler.finish();
  await targetAdmin.deleteTopics([topic]); // frees the disk before the mirrors' runs
  for (const [i, o] of outputs.entries()) if (o.code !== 0) throw new Error(`${all[i]!.name} exited with ${o.code}: ${o.output.slice(-1_000)}`);
  const producerRecordsPerSecond = producerRate(outputs[0]!.output);
  // Concurrent readers of different topics: their rates add up.
  const consumerRecordsPerSecond = outputs.slice(1).reduce((n, o) => n + consumerRate(o.output), 0);
  const recordsPerSecond = Math.min(producerRecordsPerSecond, consumerRecordsPerSecond);
  return {
    producerRecordsPerSecond,
    consumerRecordsPerSecond,
    recordsPerSecond,
    mbPerSecond: (recordsPerSecond * data.shape.recordSize) / 1e6,
    cpuSeconds: usage.cpuSeconds,
    cpuSecondsPerGb: usage.cpuSeconds / (bytes / 1e9),
  };
}
