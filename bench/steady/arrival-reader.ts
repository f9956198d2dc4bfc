/**
 * An independent reader of the trickle: kcat (it shares no code with the project) in a consumer group
 * of its own, read_committed, from the earliest offset, over every topic of the layout. Each record
 * goes into a ledger (record-ledger.ts); records stamped inside the measured window also give their
 * latency, the moment kcat hands them over minus their CreateTime. A reader on the source measures
 * the probe itself (producer, broker, kcat, this process): if its latency is far below a mirror's,
 * the probe is not what limits the mirror's figure.
 */
import { spawn } from 'node:child_process';
import { kcatAuth, type KafkaCluster } from '../../test/helpers/kafka/kafka-cluster.ts';
import { onLines } from '../stdout-lines.ts';
import { LatencyHistogram } from './latency-histogram.ts';
import { RecordLedger } from './record-ledger.ts';

export interface ArrivalReader {
  ledger: RecordLedger;
  latency: LatencyHistogram;
  /** Only records stamped in [fromMs, untilMs] (epoch ms) count towards latency. */
  measure(fromMs: number, untilMs: number): void;
  /** Lines kcat printed that were not records (should stay 0). */
  malformed(): number;
  stop(): void;
}

export function startArrivalReader(cluster: KafkaCluster, topicPattern: string, name: string): ArrivalReader {
  const child = spawn('kcat', ['-b', cluster.bootstrap, ...kcatAuth(cluster), '-G', `steady-reader-${name}-${Date.now()}`,
    '-X', 'auto.offset.reset=earliest', '-X', 'enable.auto.commit=false', '-X', 'isolation.level=read_committed', '-X', 'fetch.wait.max.ms=50',
    '-q', '-u', '-f', '%T %t %p %o %k\n', topicPattern], { stdio: ['ignore', 'pipe', 'ignore'] });
  const ledger = new RecordLedger();
  const latency = new LatencyHistogram();
  let [from, until] = [Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY];
  let malformed = 0;
  onLines(child.stdout, (line, now) => {
    const [stamp, topic, partition, offset, key] = line.split(' ');
    const n = Number(key);
    if (topic === undefined || key === undefined || !Number.isInteger(n)) {
      malformed++;
      return;
    }
    const ts = Number(stamp);
    if (ledger.add(topic, Number(partition), Number(offset), n) && ts >= from && ts <= until) latency.add(now - ts);
  });
  return {
    ledger,
    latency,
    measure: (fromMs, untilMs) => ([from, until] = [fromMs, untilMs]),
    malformed: () => malformed,
    stop: () => void child.kill('SIGTERM'),
  };
}
