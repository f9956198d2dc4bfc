import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { only, renderChart } from './helm.ts';

export interface RuleGroup {
  name: string;
  rules: Array<{ alert: string; expr: string; for: string; labels: Record<string, string>; annotations: Record<string, string> }>;
}

/** The alert rules as the chart ships them (PrometheusRule spec.groups, default thresholds). */
export async function renderedRuleGroups(values: Record<string, string | number | boolean> = {}): Promise<RuleGroup[]> {
  const rule = only(await renderChart({ 'monitoring.prometheusRule.enabled': true, ...values }), 'PrometheusRule');
  return (rule.spec as { groups: RuleGroup[] }).groups;
}

/** Writes them as a Prometheus rule file (what promtool and prometheus read); returns its path. */
export async function writeRenderedRules(dir: string, file = 'kafka-mirror.rules.yaml'): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, file);
  writeFileSync(path, stringify({ groups: await renderedRuleGroups() }));
  return path;
}
