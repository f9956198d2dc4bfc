import type { z } from 'zod';

/**
 * A rule between fields, written twice on purpose: once in CEL for the API server (admission) and
 * once in TypeScript for the operator and the CLI (which also run without an API server). Keeping
 * both in one object, with one message, is what keeps them from drifting apart; the shared case
 * table in test/unit/api/validation-cases.ts holds both to the same examples.
 */
export interface CrossFieldRule<T> {
  /** CEL over `self`, the object the rule is attached to. Use has() for optional fields. */
  readonly cel: string;
  /** The same rule in TypeScript, over the parsed object (defaults applied, as the API server does). */
  readonly holds: (value: T) => boolean;
  /** The field the error is reported on, relative to the object. */
  readonly field: readonly string[];
  /** What is wrong and how to fix it, shown by kubectl and by the CLI alike. */
  readonly message: string;
}

/** The CRD's x-kubernetes-validations entry for a rule. */
export function toKubernetesValidation(rule: CrossFieldRule<never>): Record<string, string> {
  return { rule: rule.cel, message: rule.message, fieldPath: `.${rule.field.join('.')}`, reason: 'FieldValueInvalid' };
}

/** Attaches rules to an object schema: zod checks them, toJSONSchema carries the CEL into the CRD. */
export function withCrossFieldRules<S extends z.ZodType>(
  schema: S,
  description: string,
  rules: readonly CrossFieldRule<z.output<S>>[],
): S {
  const checked = schema.superRefine((value, ctx) => {
    for (const rule of rules) {
      if (!rule.holds(value)) ctx.addIssue({ code: 'custom', path: [...rule.field], message: rule.message });
    }
  });
  return checked.meta({
    description,
    'x-kubernetes-validations': rules.map((rule) => toKubernetesValidation(rule as CrossFieldRule<never>)),
  });
}
