import { Command } from 'commander';
import { CliError, ExitCode } from '../cli-error.ts';
import { withJobOptions, withOpenJob, type JobOptions } from '../command-options.ts';
import { renderVerify } from '../format/verify-view.ts';
import { compareMetadata } from '../verify/metadata-diff.ts';
import { compareRecords } from '../verify/verify-records.ts';
import { summarize } from '../verify/verify-result.ts';

/**
 * `kafka-mirror verify`: the checks people otherwise do by hand after a migration (topic lists
 * diffed, counts compared in a GUI), plus what they cannot: configs, ACLs, per-partition content
 * checksums and translated group offsets. Exit 1 on any difference, each one listed.
 */
export function verifyCommand(): Command {
  return withJobOptions(new Command('verify').description('compare source and target: topics, partitions, configs, ACLs, records (counts and checksums), group offsets'), { json: true }).action(
    async (options: JobOptions) => {
      const started = Date.now();
      await withOpenJob(options, 'verify', async ({ job, clusters, sync }) => {
        const round = await sync.plan().catch((err: unknown) => {
          throw new CliError(`reading the clusters' metadata failed: ${err instanceof Error ? err.message : String(err)}`, ExitCode.failed, { cause: err });
        });
        const meta = compareMetadata(job.spec, round.source, round.target, round.plan, sync.offsetMap.translate, round.aclsSkipped);
        const records = await compareRecords(clusters.source, clusters.target, meta.pairs);
        const compared = { ...meta.compared, records: records.partitions, checksums: records.partitions };
        const result = summarize(job.metadata.name, compared, meta.notes, [...meta.differences, ...records.differences], records.records, Date.now() - started);
        process.stdout.write(options.json ? `${JSON.stringify(result, null, 2)}\n` : `${renderVerify(result)}\n`);
        if (!result.ok) process.exitCode = ExitCode.failed;
      });
    },
  );
}
