import { stat } from 'node:fs/promises';
import { directorySecretReader, manifestSecretReader } from '../../session/secret-reader.ts';
import type { SecretReader } from '../../session/secret-reader.ts';
import { CliError, ExitCode } from '../cli-error.ts';
import { isObject, parseYamlDocuments, readUserFile } from './yaml-documents.ts';

/** A Kubernetes Secret manifest as the CLI reads it (values in `data` base64, or in `stringData`). */
export interface SecretManifest {
  kind?: string;
  metadata?: { name?: string };
  data?: Record<string, string>;
  stringData?: Record<string, string>;
}

export interface SecretSources {
  /** Files of Secret manifests (`--secrets`, repeatable). */
  files: readonly string[];
  /** A folder laid out <secret>/<key> (`--secrets-dir`), as Kubernetes mounts Secrets. */
  dir?: string;
  /** Secrets that came in the job file itself. */
  inline: readonly SecretManifest[];
}

/** Reads Secret manifests from files; any other kind of document is a mistake worth naming. */
export async function readSecretManifests(files: readonly string[]): Promise<SecretManifest[]> {
  const manifests: SecretManifest[] = [];
  for (const file of files) {
    const documents = parseYamlDocuments(await readUserFile(file, 'the Secrets file'), file);
    for (const [i, doc] of documents.entries()) {
      if (!isObject(doc) || doc.kind !== 'Secret') {
        const kind = isObject(doc) && typeof doc.kind === 'string' ? `a ${doc.kind}` : 'not a Kubernetes manifest';
        throw new CliError(`${file}: document ${i + 1} is ${kind}; --secrets takes Secret manifests (kind: Secret)`, ExitCode.badInput);
      }
      manifests.push(doc as SecretManifest);
    }
  }
  return manifests;
}

/**
 * One reader over every place Secrets may come from: the manifests first, then the folder. Its errors
 * name the Secret and key that are missing, never a value.
 */
export async function openSecretReader(sources: SecretSources): Promise<SecretReader> {
  const manifests = [...sources.inline, ...(await readSecretManifests(sources.files))];
  if (sources.dir !== undefined) {
    const info = await stat(sources.dir).catch(() => undefined);
    if (!info?.isDirectory()) throw new CliError(`--secrets-dir ${sources.dir} is not a folder`, ExitCode.badInput);
  }
  const fromManifests = manifestSecretReader(manifests);
  const fromDir = sources.dir !== undefined ? directorySecretReader(sources.dir) : undefined;
  const names = new Set(manifests.map((m) => m.metadata?.name));
  return {
    async read(secretName, key) {
      try {
        if (names.has(secretName) || fromDir === undefined) return await fromManifests.read(secretName, key);
        return await fromDir.read(secretName, key);
      } catch (err) {
        const hint = manifests.length === 0 && fromDir === undefined ? ' (no Secrets were given: use --secrets FILE or --secrets-dir DIR)' : '';
        throw new CliError(`${err instanceof Error ? err.message : String(err)}${hint}`, ExitCode.badInput);
      }
    },
  };
}
