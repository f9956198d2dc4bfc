import { buildMirrorJobCrd, mirrorJobOpenApiSchema } from '../../../src/api/crd/mirrorjob-crd.ts';
import type { JsonSchema } from '../../../src/api/crd/structural-schema.ts';
import { walkSchema } from './crd-schema-walk.ts';

// What the API server refuses in a CRD schema, checked here so it fails in a unit test, not at install.
const FORBIDDEN = ['$schema', '$ref', '$defs', 'definitions', 'const', 'anyOf', 'oneOf', 'allOf', 'not', 'uniqueItems', 'propertyNames', '_prefault'];

describe('the generated openAPIV3Schema is structural', () => {
  const nodes = [...walkSchema(mirrorJobOpenApiSchema())];

  it('has a type on every node not marked preserve-unknown-fields', () => {
    const untyped = nodes.filter((n) => n.schema.type === undefined && n.schema['x-kubernetes-preserve-unknown-fields'] !== true);
    expect(untyped.map((n) => n.path)).toEqual([]);
  });

  it('uses no keyword the API server refuses', () => {
    const found = nodes.flatMap((n) => FORBIDDEN.filter((k) => k in n.schema).map((k) => `${n.path}: ${k}`));
    expect(found).toEqual([]);
  });

  it('never combines properties with additionalProperties', () => {
    const both = nodes.filter((n) => n.schema.properties !== undefined && n.schema.additionalProperties !== undefined);
    expect(both.map((n) => n.path)).toEqual([]);
  });

  it('gives every integer an int32 or int64 format', () => {
    const integers = nodes.filter((n) => n.schema.type === 'integer');
    expect(integers.length).toBeGreaterThan(10);
    expect(integers.filter((n) => !['int32', 'int64'].includes(String(n.schema.format))).map((n) => n.path)).toEqual([]);
  });

  it('carries the CEL rules for Prefix naming and cutover, and workers >= 1 as a minimum', () => {
    const at = (path: string): JsonSchema | undefined => nodes.find((n) => n.path === path)?.schema;
    const rules = (path: string) => ((at(path)?.['x-kubernetes-validations'] ?? []) as { rule: string; fieldPath: string }[]);
    expect(rules('spec.topics.naming').map((r) => r.fieldPath)).toEqual(['.prefix', '.prefix']);
    expect(rules('spec')).toEqual([expect.objectContaining({ fieldPath: '.cutover', rule: expect.stringContaining('paused') })]);
    expect(at('spec.replication.workers')).toMatchObject({ minimum: 1, default: 1 });
  });

  it('keeps conditions a list-map keyed by type, as metav1.Condition lists are', () => {
    const crd = buildMirrorJobCrd() as { spec: { versions: { schema: { openAPIV3Schema: JsonSchema } }[] } };
    const schema = crd.spec.versions[0]?.schema.openAPIV3Schema as JsonSchema;
    const conditions = [...walkSchema(schema)].find((n) => n.path === 'status.conditions')?.schema;
    expect(conditions).toMatchObject({ 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['type'] });
  });
});
