/**
 * One timed copy of a preloaded data set by one mirror: fresh target topics (or none, for the mirror
 * to create), start, wait until the target holds everything (copy-watch.ts), stop. CPU and peak RSS
 * come from /proc for the whole run; pauses in progress from the target's end offsets.
 */
import type { KafkaCluster } from '../test/helpers/kafka/kafka-cluster.ts';
import type { ClusterAdmin } from './cluster-admin.ts';
import { untilCopied, type DataToCopy } from './copy-watch.ts';
import { newIds, transactionalIds } from './eos-check.ts';
import type { MirrorUnderTest } from './mirror.ts';
import { sampleProcesses } from './process-sampler.ts';
import { progressPauses, type ProgressSample } from './progress-pauses.ts';
import type { CopyRun } from './results.ts';
import { stepTimes, type StepTime } from './steady/step-times.ts';

export interface CopyContext {
  target: KafkaCluster;
  targetAdmin: ClusterAdmin;
  data: DataToCopy;
  /** The target starts without the set's topics: the mirror's own topic sync makes them (the seed's-width set). */
  mirrorCreatesTopics?: boolean;
  /** The topics to mirror (regexes); the set's topic names by default. */
  include?: string[];
}

const sum = (m: Map<string, number>): number => [...m.values()].reduce((a, b) => a + b, 0);

export async function timeCopy(mirror: MirrorUnderTest, ctx: CopyContext, runId: string): Promise<CopyRun> {
  const { target, targetAdmin, data } = ctx;
  if (ctx.mirrorCreatesTopics) await targetAdmin.deleteTopics(data.layout.map((t) => t.name));
  else await targetAdmin.recreateTopics(data.layout);
  const eos = mirror.delivery === 'ExactlyOnce';
  const idsBefore = eos ? await transactionalIds(target) : undefined;

  const started = performance.now();
  const running = await mirror.start(ctx.include ?? data.layout.map((t) => t.name), runId);
  const sampler = sampleProcesses(() => running.pids());
  let firstRecordSeconds = Number.NaN;
  const progress: ProgressSample[] = [];
  let seconds: number;
  let steps: StepTime[] | undefined;
  try {
    await untilCopied(target, targetAdmin, data, {
      onPoll: () => {
        if (!running.alive()) throw new Error(`${mirror.label} exited (log: ${running.logFile})`);
      },
      onProgress: (total) => {
        progress.push({ at: (performance.now() - started) / 1000, total });
        if (total > 0 && Number.isNaN(firstRecordSeconds)) firstRecordSeconds = (performance.now() - started) / 1000;
      },
    });
    seconds = (performance.now() - started) / 1000;
    if (running.metrics) steps = stepTimes(await running.metrics().catch(() => ''));
  } finally {
    sampler.finish();
    await running.stop();
  }
  const usage = sampler.latest();
  const { records, bytes } = data;
  const extraTargetOffsets = sum(await targetAdmin.endOffsets(data.layout)) - sum(data.committed);
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
    ...progressPauses(progress),
    ...(steps && steps.length > 0 ? { steps } : {}),
    ...(idsBefore ? { newTransactionalIds: newIds(idsBefore, await transactionalIds(target)) } : {}),
  };
}
