import type { Command } from 'commander';
import type { MirrorJob } from '../api/index.ts';
import type { SecretReader } from '../session/secret-reader.ts';
import { MetadataSync } from '../sync/metadata-sync.ts';
import { silentLogger } from '../runtime/logger.ts';
import { openJobClusters, type JobClusters } from './clusters/job-clusters.ts';
import { readJobFile } from './input/job-file.ts';
import { openSecretReader } from './input/secrets.ts';

/** The options every command that reads a MirrorJob shares. */
export interface JobOptions {
  file: string;
  secrets: string[];
  secretsDir?: string;
  json?: boolean;
  debug?: boolean;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** Adds -f, --secrets, --secrets-dir (and --json when the command has a machine-readable form). */
export function withJobOptions(command: Command, { json = false } = {}): Command {
  command
    .requiredOption('-f, --file <job.yaml>', 'the MirrorJob (the same YAML the operator takes; a bare spec is named after the file)')
    .option('--secrets <secrets.yaml>', 'Kubernetes Secret manifests holding the credentials the job references (repeatable)', collect, [])
    .option('--secrets-dir <dir>', 'a folder of Secrets laid out <secret>/<key>, as Kubernetes mounts them');
  if (json) command.option('--json', 'print JSON instead of a table');
  return command;
}

export interface LoadedJob {
  job: MirrorJob;
  secrets: SecretReader;
}

/** Reads and validates the job and prepares its Secrets; fails with one message naming the problem. */
export async function loadJob(options: JobOptions): Promise<LoadedJob> {
  const { job, secrets: inline } = await readJobFile(options.file);
  const secrets = await openSecretReader({ files: options.secrets, inline, ...(options.secretsDir !== undefined ? { dir: options.secretsDir } : {}) });
  return { job, secrets };
}

/** What a read-only command gets: the job, both clusters open, and a metadata sync that only plans (it logs nothing). */
export interface OpenJob {
  job: MirrorJob;
  clusters: JobClusters;
  sync: MetadataSync;
}

/** Loads the job, opens both clusters for `purpose`, runs `use`, and closes the clusters whatever happens. */
export async function withOpenJob(options: JobOptions, purpose: string, use: (open: OpenJob) => Promise<void>): Promise<void> {
  const { job, secrets } = await loadJob(options);
  const clusters = await openJobClusters(job, secrets, purpose);
  try {
    const sync = new MetadataSync(job, { source: clusters.source.admin, target: clusters.target.admin, targetLink: clusters.target.link, logger: silentLogger });
    await use({ job, clusters, sync });
  } finally {
    await clusters.close();
  }
}

/** `kafka-mirror plan` with this command's job and Secrets arguments: where a message sends the reader for the whole list. */
export function planCommandFor(options: JobOptions): string {
  const quoted = (path: string) => (/^[\w./@:=+-]+$/.test(path) ? path : `'${path.replaceAll("'", "'\\''")}'`);
  const secrets = options.secrets.map((s) => ` --secrets ${quoted(s)}`).join('');
  const dir = options.secretsDir !== undefined ? ` --secrets-dir ${quoted(options.secretsDir)}` : '';
  return `kafka-mirror plan -f ${quoted(options.file)}${secrets}${dir}`;
}
