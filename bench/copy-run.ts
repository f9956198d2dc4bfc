/**
 * One timed copy of the preloaded data set by one mirror: fresh target topics, start, wait until the
 * target holds everything (copy-watch.ts), stop. CPU and peak RSS come from /proc for the whole run.
 */
import type { KafkaCluster } from '../test/helpers/kafka/kafka-cluster.ts';
import { dataSetTotals } from './bench-options.ts';
import type { ClusterAdmin } from './cluster-admin.ts';
import { untilCopied } from './copy-watch.ts';
import type { PreloadedDataSet } from './data-set.ts';
import { newIds, transactionalIds } from './eos-check.ts';
import type { MirrorUnderTest } from './mirror.ts';
import { sampleProcesses } from './process-sampler.ts';
import type { CopyRun } from './results.ts';

export interface CopyContext {
  target: KafkaCluster;
  targetAdmin: ClusterAdmin;
  data: PreloadedDataSet;
}

const sum = (m: Map<string, number>): number => [...m.values()].reduce((a, b) => a + b, 0);

export async function timeCopy(mirror: MirrorUnderTest, ctx: CopyContext, runId: string): Promise<CopyRun> {
  const { target, targetAdmin, data } = ctx;
  await targetAdmin.recreateTopics(data.layout);
  const eos = mirror.delivery === 'ExactlyOnce';
  const idsBefore = eos ? await transactionalIds(target) : undefined;

  const started = performance.now();
  const running = await mirror.start(data.layout.map((t) => t.name), runId);
  const sampler = sampleProcesses(() => running.pids());
  let firstRecordSeconds = Number.NaN;
  let seconds: number;
  try {
    await untilCopied(target, targetAdmin, data, {
      onPoll: () => {
        if (!running.alive()) throw new Error(`${mirror.label} exited (log: ${running.logFile})`);
      },
      onProgress: (total) => {
        if (total > 0 && Number.isNaN(firstRecordSeconds)) firstRecordSeconds = (performance.now() - started) / 1000;
      },
    });
    seconds = (performance.now() - started) / 1000;
  } finally {
    sampler.finish();
    await running.stop();
  }
  const usage = sampler.latest();
  const { records, bytes } = dataSetTotals(data.shape);
  const extraTargetOffsets = sum(await targetAdmin.endOffsets(data.layout)) - sum(data.sourceEnd);
  return {
    seconds,
    firstRecordSeconds,
    recordsPerSecond: records / seconds,
    steadyRecordsPerSecond: records / (seconds - firstRecordSeconds),
    mbPerSecond: bytes / 1e6 / seconds,
    cpuSeconds: usage.cpuSeconds,
    cpuSecondsPerGb: usage.cpuSeconds / (bytes / 1e9),
    peakRssMiB: usage.peakRssMiB,
    extraTargetOffsets,
    ...(idsBefore ? { newTransactionalIds: newIds(idsBefore, await transactionalIds(target)) } : {}),
  };
}
