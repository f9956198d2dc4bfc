/**
 * One throughput run of one client, in a process of its own so CPU seconds and peak RSS are the client's:
 * produce N x 1 KiB records (acks=all, no compression, 1000 records per send, 8 sends in flight), then read
 * them all back (platformatic: explicit-partition Consumer.fetch, no group; kafkajs: its only public path, a
 * group consumer with eachBatch). Prints one JSON line.
 * Usage: throughput-worker.ts <platformatic|kafkajs> <bootstrap> <topic> <partitions> <records>
 */
import { Consumer, Producer } from '@platformatic/kafka';
import kafkajs from 'kafkajs';

const [client, bootstrap, topic, partitionsArg, recordsArg] = process.argv.slice(2);
const partitions = Number(partitionsArg), total = Number(recordsArg);
const value = Buffer.alloc(1024, 'x');
const perSend = 1000, inFlight = 8;

async function inParallel(sends: number, send: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: inFlight }, async () => {
    while (next < sends) await send(next++);
  }));
}

async function platformatic(): Promise<[number, number]> {
  const base = { clientId: 'bench', bootstrapBrokers: [bootstrap!] };
  const producer = new Producer({ ...base, acks: -1 });
  let t = performance.now();
  await inParallel(total / perSend, (i) => producer.send({ messages: Array.from({ length: perSend }, () => ({ topic: topic!, partition: i % partitions, value })) }));
  const produceS = (performance.now() - t) / 1000;
  await producer.close();

  const consumer = new Consumer({ ...base, groupId: 'bench-unused', maxWaitTime: 100 });
  consumer.topics.trackAll(topic!);
  const md = await consumer.metadata({ topics: [topic!] });
  const id = md.topics.get(topic!)!.id;
  const leader = md.topics.get(topic!)!.partitions[0]!.leader;
  const offsets = Array.from({ length: partitions }, () => 0n);
  let read = 0;
  t = performance.now();
  while (read < total) {
    const res = await consumer.fetch({
      node: leader, maxBytes: 32 << 20,
      topics: [{ topicId: id, partitions: offsets.map((o, p) => ({ partition: p, fetchOffset: o, partitionMaxBytes: 4 << 20, currentLeaderEpoch: -1, lastFetchedEpoch: -1 })) }],
    });
    for (const p of res.responses[0]?.partitions ?? []) {
      for (const b of p.records ?? []) {
        for (const r of b.records) {
          const o = b.firstOffset + BigInt(r.offsetDelta);
          if (o >= offsets[p.partitionIndex]!) read++;
        }
        offsets[p.partitionIndex] = b.firstOffset + BigInt(b.lastOffsetDelta) + 1n;
      }
    }
  }
  const consumeS = (performance.now() - t) / 1000;
  await consumer.close();
  return [produceS, consumeS];
}

async function kafkajsRun(): Promise<[number, number]> {
  const kafka = new kafkajs.Kafka({ clientId: 'bench', brokers: [bootstrap!], logLevel: kafkajs.logLevel.NOTHING });
  const producer = kafka.producer();
  await producer.connect();
  let t = performance.now();
  await inParallel(total / perSend, (i) => producer.send({ topic: topic!, acks: -1, messages: Array.from({ length: perSend }, () => ({ partition: i % partitions, value })) }));
  const produceS = (performance.now() - t) / 1000;
  await producer.disconnect();

  const consumer = kafka.consumer({ groupId: `bench-${topic}`, maxBytes: 32 << 20, maxBytesPerPartition: 4 << 20, maxWaitTimeInMs: 100 });
  await consumer.connect();
  await consumer.subscribe({ topic: topic!, fromBeginning: true });
  let read = 0;
  t = performance.now();
  const done = new Promise<void>((resolve) => {
    void consumer.run({ autoCommit: false, eachBatch: async ({ batch }) => {
      read += batch.messages.length;
      if (read >= total) resolve();
    } });
  });
  await done;
  const consumeS = (performance.now() - t) / 1000; // includes the group join (about 3 s), reported apart below
  await consumer.disconnect();
  return [produceS, consumeS];
}

const cpu0 = process.cpuUsage();
const [produceS, consumeS] = client === 'kafkajs' ? await kafkajsRun() : await platformatic();
const cpu = process.cpuUsage(cpu0);
console.log(JSON.stringify({ client, produceS, consumeS, cpuS: (cpu.user + cpu.system) / 1e6, peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024) }));
process.exit(0);
