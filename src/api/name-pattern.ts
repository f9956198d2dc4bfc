import { z } from 'zod';

/**
 * Topic and group filters are regular expressions matched against the WHOLE name, as MirrorMaker 2
 * does (Java's `Pattern.matcher(name).matches()`): users write `projects.*` and mean "names that
 * start with projects", never "names that contain projects somewhere". The pattern is JavaScript
 * RegExp syntax without flags; without the `u` flag, Java habits such as `[\w-]` still compile.
 */
export const NAME_PATTERN_SEMANTICS =
  'regular expressions (JavaScript syntax) that must match the whole name, as in MirrorMaker 2: `projects.*` matches `projects.orders` but not `old-projects.orders`';

/** Compiles a filter so that it matches whole names only; throws SyntaxError on a bad pattern. */
export function compileNamePattern(pattern: string): RegExp {
  return new RegExp(`^(?:${pattern})$`);
}

/** Why a pattern does not compile, or undefined when it does. */
export function namePatternError(pattern: string): string | undefined {
  try {
    compileNamePattern(pattern);
    return undefined;
  } catch (error) {
    // V8 says "Invalid regular expression: /^(?:p)$/: Nothing to repeat"; the person wrote p, not our wrapper.
    const reason = error instanceof Error ? error.message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '') : String(error);
    return `"${pattern}" is not a valid regular expression: ${reason}`;
  }
}

/** True when a name passes an include/exclude filter pair (empty include list matches nothing). */
export function matchesNameFilter(name: string, include: readonly string[], exclude: readonly string[]): boolean {
  const matches = (patterns: readonly string[]) => patterns.some((p) => compileNamePattern(p).test(name));
  return matches(include) && !matches(exclude);
}

/** One filter pattern; the API server cannot compile JavaScript regexes, so the operator checks them. */
export const namePatternSchema = z
  .string()
  .min(1, 'a pattern must not be empty')
  .superRefine((pattern, ctx) => {
    const error = namePatternError(pattern);
    if (error !== undefined) ctx.addIssue({ code: 'custom', message: error });
  });

/** A list of filter patterns; the caller adds bounds, default and description. */
export const namePatternListSchema = z.array(namePatternSchema.describe('A regular expression (JavaScript syntax) that must match the whole name.'));
