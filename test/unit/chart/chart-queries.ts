import { Registry, collectDefaultMetrics } from 'prom-client';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { alertRules, exprOf } from '../../../scripts/dashboards/alert-rules.ts';
import { jobDashboard } from '../../../scripts/dashboards/job.dashboard.ts';
import { overviewDashboard } from '../../../scripts/dashboards/overview.dashboard.ts';
import { projectRoot } from '../../../scripts/dashboards/chart-paths.ts';
import { OperatorMetrics } from '../../../operator/operator.metrics.ts';
import { ReplicationMetrics } from '../../../src/replication/replication.metrics.ts';
import { SyncMetrics } from '../../../src/sync/sync.metrics.ts';

/** One PromQL expression the chart ships, with where it comes from. */
export interface ChartQuery {
  where: string;
  expr: string;
  /** Dashboard variables it uses, filled in before evaluation. */
  dashboard?: 'overview' | 'job';
}

interface PanelJson {
  title?: string;
  targets?: Array<{ expr?: string }>;
}

function dashboardQueries(name: 'overview' | 'job', dashboard: { panels?: unknown[]; templating?: { list?: Array<{ name: string; query?: unknown }> } }): ChartQuery[] {
  const panels = (dashboard.panels ?? []) as PanelJson[];
  const fromPanels = panels.flatMap((p) => (p.targets ?? []).flatMap((t, i) => (t.expr ? [{ where: `${name} dashboard: ${p.title} #${i + 1}`, expr: t.expr, dashboard: name }] : [])));
  // label_values(<metric>, <label>) is Grafana's, not PromQL: its metric is checked as the series selector it is.
  const fromVariables = (dashboard.templating?.list ?? []).flatMap((v) => {
    const m = typeof v.query === 'string' ? /^label_values\((.+),\s*\w+\)$/.exec(v.query) : null;
    return m?.[1] ? [{ where: `${name} dashboard: variable ${v.name}`, expr: m[1], dashboard: name }] : [];
  });
  return [...fromPanels, ...fromVariables];
}

export const dashboardChartQueries = (): ChartQuery[] => [...dashboardQueries('overview', overviewDashboard()), ...dashboardQueries('job', jobDashboard())];

/** Alert signals (what the alert judges) and whole expressions, thresholds as the chart's defaults. */
export const ruleChartQueries = (thresholds: Record<string, string>): ChartQuery[] =>
  alertRules.flatMap((r) => [
    { where: `alert ${r.alert} (signal)`, expr: r.signal },
    { where: `alert ${r.alert} (expr)`, expr: exprOf(r).replace(/\{\{ \.Values\.monitoring\.prometheusRule\.(\w+) \}\}/g, (_, k: string) => thresholds[k] ?? k) },
  ]);

/** Metric names in a PromQL expression: the project's, Node.js process metrics, and Prometheus' `up`. */
export const metricNamesIn = (expr: string): string[] => [...new Set(expr.match(/\b(?:kafka_mirror_\w+|process_\w+|nodejs_\w+|up)\b(?=\s*[{[)\s*]|$)/g) ?? [])];

/**
 * Every metric name the code exports: its metric classes registered in a fresh Registry next to
 * prom-client's default metrics (what workers and the operator serve), plus any `name: 'kafka_mirror_...'`
 * in src/ and operator/, so a metric defined outside these classes counts too. Histograms also serve
 * _bucket, _sum and _count.
 */
export async function exportedMetricNames(): Promise<Set<string>> {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  new ReplicationMetrics(registry, 'j', 0, () => []);
  new SyncMetrics(registry, 'j');
  new OperatorMetrics(registry);
  const names = new Set<string>(['up']);
  for (const metric of await registry.getMetricsAsJSON()) {
    names.add(metric.name);
    if (String(metric.type) === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) names.add(`${metric.name}${suffix}`);
  }
  for (const file of sourceFiles(['src', 'operator'])) {
    for (const m of readFileSync(file, 'utf8').matchAll(/name: '(kafka_mirror_\w+)'/g)) names.add(m[1] ?? '');
  }
  return names;
}

function sourceFiles(dirs: string[]): string[] {
  return dirs.flatMap((dir) => readdirSync(join(projectRoot, dir), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts')).map((f) => join(projectRoot, dir, f)));
}
