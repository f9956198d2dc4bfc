import { dashboardChartQueries, exportedMetricNames, metricNamesIn, ruleChartQueries } from './chart-queries.ts';
import { renderedRuleGroups } from './rendered-rules.ts';

describe('the metrics the dashboards and alert rules name', () => {
  it('are all exported by the code', async () => {
    const exported = await exportedMetricNames();
    const rendered = (await renderedRuleGroups()).flatMap((g) => g.rules.map((r) => ({ where: `rendered ${r.alert}`, expr: r.expr })));
    const queries = [...dashboardChartQueries(), ...ruleChartQueries({}), ...rendered];
    expect(queries.length).toBeGreaterThan(40);
    const unknown = queries.flatMap((q) => metricNamesIn(q.expr).filter((n) => !exported.has(n)).map((n) => `${q.where}: ${n}`));
    expect(unknown).toEqual([]);
  });

  it('cover the metadata sync and group-offset metrics', () => {
    const named = new Set([...dashboardChartQueries(), ...ruleChartQueries({})].flatMap((q) => metricNamesIn(q.expr)));
    for (const name of ['kafka_mirror_metadata_actions_total', 'kafka_mirror_group_offset_syncs_total', 'kafka_mirror_jobs', 'kafka_mirror_records_behind', 'process_cpu_seconds_total']) expect(named).toContain(name);
  });

  it('are found in expressions (the extractor itself)', () => {
    expect(metricNamesIn('sum by (job) (rate(kafka_mirror_x_total{job="a"}[5m])) / up')).toEqual(['kafka_mirror_x_total', 'up']);
    expect(metricNamesIn('histogram_quantile(0.5, sum by (le) (rate(kafka_mirror_l_bucket[1m])))')).toEqual(['kafka_mirror_l_bucket']);
  });
});
