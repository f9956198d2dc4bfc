import { toStructuralSchema } from '../../../src/api/crd/structural-schema.ts';

describe('toStructuralSchema', () => {
  it('drops additionalProperties:false and $schema, keeps properties', () => {
    const out = toStructuralSchema({
      $schema: 'x',
      type: 'object',
      properties: { a: { type: 'string', description: 'A.' } },
      required: ['a'],
      additionalProperties: false,
    });
    expect(out).toEqual({ type: 'object', required: ['a'], properties: { a: { type: 'string', description: 'A.' } } });
  });

  it('turns const into a one-value enum and open maps into preserve-unknown-fields', () => {
    expect(toStructuralSchema({ type: 'string', const: 'v1' })).toEqual({ type: 'string', enum: ['v1'] });
    expect(toStructuralSchema({ type: 'object', properties: {}, additionalProperties: {} })).toEqual({
      type: 'object',
      'x-kubernetes-preserve-unknown-fields': true,
    });
    expect(toStructuralSchema({ type: 'object', additionalProperties: { type: 'string' } })).toEqual({
      type: 'object',
      additionalProperties: { type: 'string' },
    });
  });

  it('gives integers a format instead of JavaScript safe-integer bounds', () => {
    expect(toStructuralSchema({ type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER })).toEqual({ type: 'integer', minimum: 0, format: 'int64' });
    expect(toStructuralSchema({ type: 'integer', minimum: 1, maximum: 2147483647 })).toEqual({ type: 'integer', minimum: 1, format: 'int32' });
  });

  it('turns "X or null" into nullable and drops the date-time regex', () => {
    expect(toStructuralSchema({ anyOf: [{ type: 'string', format: 'date-time', pattern: '^...$' }, { type: 'null' }] })).toEqual({
      type: 'string',
      format: 'date-time',
      nullable: true,
    });
  });

  it('refuses what has no structural form, naming where', () => {
    expect(() => toStructuralSchema({ type: 'object', properties: { u: { anyOf: [{ type: 'string' }, { type: 'integer' }] } } })).toThrow(/at \.u: unions/);
    expect(() => toStructuralSchema({ $ref: '#/definitions/x' })).toThrow(/unsupported keyword "\$ref"/);
    expect(() => toStructuralSchema({ description: 'no type' }, 'spec.x')).toThrow(/at spec\.x: every node needs a type/);
    expect(() => toStructuralSchema({ type: 'object', properties: { a: { type: 'string' } }, additionalProperties: {} })).toThrow(/cannot be combined/);
  });
});
