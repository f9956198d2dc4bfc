import { DatasourceVariableBuilder, QueryVariableBuilder, VariableRefresh, VariableSort } from '@grafana/grafana-foundation-sdk/dashboard';
import { DataqueryBuilder, PromQueryFormat } from '@grafana/grafana-foundation-sdk/prometheus';
import { PanelBuilder as StatPanel } from '@grafana/grafana-foundation-sdk/stat';
import { PanelBuilder as TablePanel } from '@grafana/grafana-foundation-sdk/table';
import { PanelBuilder as TimeSeriesPanel } from '@grafana/grafana-foundation-sdk/timeseries';

/** Every query goes to the datasource the viewer picks, so the dashboards work in any Grafana. */
export const datasource = { type: 'prometheus', uid: '${datasource}' };

export interface Query {
  expr: string;
  legend: string;
}

const target = (q: Query, refId: string): DataqueryBuilder =>
  new DataqueryBuilder().datasource(datasource).expr(q.expr).legendFormat(q.legend).refId(refId);

const refIds = 'ABCDEFGH';

/** A time series of one or more queries; `unit` is a Grafana unit id (ops, Bps, s, bytes, short...). */
export function timeSeries(title: string, description: string, unit: string, queries: Query[], width = 12): TimeSeriesPanel {
  const panel = new TimeSeriesPanel().title(title).description(description).unit(unit).datasource(datasource).gridPos({ h: 8, w: width, x: 0, y: 0 });
  queries.forEach((q, i) => panel.withTarget(target(q, refIds[i] ?? 'Z')));
  return panel;
}

export function stat(title: string, description: string, unit: string, queries: Query[], width = 6): StatPanel {
  const panel = new StatPanel().title(title).description(description).unit(unit).datasource(datasource).gridPos({ h: 5, w: width, x: 0, y: 0 });
  queries.forEach((q, i) => panel.withTarget(target(q, refIds[i] ?? 'Z')));
  return panel;
}

/** A table of the latest value of each series (instant query). */
export function table(title: string, description: string, unit: string, query: Query, width = 12): TablePanel {
  const q = target(query, 'A').instant().format(PromQueryFormat.Table);
  return new TablePanel().title(title).description(description).unit(unit).datasource(datasource).gridPos({ h: 8, w: width, x: 0, y: 0 }).withTarget(q);
}

export const datasourceVariable = (): DatasourceVariableBuilder => new DatasourceVariableBuilder('datasource').label('Data source').type('prometheus');

/** The MirrorJob variable: the workers' `job` label, `<namespace>.<name>`. */
export function jobVariable(multi: boolean): QueryVariableBuilder {
  const variable = new QueryVariableBuilder('job')
    .label('MirrorJob')
    .datasource(datasource)
    .query('label_values(kafka_mirror_assigned_partitions, job)')
    .refresh(VariableRefresh.OnTimeRangeChanged)
    .sort(VariableSort.AlphabeticalAsc);
  return multi ? variable.multi(true).includeAll(true).allValue('.+') : variable;
}
