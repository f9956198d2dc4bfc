import { Command } from 'commander';
import { CliError } from '../cli-error.ts';
import { withJobOptions, withOpenJob, type JobOptions } from '../command-options.ts';
import { renderPlan } from '../format/plan-view.ts';

/**
 * `kafka-mirror plan`: the metadata sync's Plan (topics, partitions, configs, ACLs, group offsets)
 * and its conflicts, from the same snapshots and planner the sync uses; nothing is written.
 * Exit 0 whether or not there are changes; a conflict is reported, not an error.
 */
export function planCommand(): Command {
  return withJobOptions(new Command('plan').description('show what the metadata sync would change on the target; nothing is written'), { json: true }).action(
    async (options: JobOptions) => {
      await withOpenJob(options, 'plan', async ({ job, sync }) => {
        const round = await sync.plan().catch((err: unknown) => {
          throw new CliError(`reading the clusters for the plan failed: ${err instanceof Error ? err.message : String(err)}`, 1, { cause: err });
        });
        const { plan, aclsSkipped } = round;
        process.stdout.write(
          options.json
            ? `${JSON.stringify({ job: job.metadata.name, actions: plan.actions, report: plan.report, ...(aclsSkipped ? { aclsSkipped } : {}) }, null, 2)}\n`
            : `${renderPlan(job.metadata.name, plan, aclsSkipped)}\n`,
        );
      });
    },
  );
}
