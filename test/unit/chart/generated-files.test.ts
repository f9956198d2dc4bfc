import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { generatedFiles } from '../../../scripts/dashboards/chart-files.ts';
import { GENERATED_BY, chartFile, projectRoot } from '../../../scripts/dashboards/chart-paths.ts';
import { documentedValues } from '../../../scripts/dashboards/values-table.ts';

const read = (path: string): string | undefined => (existsSync(path) ? readFileSync(path, 'utf8') : undefined);

describe('the generated chart files (node scripts/dashboards/generate-chart.ts)', () => {
  it.each(generatedFiles.map((f) => [relative(projectRoot, f.path), f] as const))('%s is up to date', (_, file) => {
    const current = read(file.path);
    expect(current).toBe(file.content(current));
  });

  it('ships the CRD generated in crds/ and the RBAC of operator/rbac/, byte for byte', () => {
    expect(read(chartFile('files', 'mirrorjobs.kafkamirror.io.yaml'))).toBe(read(join(projectRoot, 'crds', 'mirrorjobs.kafkamirror.io.yaml')));
    expect(read(chartFile('files', 'operator-role.yaml'))).toBe(read(join(projectRoot, 'operator', 'rbac', 'operator-role.yaml')));
  });

  it('says it is generated', () => {
    expect(read(chartFile('templates', 'prometheusrule.yaml'))?.split('\n')[0]).toContain(GENERATED_BY);
    for (const name of ['overview', 'job']) expect(JSON.parse(read(chartFile('files', 'dashboards', `${name}.json`)) ?? '{}').__generated).toBe(GENERATED_BY);
  });

  it('documents every value of values.yaml with a "# --" comment, and the schema knows every documented key', () => {
    const rows = documentedValues(read(chartFile('values.yaml')) ?? '');
    expect(rows.length).toBeGreaterThan(30);
    const schema = JSON.parse(read(chartFile('values.schema.json')) ?? '{}') as SchemaNode;
    for (const row of rows) expect([row.key, schemaHas(schema, row.key.split('.'))]).toEqual([row.key, true]);
  });

  it('throws on an undocumented value', () => {
    expect(() => documentedValues('# -- ok\na: 1\nb: 2\n')).toThrow(/b has no "# --" comment/);
  });
});

interface SchemaNode {
  properties?: Record<string, SchemaNode>;
}

function schemaHas(schema: SchemaNode, path: string[]): boolean {
  const [head, ...rest] = path;
  if (head === undefined) return true;
  const next = schema.properties?.[head];
  return next !== undefined && schemaHas(next, rest);
}
