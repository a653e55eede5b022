import type { HorizontalAnnotation, MetricRowOptions, MetricWidgetProperties } from '../../dashboards/types';
import { alignedRange, type GetMetricDataQuery, getMetricData, localSourceNote, type MetricId, type MetricStore, type ResultSeries } from '../emulators/cloudwatch/metric-store';

/** The time a widget covers: the dashboard's range, or the preview's override of range and period. */
export interface PreviewWindow {
  /** Epoch ms. */
  readonly now: number;
  readonly rangeMs: number;
  /** Overrides every period of the widget (as the console's period override does), but a single value over the whole range. */
  readonly periodSeconds?: number;
}

/** What the page draws for a metric widget. */
export interface MetricWidgetData {
  readonly type: 'metric';
  readonly view: MetricWidgetProperties['view'];
  readonly stacked: boolean;
  readonly start: number;
  readonly end: number;
  readonly periodSeconds: number;
  /** The visible series, in row order. */
  readonly series: readonly ResultSeries[];
  /** Horizontal lines (targets, alarm thresholds), with their colour and shaded side when the widget gives them. */
  readonly annotations: readonly HorizontalAnnotation[];
  readonly yAxis: { readonly min?: number; readonly max?: number; readonly label?: string };
  /** What the reader should know: rows not previewable locally, metrics with no local source, approximations. */
  readonly notes: readonly string[];
}

/** CloudWatch's defaults when a widget does not say. */
const DEFAULT_STAT = 'Average';
const DEFAULT_PERIOD = 300;

type Row = readonly unknown[];
const isOptions = (value: unknown): value is MetricRowOptions => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The widget's `metrics` rows as GetMetricData queries: `[namespace, name, dim, value, ..., options]`
 * takes the widget's `stat` and `period` unless its options say otherwise, and gets the id `m<row>`
 * when it has none; `[{ expression, id, label }]` is an expression over the other rows' ids.
 * A row in another form (the console's `"..."` shorthand) is reported in `notes`.
 */
export function metricWidgetQueries(properties: Pick<MetricWidgetProperties, 'metrics' | 'stat' | 'period'>, periodOverride?: number): { queries: GetMetricDataQuery[]; notes: string[] } {
  const queries: GetMetricDataQuery[] = [];
  const notes: string[] = [];
  (properties.metrics as readonly Row[]).forEach((row, i) => {
    const last = row.at(-1);
    const options = isOptions(last) ? last : {};
    const common = { id: options.id ?? `m${i + 1}`, ...(options.label === undefined ? {} : { label: options.label }), ...(options.visible === undefined ? {} : { visible: options.visible }) };
    if (isOptions(row[0]) && typeof (row[0] as { expression?: unknown }).expression === 'string') {
      queries.push({ ...common, expression: (row[0] as { expression: string }).expression });
      return;
    }
    const parts = isOptions(last) ? row.slice(0, -1) : row;
    if (parts.length < 2 || parts.length % 2 !== 0 || !parts.every((part) => typeof part === 'string' && part !== '...' && part !== '.')) {
      notes.push(`not previewable locally: metrics row ${i + 1} is not [namespace, name, dimension, value, ...]`);
      return;
    }
    const [namespace, metricName, ...pairs] = parts as string[];
    const dimensions: Record<string, string> = {};
    for (let p = 0; p < pairs.length; p += 2) dimensions[pairs[p] as string] = pairs[p + 1] as string;
    const metric: MetricId = { namespace: namespace as string, metricName: metricName as string, dimensions };
    const periodSeconds = periodOverride ?? options.period ?? properties.period ?? DEFAULT_PERIOD;
    queries.push({ ...common, metric, stat: options.stat ?? properties.stat ?? DEFAULT_STAT, periodSeconds });
  });
  return { queries, notes };
}

/**
 * Evaluates a metric widget over the preview window from the local store: each visible row or
 * expression becomes one or more series (a singleValue widget with `setPeriodToTimeRange` gets one
 * period spanning the range), and anything the local stack cannot show is said in `notes` rather than
 * drawn as an empty chart.
 */
export function metricWidgetData(store: MetricStore, properties: MetricWidgetProperties, window: PreviewWindow): MetricWidgetData {
  const wholeRange = properties.view !== 'timeSeries' && properties.setPeriodToTimeRange === true;
  const periodSeconds = wholeRange ? Math.ceil(window.rangeMs / 1000) : (window.periodSeconds ?? properties.period ?? DEFAULT_PERIOD);
  const { queries, notes } = metricWidgetQueries(properties, wholeRange ? periodSeconds : window.periodSeconds);
  const range = wholeRange ? { start: window.now - window.rangeMs, end: window.now + 1 } : alignedRange(window.now, window.rangeMs, periodSeconds);
  const periodOverride = wholeRange ? periodSeconds : window.periodSeconds;
  const results = getMetricData(store, queries, { ...range, periodSeconds, ...(periodOverride === undefined ? {} : { periodOverride }) });

  for (const result of results) {
    if (result.error !== undefined) notes.push(`not previewable locally: ${result.label}: ${result.error}`);
  }
  for (const query of queries) {
    const note = 'metric' in query ? localSourceNote(query.metric) : undefined;
    if (note !== undefined && !notes.includes(note)) notes.push(note);
  }
  const series = results.filter((result) => result.visible).flatMap((result) => result.series);
  if (notes.length === 0 && series.every((s) => s.values.length === 0)) notes.push('No datapoints yet in this range: send some requests.');
  return {
    type: 'metric',
    view: properties.view,
    stacked: properties.stacked === true,
    ...range,
    periodSeconds,
    series,
    annotations: properties.annotations?.horizontal ?? [],
    yAxis: properties.yAxis?.left ?? {},
    notes,
  };
}
