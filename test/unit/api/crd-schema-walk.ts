import type { JsonSchema } from '../../../src/api/crd/structural-schema.ts';

export interface SchemaNode {
  readonly path: string;
  readonly schema: JsonSchema;
  /** True for a named field (a property), false for list items and map values. */
  readonly isField: boolean;
}

/** Every node of a JSON/OpenAPI schema, depth first, with a readable path. */
export function* walkSchema(schema: JsonSchema, path = '', isField = false): Generator<SchemaNode> {
  yield { path, schema, isField };
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  for (const [name, child] of Object.entries(properties)) yield* walkSchema(child, path === '' ? name : `${path}.${name}`, true);
  if (typeof schema.items === 'object' && schema.items !== null) yield* walkSchema(schema.items as JsonSchema, `${path}[]`);
  if (typeof schema.additionalProperties === 'object' && schema.additionalProperties !== null) {
    yield* walkSchema(schema.additionalProperties as JsonSchema, `${path}.*`);
  }
}
