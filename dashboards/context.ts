import type { DeployedFunction, GeneratedAlarmSummary, Naming, ServiceResources } from '../alarms';
import { catalogMetric } from '../alarms/metric-factory';
import type { DashboardViewName, MetricDefinition, ServiceDefinition } from '../src/catalog';
import { apiMetric, type Statistic } from '../src/cloudwatch';
import type { MetricRow, WidgetSpec } from './types';
import { metricWidget, row, searchRow } from './widgets';

/** What every view is built from. */
export interface ViewContext {
  readonly catalog: ServiceDefinition;
  readonly resources: ServiceResources;
  readonly names: Naming;
  /** The catalog's functions as deployed, in catalog order, each with its triggers (the catalog's where the deployed ones are not known). */
  readonly functions: readonly DeployedFunction[];
  /** Every generated alarm, composites first. */
  readonly alarms: readonly GeneratedAlarmSummary[];
  /** The Slack notifier's own catalog, when the service deploys the notifier. */
  readonly notifierCatalog: ServiceDefinition | undefined;
}

/** `/aws/lambda/<name>` of each function. */
export const logGroupsOf = (functions: readonly DeployedFunction[]): string[] => functions.map((fn) => `/aws/lambda/${fn.functionName}`);

/** Counts add up over a period; a value like a duration is averaged. */
export const statFor = (metric: MetricDefinition): Statistic => (metric.unit === 'Count' || metric.unit === 'None' ? 'Sum' : 'Average');

/** One row per catalog metric: a plain metric, or every series of a dimensioned one (SEARCH). */
export function catalogMetricRow(catalog: ServiceDefinition, metric: MetricDefinition, id: string, period: number): MetricRow {
  const dimensions = metric.dimensions ?? [];
  if (dimensions.length === 0) return row(catalogMetric(catalog, metric.name), { id, label: metric.name, stat: statFor(metric) });
  return searchRow(id, catalog.namespace, ['service', ...dimensions], metric.name, statFor(metric), period, `${metric.name} by ${dimensions.join(', ')}`);
}

/** A graph per catalog metric shown on `view`. */
export function catalogMetricWidgets(catalog: ServiceDefinition, view: DashboardViewName, period: number, width = 12): WidgetSpec[] {
  return catalog.metrics
    .filter((metric) => metric.views?.includes(view))
    .map((metric) =>
      metricWidget({
        title: `${metric.name}${metric.dimensions?.length ? ` by ${metric.dimensions.join(', ')}` : ''}: ${metric.description}`,
        period,
        width,
        metrics: [catalogMetricRow(catalog, metric, 'm0', period)],
      }),
    );
}

/** The API's requests and 5XX errors, as rows `requests` and `errors`, for availability math. */
export function apiAvailabilityRows(api: NonNullable<ServiceResources['api']>): MetricRow[] {
  return [row(apiMetric(api, '5XXError'), { id: 'errors', stat: 'Sum', visible: false }), row(apiMetric(api, 'Count'), { id: 'requests', stat: 'Sum', visible: false })];
}
