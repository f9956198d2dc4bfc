import { kafkaCluster, legacySpec, sourceSpec, targetSpec, uniqueTopic } from '../helpers/kafka/clusters.ts';
import { createTopicWithTool } from '../helpers/kafka/kafka-tools.ts';
import { kcatProduce, kcatReadAll } from '../helpers/kafka/kcat.ts';

describe.each([
  ['source', sourceSpec()],
  ['target', targetSpec()],
  ['legacy', legacySpec()],
])('the %s test cluster', (_role, spec) => {
  it(`Kafka ${spec.version}${spec.sasl ? ' with SASL' : ''} takes records and gives them back`, async () => {
    const cluster = await kafkaCluster(spec);
    const topic = uniqueTopic('roundtrip');
    await createTopicWithTool(cluster, topic, 3);
    const lines = Array.from({ length: 30 }, (_, i) => `k${i}\tv${i}`);
    await kcatProduce(cluster, topic, lines, { keyed: true, partition: 1 });
    const records = await kcatReadAll(cluster, topic);
    expect(records.map((r) => [r.partition, r.offset, r.key, r.payload])).toEqual(lines.map((l, i) => [1, i, `k${i}`, `v${i}`]));
  });
});
