import type { z } from 'zod';
import { knownFieldsAt, suggestField } from './schema-fields.ts';

/** One reason a MirrorJob is refused: where (dotted path, [i] for list items) and what to do. */
export interface ValidationError {
  /** e.g. "spec.topics.naming.prefix" or "spec.topics.include[2]"; "" for the document itself. */
  readonly path: string;
  readonly message: string;
}

/** "spec.topics.include[2]" from ["spec", "topics", "include", 2]. */
export function formatPath(segments: readonly PropertyKey[]): string {
  return segments.reduce<string>((path, segment) => {
    if (typeof segment === 'number') return `${path}[${segment}]`;
    return path === '' ? String(segment) : `${path}.${String(segment)}`;
  }, '');
}

const NOUNS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object (a map of fields)',
  record: 'an object (a map of fields)',
};

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'number' && !Number.isInteger(value)) return `the fraction ${value}`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${JSON.stringify(value)}`;
}

/** zod's default messages name zod types; these name what a person wrote and what to write instead. */
export const personMessages: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'required field is missing';
      return `expected ${NOUNS[issue.expected] ?? issue.expected}, got ${describeValue(issue.input)}`;
    case 'too_small': {
      const minimum = String(issue.minimum);
      if (issue.origin === 'string') return issue.minimum === 1 ? 'must not be empty' : `must be at least ${minimum} characters long`;
      if (issue.origin === 'array') return `must list at least ${minimum} item${issue.minimum === 1 ? '' : 's'}`;
      return `must be at least ${minimum}${issue.inclusive === false ? ' (exclusive)' : ''}`;
    }
    case 'too_big': {
      const maximum = String(issue.maximum);
      if (issue.origin === 'string') return `must be at most ${maximum} characters long`;
      if (issue.origin === 'array') return `must list at most ${maximum} items`;
      return `must be at most ${maximum}`;
    }
    case 'invalid_value': {
      const allowed = issue.values.map((value) => JSON.stringify(value)).join(', ');
      return `must be one of ${allowed}; got ${JSON.stringify(issue.input)}`;
    }
    case 'invalid_format':
      return `is not a valid ${issue.format === 'datetime' ? 'RFC 3339 time, e.g. "2024-05-01T12:00:00Z"' : issue.format}`;
    default:
      return undefined;
  }
};

/** Turns zod issues into ValidationErrors; unknown fields become one error per field, at its own path. */
export function toValidationErrors(
  issues: readonly z.core.$ZodIssue[],
  schema: z.ZodType,
  prefix: readonly PropertyKey[] = [],
): ValidationError[] {
  const errors: ValidationError[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      const known = knownFieldsAt(schema, issue.path);
      for (const key of issue.keys) {
        errors.push({ path: formatPath([...prefix, ...issue.path, key]), message: unknownFieldMessage(key, known) });
      }
    } else {
      errors.push({ path: formatPath([...prefix, ...issue.path]), message: issue.message });
    }
  }
  return errors;
}

function unknownFieldMessage(key: string, known: readonly string[]): string {
  const suggestion = suggestField(key, known);
  if (suggestion !== undefined) return `unknown field "${key}"; did you mean "${suggestion}"?`;
  return known.length > 0 ? `unknown field "${key}"; known fields here: ${known.join(', ')}` : `unknown field "${key}"`;
}

/** One line per error, for the CLI and for an InvalidSpec condition message. */
export function formatValidationErrors(errors: readonly ValidationError[], limit = 10): string {
  const lines = errors.slice(0, limit).map((error) => (error.path === '' ? error.message : `${error.path}: ${error.message}`));
  if (errors.length > limit) lines.push(`... and ${errors.length - limit} more`);
  return lines.join('\n');
}
