import type { MetricQuery } from '../../../../src/cloudwatch';
import { evaluateExpression, type LabelledSeries, type MathValue, type Points } from './math/evaluate';
import { MetricMathError, parseExpression } from './math/parse';
import type { MetricStore } from './metric-store';
import type { MetricSeries } from './types';

/** One query of a {@link getMetricData} request: a metric with a statistic, or an expression, shown or not (a graph's `visible`). */
export type GetMetricDataQuery = MetricQuery & { readonly visible?: boolean };

/** One series of a result (an expression such as SEARCH gives several). */
export interface ResultSeries extends MetricSeries {
  readonly label: string;
}

/** The answer to one query. */
export interface MetricDataResult {
  readonly id: string;
  readonly label: string;
  readonly visible: boolean;
  readonly series: readonly ResultSeries[];
  /** Why this query could not be answered locally (an unsupported function, a bad statistic...). */
  readonly error?: string;
}

/** The range of a request; `periodSeconds` sets where FILL and TIME_SERIES put their points. */
export interface MetricDataRange {
  /** Epoch ms, on a period boundary (see `alignedRange`). */
  readonly start: number;
  readonly end: number;
  readonly periodSeconds: number;
  /** Like the console's period override: SEARCH uses this period instead of the one it names. */
  readonly periodOverride?: number;
}

const SEARCH_SCHEMA = /^\s*\{([^}]*)\}\s*(.*?)\s*$/;
const METRIC_NAME_TERM = /^MetricName\s*=\s*"([^"]*)"$/;

const toSeries = (label: string, points: Points): ResultSeries => ({ label, timestamps: [...points.keys()], values: [...points.values()] });
const pointsFrom = (timestamps: readonly number[], values: readonly number[]): Points => new Map(timestamps.map((t, i) => [t, values[i] as number]));

/**
 * Answers a set of metric queries over one range from a {@link MetricStore}, as GetMetricData does
 * for a graph or an alarm: metrics by statistic and period, expressions over the other queries' ids
 * (see `evaluateExpression`), `SEARCH('{Namespace,dim1,dim2} MetricName="X"', stat, period)` over the
 * metrics recorded with exactly those dimensions. A query that cannot be answered carries an `error`;
 * the others are still answered.
 *
 * @example
 * ```ts
 * getMetricData(store, [
 *   { id: 'errors', metric: fiveXx, stat: 'Sum', periodSeconds: 60, visible: false },
 *   { id: 'requests', metric: count, stat: 'Sum', periodSeconds: 60, visible: false },
 *   { id: 'rate', expression: '100 * FILL(errors, 0) / requests', label: '5XX rate (%)' },
 * ], { ...alignedRange(Date.now(), 3 * 3_600_000, 60), periodSeconds: 60 });
 * ```
 */
export function getMetricData(store: MetricStore, queries: readonly GetMetricDataQuery[], range: MetricDataRange): MetricDataResult[] {
  const byId = new Map(queries.map((query) => [query.id, query]));
  const values = new Map<string, MathValue>();
  const evaluating = new Set<string>();
  const periodMs = range.periodSeconds * 1000;
  const grid: number[] = [];
  for (let t = range.start; t < range.end; t += periodMs) grid.push(t);

  const search = (text: string, stat: string, periodSeconds: number): LabelledSeries[] => {
    const schema = SEARCH_SCHEMA.exec(text);
    const [namespace, ...dimensionNames] = (schema?.[1] ?? '').split(',').map((part) => part.trim().replace(/^"|"$/g, ''));
    const term = schema?.[2] ?? '';
    const metricName = term === '' ? undefined : METRIC_NAME_TERM.exec(term)?.[1];
    if (schema === undefined || namespace === undefined || namespace === '' || (term !== '' && metricName === undefined)) {
      throw new MetricMathError(`only SEARCH('{Namespace,dim,...} MetricName="X"') is supported locally, not "${text}"`);
    }
    const found = store.list({ namespace, dimensionNames, ...(metricName === undefined ? {} : { metricName }) });
    // Label each series by the dimension values that tell them apart, as CloudWatch does.
    const varying = found.length <= 1 ? dimensionNames.slice(-1) : dimensionNames.filter((name) => new Set(found.map((metric) => metric.dimensions[name])).size > 1);
    return found.map((metric) => {
      const data = store.query(metric, { stat, periodSeconds: range.periodOverride ?? periodSeconds, start: range.start, end: range.end });
      const label = [...(metricName === undefined ? [metric.metricName] : []), ...varying.map((name) => metric.dimensions[name])].join(' ');
      return { label, points: pointsFrom(data.timestamps, data.values) };
    });
  };

  const resolve = (id: string): MathValue => {
    const cached = values.get(id);
    if (cached !== undefined) return cached;
    const query = byId.get(id);
    if (query === undefined) throw new MetricMathError(`no metric or expression has the id "${id}"`);
    if (evaluating.has(id)) throw new MetricMathError(`"${id}" refers to itself through ${[...evaluating].join(' → ')}`);
    evaluating.add(id);
    try {
      let value: MathValue;
      if ('metric' in query) {
        const found = store.query(query.metric, { stat: query.stat, periodSeconds: query.periodSeconds, start: range.start, end: range.end });
        value = { kind: 'series', points: pointsFrom(found.timestamps, found.values) };
      } else {
        value = evaluateExpression(parseExpression(query.expression), { resolve, grid, search, periodSeconds: range.periodSeconds });
      }
      values.set(id, value);
      return value;
    } finally {
      evaluating.delete(id);
    }
  };

  return queries.map((query) => {
    const label = query.label ?? ('metric' in query ? query.metric.metricName : query.id);
    const base = { id: query.id, label, visible: query.visible ?? true };
    try {
      const value = resolve(query.id);
      if (value.kind === 'series') return { ...base, series: [toSeries(label, value.points)] };
      if (value.kind === 'array') return { ...base, series: value.items.map((item) => toSeries([label, item.label].filter(Boolean).join(' '), item.points)) };
      return { ...base, series: [], error: `the expression gives a ${value.kind}, not a time series` };
    } catch (error) {
      return { ...base, series: [], error: error instanceof Error ? error.message : String(error) };
    }
  });
}
