import { startKafkaCluster, stopKafkaCluster, type KafkaCluster, type KafkaClusterSpec } from '../../helpers/kafka/kafka-cluster.ts';
import { runSubdir } from '../../helpers/run-dir.ts';
import { startWorker, untilWorkersCaughtUp } from '../../helpers/replication/worker-process.ts';
import { exactCopy, seededTopic, settledComparison } from './mirror-helpers.ts';
import { writeSecurityJob } from './security-job.ts';

/**
 * A real worker process mirrors over each security set-up, reading its TLS material and SCRAM logins
 * from Secret files; kcat judges. Each pair of clusters is private and runs only while its tests run,
 * so no more than three JVMs (ZooKeeper, 2.6 broker, 4.1 broker) run at once.
 */
function pair(label: string, sourceSpec: KafkaClusterSpec, targetSpec: KafkaClusterSpec, body: (clusters: () => { source: KafkaCluster; target: KafkaCluster }) => void): void {
  describe(label, () => {
    let source: KafkaCluster;
    let target: KafkaCluster;
    beforeAll(async () => {
      const id = `sec-${Math.random().toString(36).slice(2, 7)}`;
      [source, target] = await Promise.all([
        startKafkaCluster(sourceSpec, runSubdir(`${id}-source`), `${id}-source`),
        startKafkaCluster(targetSpec, runSubdir(`${id}-target`), `${id}-target`),
      ]);
    }, 180_000);
    afterAll(async () => {
      await Promise.all([source && stopKafkaCluster(source), target && stopKafkaCluster(target)]);
    });
    body(() => ({ source, target }));
  });
}

async function mirrorWithWorker(source: KafkaCluster, target: KafkaCluster, prefix: string): Promise<void> {
  const topic = await seededTopic(source, target, prefix);
  const worker = await startWorker(writeSecurityJob(source, target, [topic]), { index: 0, revision: 1 });
  try {
    await untilWorkersCaughtUp([worker], 90_000);
    expect(await settledComparison(source, target, topic)).toEqual(exactCopy(300));
  } finally {
    await worker.stop();
  }
}

export function workerMatrixSuite(): void {
  describe('mirroring over TLS and SASL/SCRAM (worker process)', () => {
    pair('2.6 SASL_PLAINTEXT SCRAM-SHA-512 (user made in ZooKeeper) -> 4.1 SASL_SSL SCRAM-SHA-256', { version: '2.6.0', sasl: 'SCRAM-SHA-512' }, { version: '4.1.2', sasl: 'SCRAM-SHA-256', tls: true }, (clusters) => {
      it('copies every record exactly once', async () => {
        const { source, target } = clusters();
        await mirrorWithWorker(source, target, 'sec-scram');
      }, 150_000);
    });

    pair('3.9 mutual TLS (client certificate) -> 3.9 TLS (server verified from the CA)', { version: '3.9.1', tls: 'mutual' }, { version: '3.9.1', tls: true }, (clusters) => {
      it('copies every record exactly once', async () => {
        const { source, target } = clusters();
        await mirrorWithWorker(source, target, 'sec-tls');
      }, 150_000);
    });
  });
}
