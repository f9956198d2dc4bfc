import { Command } from 'commander';
import { SupersededError } from '../../replication/generation.ts';
import { FencedError } from '../../replication/sink/refusals.ts';
import { CliError, ExitCode } from '../cli-error.ts';
import { createCliLogger } from '../cli-logger.ts';
import { loadJob, planCommandFor, withJobOptions, type JobOptions } from '../command-options.ts';
import { openJobClusters } from '../clusters/job-clusters.ts';
import { renderRunFrame, renderRunLine, renderRunSummary } from '../display/run-view.ts';
import { plainDisplay, terminalDisplay, type ProgressDisplay } from '../display/terminal-display.ts';
import { runSession } from '../run/run-session.ts';

interface RunOptions extends JobOptions {
  untilCaughtUp?: boolean;
  plain?: boolean;
  logLevel?: string;
}

/**
 * `kafka-mirror run`: metadata sync and replication in this process until Ctrl-C (or, with
 * --until-caught-up, until nothing is left to copy and every group's offsets are on the target).
 * The first Ctrl-C lets the round in flight commit or abort; a second one exits at once.
 */
export function runCommand(): Command {
  return withJobOptions(new Command('run').description('mirror the job in this process: metadata sync and replication, with live progress'))
    .option('--until-caught-up', 'exit 0 once lag is 0 and group offsets are synced; exit 1 naming the reasons when topic conflicts or untranslatable group offsets keep it from getting there')
    .option('--plain', 'print progress as plain lines even on a terminal')
    .option('--log-level <level>', 'pino log level (default: warn on a terminal, info otherwise)')
    .action(async (options: RunOptions, command: Command) => {
      const debug = command.optsWithGlobals<{ debug?: boolean }>().debug === true;
      const live = process.stdout.isTTY === true && options.plain !== true;
      const { job, secrets } = await loadJob(options);
      let display: ProgressDisplay | undefined;
      const logger = createCliLogger({
        level: options.logLevel ?? (debug ? 'debug' : live ? 'warn' : 'info'),
        ...(live ? { sink: (line: string) => (display ? display.log(line) : process.stderr.write(`${line}\n`)) } : {}),
      });
      const interrupt = new AbortController();
      const onSignal = () => {
        if (interrupt.signal.aborted) process.exit(ExitCode.interrupted); // second Ctrl-C: do not wait
        interrupt.abort();
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
      const clusters = await openJobClusters(job, secrets, 'run');
      display = live ? terminalDisplay(process.stdout) : plainDisplay(process.stdout, process.stderr);
      let last = '';
      try {
        const outcome = await runSession({
          job, clusters, logger, untilCaughtUp: options.untilCaughtUp === true, signal: interrupt.signal, tickMs: live ? 200 : 1000, planCommand: planCommandFor(options),
          onProgress: (progress, changed) => {
            last = renderRunSummary(progress, 'stopped');
            display?.update(renderRunFrame(progress), renderRunLine(progress), changed);
          },
        });
        display.close(renderRunSummary(outcome.progress, outcome.how));
        display = undefined;
      } catch (err) {
        display?.close(last);
        display = undefined;
        if (err instanceof FencedError || err instanceof SupersededError) {
          throw new CliError(`another run of job ${job.metadata.name} took over (${err.message}); only one process may mirror a job at a time`);
        }
        throw err;
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        await clusters.close();
      }
    });
}
