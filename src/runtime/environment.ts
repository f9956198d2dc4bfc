import { z } from 'zod';
import { MirrorError } from '../errors/mirror-error.ts';

/**
 * The process environment, read once at start through a zod schema per process (the worker's in
 * src/worker/worker-environment.ts, the operator's in operator/operator-config.ts): the rest of the
 * code gets typed settings and never reads process.env. A wrong or missing variable stops the
 * process at once with an error naming it, instead of a NaN or an undefined deep inside.
 */

/** pino's levels; `silent` logs nothing. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** LOG_LEVEL, shared by every process. */
export const logLevelVariable = { LOG_LEVEL: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info') };

/** A variable that must be set and not empty; `what` says what it holds. */
export const requiredText = (what: string) => z.string({ error: `is not set (${what})` }).min(1, `is not set (${what})`);

/** An optional variable; an empty value counts as unset (a Helm value left empty). */
export const optionalText = () => z.string().optional().transform((v) => (v ? v : undefined));

/** A whole number in [min, max], given as decimal digits. */
export const wholeNumber = (min: number, max = Number.MAX_SAFE_INTEGER) =>
  z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .refine((n) => n >= min && n <= max, max === Number.MAX_SAFE_INTEGER ? `must be at least ${min}` : `must be between ${min} and ${max}`);

/** A TCP port to listen on; 0 lets the system pick a free one (tests). */
export const portNumber = () => wholeNumber(0, 65_535);

export class InvalidEnvironmentError extends MirrorError {
  constructor(problems: string[]) {
    super(`invalid environment: ${problems.join('; ')}`, { reason: 'InvalidEnvironment', retriable: false });
  }
}

/** Parses `env` with `schema`; the error names every variable that is wrong, and why. */
export function parseEnvironment<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv): z.output<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  // None of these variables holds a secret, so the value given may be shown to say what was wrong.
  throw new InvalidEnvironmentError(
    result.error.issues.map((issue) => {
      const name = issue.path.map(String).join('.');
      const given = name && env[name] !== undefined ? ` (got "${env[name]!.slice(0, 80)}")` : '';
      return name ? `${name} ${issue.message}${given}` : issue.message;
    }),
  );
}
