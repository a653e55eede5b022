import type { MetricId, Statistic } from '../src/cloudwatch';
import type { ExpressionRow, MetricRow, MetricRowOptions, MetricWidgetProperties, WidgetSpec } from './types';

/** Stands for the deploy region in bodies; the plugin turns the body into an `Fn::Sub`. */
export const REGION = '${AWS::Region}';
/** Stands for the deploy account. */
export const ACCOUNT = '${AWS::AccountId}';
/** Stands for the deploy partition (`aws`, `aws-cn`, `aws-us-gov`), so the ARNs in a body hold in every partition. */
export const PARTITION = '${AWS::Partition}';

/** Grid: CloudWatch dashboards are 24 columns wide. */
export const GRID_WIDTH = 24;

/** A metric row for `metric`, with options. */
export function row(metric: MetricId, options: MetricRowOptions = {}): MetricRow {
  const dims = Object.entries(metric.dimensions).flat();
  return Object.keys(options).length === 0 ? [metric.namespace, metric.metricName, ...dims] : [metric.namespace, metric.metricName, ...dims, options];
}

/**
 * An expression row; `{ visible: false }` computes it for other expressions without showing it.
 * @example
 * ```ts
 * expressionRow('rate', '100 * FILL(failed, 0) / total', 'Fail rate (%)', { visible: false });
 * ```
 */
export const expressionRow = (id: string, expression: string, label: string, options: Pick<ExpressionRow, 'visible'> = {}): MetricRow => [
  { id, expression, label, ...(options.visible === false ? { visible: false } : {}) } satisfies ExpressionRow,
];

/**
 * `SEARCH('{Namespace,dim,...} MetricName="X"', stat, period)`: every series of a metric whatever its
 * dimension values (a catalog metric recorded by `currency` has one series per currency).
 */
export const searchRow = (id: string, namespace: string, dimensions: readonly string[], metricName: string, stat: Statistic, period: number, label: string): MetricRow =>
  expressionRow(id, `SEARCH('{${[namespace, ...dimensions].join(',')}} MetricName="${metricName}"', '${stat}', ${period})`, label);

type MetricOptions = Omit<MetricWidgetProperties, 'region' | 'view'> & { readonly view?: MetricWidgetProperties['view']; readonly width?: number; readonly height?: number };

/** A graph (or, with `view: 'singleValue'`, a number) of the given rows. */
export function metricWidget({ width = 12, height = 6, view = 'timeSeries', ...properties }: MetricOptions): WidgetSpec {
  return { type: 'metric', width, height, properties: { view, region: REGION, ...properties } };
}

type GaugeOptions = Omit<MetricOptions, 'view' | 'yAxis'> & { readonly min: number; readonly max: number };

/**
 * A dial from `min` to `max` (CloudWatch requires both for a gauge); `annotations.horizontal`
 * colour its ranges, each line shading the side its `fill` names.
 * @throws {RangeError} when `max` is not above `min`: the dial would have no range.
 * @example
 * ```ts
 * gaugeWidget({
 *   title: 'CPU (%)', period: 300, min: 0, max: 100,
 *   metrics: [['AWS/EC2', 'CPUUtilization', 'InstanceId', 'i-0123', { stat: 'Average' }]],
 *   annotations: { horizontal: [{ label: 'fine', value: 80, fill: 'below', color: '#2ca02c' }, { label: 'busy', value: 80, fill: 'above', color: '#d62728' }] },
 * });
 * ```
 */
export function gaugeWidget({ min, max, ...options }: GaugeOptions): WidgetSpec {
  if (!(max > min)) throw new RangeError(`gauge "${options.title}": max (${max}) must be above min (${min})`);
  return metricWidget({ ...options, view: 'gauge', yAxis: { left: { min, max } } });
}

/** Markdown, to say in words what the numbers next to it mean. */
export const textWidget = (markdown: string, width = GRID_WIDTH, height = 2): WidgetSpec => ({ type: 'text', width, height, properties: { markdown } });

/** The alarm status of named alarms (CloudWatch shows at most 100 per widget). */
export const alarmWidget = (title: string, alarmNames: readonly string[], width = GRID_WIDTH, height = 6): WidgetSpec => ({
  type: 'alarm',
  width,
  height,
  properties: { title, alarms: alarmNames.map((name) => `arn:${PARTITION}:cloudwatch:${REGION}:${ACCOUNT}:alarm:${name}`) },
});

/** A Logs Insights table over log groups. */
export const logWidget = (title: string, logGroups: readonly string[], query: string, width = GRID_WIDTH, height = 6): WidgetSpec => ({
  type: 'log',
  width,
  height,
  properties: { title, region: REGION, view: 'table', query: [...logGroups.map((group) => `SOURCE '${group}'`), query.replaceAll('\n', ' ')].join(' | ') },
});
