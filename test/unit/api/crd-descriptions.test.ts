import { zodJsonSchema, mirrorJobOpenApiSchema } from '../../../src/api/crd/mirrorjob-crd.ts';
import { mirrorJobSpecSchema } from '../../../src/api/mirrorjob-spec.schema.ts';
import { mirrorJobStatusSchema } from '../../../src/api/mirrorjob-status.schema.ts';
import { walkSchema } from './crd-schema-walk.ts';

// `kubectl explain mirrorjob.spec...` is the documentation most users read; a field without a
// description is a field nobody can use without reading our source.
describe('every field of the MirrorJob API is described', () => {
  it.each([
    ['spec (zod JSON Schema)', () => zodJsonSchema(mirrorJobSpecSchema)],
    ['status (zod JSON Schema)', () => zodJsonSchema(mirrorJobStatusSchema)],
    ['the generated CRD schema', () => mirrorJobOpenApiSchema()],
  ])('in %s', (_what, build) => {
    const undescribed = [...walkSchema(build())]
      // metadata is the API server's own; it refuses a description there.
      .filter((node) => node.isField && node.path !== 'metadata' && (typeof node.schema.description !== 'string' || node.schema.description.trim().length < 10))
      .map((node) => node.path);
    expect(undescribed).toEqual([]);
  });

  it('descriptions of defaulted fields name the default', () => {
    const missing = [...walkSchema(mirrorJobOpenApiSchema())]
      .filter((node) => node.isField && node.schema.default !== undefined && !/Default/.test(String(node.schema.description)))
      .map((node) => node.path);
    expect(missing).toEqual([]);
  });
});
