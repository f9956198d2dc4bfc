import { readFileSync } from 'node:fs';
import { METRICS_DOC, renderMetricsReference } from '../../../scripts/metrics-reference.ts';

// The reference is generated from the metric definitions; a metric added, renamed or re-labelled
// without regenerating would leave the doc lying to whoever writes a query or an alert from it.
it('docs/metrics.md is what scripts/metrics-reference.ts generates (run `node scripts/metrics-reference.ts`)', () => {
  expect(readFileSync(METRICS_DOC, 'utf8')).toBe(renderMetricsReference());
});

it('lists the metrics the dashboards and alerts are built on, with their labels', () => {
  const doc = renderMetricsReference();
  expect(doc).toContain('| `kafka_mirror_records_behind` | gauge | `job`, `topic`, `partition` |');
  expect(doc).toContain('| `kafka_mirror_jobs` | gauge | `phase` |');
  expect(doc).toContain('| `kafka_mirror_metadata_actions_total` | counter | `job`, `kind`, `result` |');
});
