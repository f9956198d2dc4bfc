import { basename, extname } from 'node:path';
import { formatValidationErrors, validateMirrorJob } from '../../api/index.ts';
import type { MirrorJob } from '../../api/index.ts';
import { CliError, ExitCode } from '../cli-error.ts';
import { isObject, parseYamlDocuments, readUserFile } from './yaml-documents.ts';
import type { SecretManifest } from './secrets.ts';

export interface JobFile {
  job: MirrorJob;
  /** Secret manifests written in the same file (a job and its Secrets may travel together). */
  secrets: SecretManifest[];
}

/** A bare spec's job name: the file name, made a valid Kubernetes name ("Job_1.yaml" -> "job-1"). */
export function jobNameFromPath(path: string): string {
  const stem = basename(path, extname(path)).toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '');
  return stem === '' ? 'mirror-job' : stem.slice(0, 63);
}

/**
 * Reads a MirrorJob from a YAML file exactly as the operator would see it: the same validation, the
 * same defaults. Every field error is listed with its path, so one run shows everything to fix.
 */
export async function readJobFile(path: string): Promise<JobFile> {
  const documents = parseYamlDocuments(await readUserFile(path, 'the MirrorJob file'), path);
  const secrets = documents.filter((d): d is SecretManifest => isObject(d) && d.kind === 'Secret');
  const candidates = documents.filter((d) => !(isObject(d) && d.kind === 'Secret'));
  if (candidates.length === 0) throw new CliError(`${path} holds no MirrorJob (the file is empty or has only Secrets)`, ExitCode.badInput);
  if (candidates.length > 1) throw new CliError(`${path} holds ${candidates.length} documents besides Secrets; give one MirrorJob per file`, ExitCode.badInput);
  const validation = validateMirrorJob(candidates[0], { name: jobNameFromPath(path) });
  if (!validation.ok) {
    const count = validation.errors.length;
    throw new CliError(`${path} is not a valid MirrorJob (${count} problem${count === 1 ? '' : 's'}):\n${indent(formatValidationErrors(validation.errors, 50))}`, ExitCode.badInput);
  }
  return { job: validation.job, secrets };
}

const indent = (text: string): string => text.split('\n').map((line) => `  ${line}`).join('\n');
