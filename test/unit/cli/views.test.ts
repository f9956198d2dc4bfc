import { etaSeconds, RateWindow } from '../../../src/cli/display/rate-window.ts';
import { partitionProgress, type RunProgress } from '../../../src/cli/display/run-progress.ts';
import { progressBar, renderRunFrame, renderRunLine, renderRunSummary } from '../../../src/cli/display/run-view.ts';
import { formatDuration, renderTable } from '../../../src/cli/format/table.ts';
import { jobNameFromPath } from '../../../src/cli/input/job-file.ts';
import { humanLogLine } from '../../../src/cli/cli-logger.ts';
import type { PartitionState } from '../../../src/replication/partition-state.ts';

const aProgress = (over: Partial<RunProgress> = {}): RunProgress => ({
  job: 'demo', elapsedMs: 65_000, phase: 'copying',
  topics: { matched: 3, onTarget: 3 },
  partitions: { total: 6, caughtUp: 4, waitingForTarget: 0, stopped: [] },
  recordsCopied: 7_500, recordsBehind: 2_500, recordsPerSecond: 1_250, etaSeconds: 2,
  groups: { matched: 2, synced: 1, ahead: 0, notSynced: [{ group: 'late', reason: 'NotYetTranslatable: orders-1: NotYetMirrored (source offset 9)' }] },
  conflicts: { count: 0, first: [] }, planCommand: 'kafka-mirror plan -f job.yaml',
  lastSyncAgoSeconds: 3, ...over,
});

describe('the run display', () => {
  it('shows topics, partitions, records, rate, lag, ETA and groups', () => {
    const frame = renderRunFrame(aProgress()).join('\n');
    expect(frame).toContain('copying   1m 05s');
    expect(frame).toContain('[#######################-------]  75%');
    expect(frame).toContain('4 of 6 caught up');
    expect(frame).toContain('7,500 copied   1,250/s   lag 2,500   ETA 2s');
    expect(frame).toContain('1 of 2 synced; 1 not synced: late: NotYetTranslatable: orders-1: NotYetMirrored (source offset 9)');
    expect(frame).not.toContain('conflicts');
    expect(renderRunLine(aProgress({ phase: 'caught-up' }))).toMatch(/^\[1m 05s\] caught up: topics 3\/3 on target, partitions 4\/6 caught up, copied 7,500/);
  });

  it('names stopped partitions', () => {
    const frame = renderRunFrame(aProgress({ partitions: { total: 1, caughtUp: 0, waitingForTarget: 0, stopped: [{ topic: 't', partition: 0, error: 'TOPIC_AUTHORIZATION_FAILED', offset: 0, message: 'the job may not read this topic on the source' }] } }));
    expect(frame).toContain('  STOPPED     t/0 at offset 0: TOPIC_AUTHORIZATION_FAILED');
  });

  it('says why nothing is copied while the replicator retries, on the frame and the line', () => {
    const p = aProgress({ notCopying: 'NETWORK: replication: Connection closed; no answer from the target (broker-1:9092)' });
    expect(renderRunFrame(p)).toContain('  NOT COPYING NETWORK: replication: Connection closed; no answer from the target (broker-1:9092); retrying');
    expect(renderRunLine(p)).toMatch(/; NOT COPYING: NETWORK: .* no answer from the target \(broker-1:9092\); retrying$/);
    expect(renderRunLine(aProgress())).not.toContain('NOT COPYING');
  });

  it('shows the conflicts, the first reasons and the command that lists them all, on the frame, the line and the summary', () => {
    const conflict = (topic: string) => ({ topic, reason: 'ReplicationFactorUnavailable' as const, detail: 'replication factor 3 needs 3 brokers; the target has 1' });
    const p = aProgress({ conflicts: { count: 300, first: [conflict('a'), conflict('b'), conflict('c')] } });
    const text = 'conflicts   300 topics need a decision: topic a: ReplicationFactorUnavailable (replication factor 3 needs 3 brokers; the target has 1); topic b:';
    expect(renderRunFrame(p).join('\n')).toContain(text);
    expect(renderRunFrame(p).join('\n')).toContain('; and 297 more; all of them: kafka-mirror plan -f job.yaml');
    expect(renderRunLine(p)).toMatch(/; CONFLICTS: 300 topics need a decision: topic a: ReplicationFactorUnavailable .* all of them: kafka-mirror plan -f job.yaml$/);
    expect(renderRunSummary(p, 'stopped')).toContain('CONFLICTS: 300 topics need a decision');
  });

  it('counts partitions from the replicator; a waiting partition is behind by the source end the replicator reads for it', () => {
    const states: PartitionState[] = [
      { source: { topic: 'a', partition: 0 }, target: { topic: 'a', partition: 0 }, position: 10, endOffset: 10, copied: 0 },
      { source: { topic: 'a', partition: 1 }, target: { topic: 'a', partition: 1 }, position: 5, endOffset: 10, copied: 0 },
      { source: { topic: 'b', partition: 0 }, target: { topic: 'b', partition: 0 }, position: 0, endOffset: 3, copied: 0, waitingForTarget: true },
      { source: { topic: 'b', partition: 1 }, target: { topic: 'b', partition: 1 }, position: 2, endOffset: 2, copied: 0, waitingForTarget: true },
    ];
    expect(partitionProgress(states)).toEqual({ topics: { matched: 2, onTarget: 1 }, partitions: { total: 4, caughtUp: 1, waitingForTarget: 2, stopped: [] }, recordsBehind: 8 });
  });

  it('measures the rate over a window and estimates the time left', () => {
    const rate = new RateWindow(10_000);
    rate.add(0, 0);
    expect(rate.perSecond()).toBe(0);
    rate.add(2_000, 2_000);
    expect(rate.perSecond()).toBe(1_000);
    rate.add(20_000, 2_000); // nothing copied for 18 s: the old samples leave the window
    expect(rate.perSecond()).toBe(0);
    expect(etaSeconds(5_000, 1_000)).toBe(5);
    expect(etaSeconds(5_000, 0)).toBeUndefined();
    expect(etaSeconds(0, 0)).toBe(0);
  });
});

describe('formatting helpers', () => {
  it('formats tables, durations, bars and names', () => {
    expect(renderTable(['A', 'N'], [['x', '1'], ['long', '100']], ['left', 'right'])).toBe('A       N\n----  ---\nx       1\nlong  100');
    expect([formatDuration(undefined), formatDuration(59), formatDuration(3_700)]).toEqual(['-', '59s', '1h 01m']);
    expect(progressBar(0.5, 4)).toBe('[##--]');
    expect(jobNameFromPath('/x/My_Job.v2.yaml')).toBe('my-job-v2');
  });

  it('turns pino JSON into a short human line', () => {
    expect(humanLogLine('{"level":40,"time":1,"pid":2,"hostname":"h","name":"n","msg":"sync failed","topic":"t"}')).toBe('WARN sync failed  topic=t');
  });
});
