import { Command } from 'commander';
import { readJobProgressWith } from '../../lag/job-progress.reader.ts';
import { groupStanding } from '../../sync/group-standing.ts';
import { planCommandFor, withJobOptions, withOpenJob, type JobOptions } from '../command-options.ts';
import { conflictsShown } from '../format/blockers-view.ts';
import { renderStatus } from '../format/status-view.ts';
import { onCluster } from '../clusters/job-clusters.ts';

/**
 * `kafka-mirror status`: lag and progress read from Kafka itself (source end offsets against the
 * job's checkpoints on the target), so it tells the truth whether or not the job is running; the
 * conflicts and group offsets from the metadata sync's plan, read the same way and written nowhere.
 */
export function statusCommand(): Command {
  return withJobOptions(new Command('status').description('show lag and progress, read from Kafka (the job need not be running)'), { json: true }).action(
    async (options: JobOptions) => {
      await withOpenJob(options, 'status', async ({ job, clusters, sync }) => {
        const progress = await onCluster(clusters.target, 'reading the job\'s progress', () => readJobProgressWith(job, clusters.source.link, clusters.target.link));
        const { plan, source } = await onCluster(clusters.target, 'planning the metadata sync', () => sync.plan());
        const blockers = {
          conflicts: conflictsShown(plan.report.conflicts),
          groups: groupStanding({ groups: plan.report.groups, unreadable: source.groupsUnreadable ?? [], mode: 'planned' }),
          planCommand: planCommandFor(options),
        };
        const caughtUp = progress.recordsBehind === 0 && blockers.conflicts.count === 0 && blockers.groups.notSynced.length === 0;
        process.stdout.write(options.json ? `${JSON.stringify({ job: job.metadata.name, caughtUp, ...progress, ...blockers }, null, 2)}\n` : `${renderStatus(job.metadata.name, progress, blockers)}\n`);
      });
    },
  );
}
