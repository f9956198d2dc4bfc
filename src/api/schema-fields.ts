import type { z } from 'zod';

// Reads zod's own definitions to find which fields an object at a path accepts, so an "unknown
// field" error can list them or suggest the likely intended one.

interface LooseDef {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  element?: z.ZodType;
  shape?: Record<string, z.ZodType>;
}

function defOf(schema: z.ZodType): LooseDef {
  return schema._zod.def as unknown as LooseDef;
}

/** Looks through optional/default/prefault/nullable/readonly/pipe wrappers to the schema that checks. */
function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (;;) {
    const def = defOf(current);
    const next = def.innerType ?? (def.type === 'pipe' ? def.in : undefined);
    if (next === undefined) return current;
    current = next;
  }
}

/** The field names the object schema at `path` accepts; empty when there is no object there. */
export function knownFieldsAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let current: z.ZodType | undefined = unwrap(schema);
  for (const segment of path) {
    const def: LooseDef = defOf(current);
    const next: z.ZodType | undefined =
      typeof segment === 'number' ? def.element : def.shape?.[String(segment)];
    if (next === undefined) return [];
    current = unwrap(next);
  }
  return Object.keys(defOf(current).shape ?? {});
}

/** The known field a misspelt key most likely meant: same letters ignoring case, or at most two edits away. */
export function suggestField(key: string, known: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  const sameLetters = known.find((field) => field.toLowerCase() === lower);
  if (sameLetters !== undefined) return sameLetters;
  let best: { field: string; distance: number } | undefined;
  for (const field of known) {
    const distance = editDistance(lower, field.toLowerCase());
    if (distance <= 2 && (best === undefined || distance < best.distance)) best = { field, distance };
  }
  return best?.field;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
