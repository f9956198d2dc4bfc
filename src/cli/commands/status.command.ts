import { Command } from 'commander';
import { readJobProgressWith } from '../../lag/job-progress.reader.ts';
import { loadJob, withJobOptions, type JobOptions } from '../command-options.ts';
import { renderStatus } from '../format/status-view.ts';
import { onCluster, openJobClusters } from '../clusters/job-clusters.ts';

/**
 * `kafka-mirror status`: lag and progress read from Kafka itself (source end offsets against the
 * job's checkpoints on the target), so it tells the truth whether or not the job is running.
 */
export function statusCommand(): Command {
  return withJobOptions(new Command('status').description('show lag and progress, read from Kafka (the job need not be running)'), { json: true }).action(
    async (options: JobOptions) => {
      const { job, secrets } = await loadJob(options);
      const clusters = await openJobClusters(job, secrets, 'status');
      try {
        const progress = await onCluster(clusters.target, 'reading the job\'s progress', () => readJobProgressWith(job, clusters.source.link, clusters.target.link));
        process.stdout.write(options.json ? `${JSON.stringify({ job: job.metadata.name, caughtUp: progress.recordsBehind === 0, ...progress }, null, 2)}\n` : `${renderStatus(job.metadata.name, progress)}\n`);
      } finally {
        await clusters.close();
      }
    },
  );
}
