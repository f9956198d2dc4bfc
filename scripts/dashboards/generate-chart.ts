// Writes the chart's generated files: the CRD and RBAC copies, the Grafana dashboards, the
// PrometheusRule template and the README values table. Run: node scripts/dashboards/generate-chart.ts
// test/unit/chart/generated-files.test.ts fails until this has been run after a change to any source.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { projectRoot } from './chart-paths.ts';
import { generatedFiles } from './chart-files.ts';

for (const file of generatedFiles) {
  const current = existsSync(file.path) ? readFileSync(file.path, 'utf8') : undefined;
  const next = file.content(current);
  if (next === current) continue;
  mkdirSync(dirname(file.path), { recursive: true });
  writeFileSync(file.path, next);
  console.log(`wrote ${relative(projectRoot, file.path)}`);
}
