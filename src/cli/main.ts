#!/usr/bin/env node
/**
 * The `kafka-mirror` command: the operator's MirrorJob, run, planned, verified and inspected from a
 * laptop. Every failure ends here as one line (the stack only with --debug) and an exit code.
 */
import { Command, CommanderError } from 'commander';
import { CliError, describeUnexpected, ExitCode } from './cli-error.ts';
import { importMm2Command } from './commands/import-mm2.command.ts';
import { planCommand } from './commands/plan.command.ts';
import { runCommand } from './commands/run.command.ts';
import { statusCommand } from './commands/status.command.ts';
import { verifyCommand } from './commands/verify.command.ts';

export function buildProgram(): Command {
  const program = new Command('kafka-mirror')
    .description('Mirror and migrate Apache Kafka clusters exactly once, from a MirrorJob YAML')
    .option('--debug', 'print stack traces and debug logs')
    .showHelpAfterError('(run kafka-mirror --help for usage)')
    .exitOverride();
  for (const command of [runCommand(), planCommand(), verifyCommand(), statusCommand(), importMm2Command()]) {
    program.addCommand(command.exitOverride());
  }
  return program;
}

const debug = process.argv.includes('--debug');

async function main(): Promise<number> {
  try {
    await buildProgram().parseAsync(process.argv);
    return Number(process.exitCode ?? ExitCode.ok);
  } catch (err) {
    if (err instanceof CommanderError) {
      // Commander already printed its message (or the help); usage mistakes are input to fix.
      return err.exitCode === 0 ? ExitCode.ok : ExitCode.badInput;
    }
    process.stderr.write(`kafka-mirror: ${describeUnexpected(err)}\n`);
    if (debug && err instanceof Error) process.stderr.write(`${err.stack ?? ''}\n${err.cause ? `caused by: ${String((err.cause as Error).stack ?? err.cause)}\n` : ''}`);
    return err instanceof CliError ? err.exitCode : ExitCode.failed;
  }
}

// Exit explicitly: a Kafka client left with an open socket must not keep the command alive.
main().then((code) => process.exit(code));
