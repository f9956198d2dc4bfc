import { MIRRORJOB_API_VERSION, MIRRORJOB_KIND } from './api-group.ts';
import { mirrorJobSpecSchema } from './mirrorjob-spec.schema.ts';
import { mirrorJobSchema } from './mirrorjob.schema.ts';
import type { MirrorJob } from './mirrorjob.schema.ts';
import { personMessages, toValidationErrors } from './validation-errors.ts';
import type { ValidationError } from './validation-errors.ts';

export type MirrorJobValidation = { ok: true; job: MirrorJob } | { ok: false; errors: ValidationError[] };

export interface ValidateOptions {
  /** Name given to a bare spec (one without apiVersion/kind/metadata around it), e.g. from a CLI flag. */
  readonly name?: string;
  readonly namespace?: string;
}

// Any of these keys at the top marks a manifest; without them, the document is read as a bare spec.
const MANIFEST_KEYS = ['apiVersion', 'kind', 'metadata', 'spec', 'status'];

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * YAML's empty value (`paused:` with nothing after it) is null. The API server drops null fields and
 * applies their defaults; so does this, so `kubectl apply` and the CLI read the same file alike.
 */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (!isPlainObject(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null).map(([k, v]) => [k, withoutNulls(v)]));
}

/**
 * The one validation of a MirrorJob, shared by the operator (an invalid spec becomes a condition)
 * and the CLI. Accepts a whole manifest or a bare spec; returns the job with every default applied,
 * or every error with a dotted path and a message meant for the person who wrote the YAML.
 * Error paths of a bare spec are relative to the spec, as in the file the person wrote.
 */
export function validateMirrorJob(raw: unknown, options: ValidateOptions = {}): MirrorJobValidation {
  const input = withoutNulls(raw);
  if (!isPlainObject(input)) {
    return { ok: false, errors: [{ path: '', message: 'expected a MirrorJob manifest or a MirrorJob spec (a YAML/JSON object)' }] };
  }
  if (MANIFEST_KEYS.some((key) => key in input)) {
    const parsed = mirrorJobSchema.safeParse(input, { error: personMessages });
    return parsed.success ? { ok: true, job: parsed.data } : { ok: false, errors: toValidationErrors(parsed.error.issues, mirrorJobSchema) };
  }
  const parsed = mirrorJobSpecSchema.safeParse(input, { error: personMessages });
  if (!parsed.success) return { ok: false, errors: toValidationErrors(parsed.error.issues, mirrorJobSpecSchema) };
  if (options.name === undefined || options.name === '') {
    const message = 'a bare spec has no job name: pass one, or write a whole MirrorJob manifest (apiVersion, kind, metadata.name, spec)';
    return { ok: false, errors: [{ path: 'metadata.name', message }] };
  }
  const metadata = { name: options.name, ...(options.namespace !== undefined && { namespace: options.namespace }) };
  return { ok: true, job: { apiVersion: MIRRORJOB_API_VERSION, kind: MIRRORJOB_KIND, metadata, spec: parsed.data } };
}
