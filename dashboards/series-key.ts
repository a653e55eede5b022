import { canonicalStatistic, type MetricDataQuery, type MetricId } from '../src/cloudwatch';
import type { ExpressionRow, MetricRow, MetricRowOptions, MetricWidgetProperties } from './types';

/** One query of a graph or an alarm, read: a metric with its statistic and period, or an expression over other queries' ids. */
export type SeriesQuery = { readonly id: string; readonly visible: boolean } & ({ readonly metric: MetricId; readonly stat: string; readonly periodSeconds: number } | { readonly expression: string });

/** CloudWatch's defaults when a graph does not say. */
const DEFAULT_STAT = 'Average';
const DEFAULT_PERIOD = 300;

/** A metric row read: its expression, or its metric and options. */
export function readRow(row: MetricRow): { readonly expression: ExpressionRow } | { readonly metric: MetricId; readonly options: MetricRowOptions | undefined } {
  const [first] = row;
  if (typeof first === 'object' && first !== null && 'expression' in first) return { expression: first };
  const [namespace = '', metricName = '', ...pairs] = row.filter((part): part is string => typeof part === 'string');
  const dimensions: Record<string, string> = {};
  for (let i = 0; i + 1 < pairs.length; i += 2) dimensions[pairs[i]!] = pairs[i + 1]!;
  return { metric: { namespace, metricName, dimensions }, options: row.find((part): part is MetricRowOptions => typeof part === 'object') };
}

/** A graph's rows as queries: a row without an id gets `m<n>` (its place from 1), as the console names them. */
export function graphQueries(properties: Pick<MetricWidgetProperties, 'metrics' | 'stat' | 'period'>): SeriesQuery[] {
  return properties.metrics.map((metricRow, i): SeriesQuery => {
    const read = readRow(metricRow);
    if ('expression' in read) return { id: read.expression.id, visible: true, expression: read.expression.expression };
    const { options } = read;
    return {
      id: options?.id ?? `m${i + 1}`,
      visible: options?.visible !== false,
      metric: read.metric,
      stat: options?.stat ?? properties.stat ?? DEFAULT_STAT,
      periodSeconds: options?.period ?? properties.period ?? DEFAULT_PERIOD,
    };
  });
}

/** An alarm's `Metrics` as queries; the returned one is the visible one. */
export const alarmQueries = (metrics: readonly MetricDataQuery[]): SeriesQuery[] =>
  metrics.map((query): SeriesQuery => {
    const stat = query.MetricStat;
    if (stat === undefined) return { id: query.Id, visible: query.ReturnData, expression: query.Expression ?? '' };
    const dimensions = Object.fromEntries(stat.Metric.Dimensions.map((d) => [d.Name, d.Value]));
    return { id: query.Id, visible: query.ReturnData, metric: { namespace: stat.Metric.Namespace, metricName: stat.Metric.MetricName, dimensions }, stat: stat.Stat, periodSeconds: stat.Period };
  });

/** A quoted string in an expression (a SEARCH term), where a word is never a query id. */
const QUOTED = /('[^']*'|"[^"]*")/;
/** A query id: CloudWatch's ids start with a lower-case letter; function names are upper case. */
const ID = /\b[a-z][A-Za-z0-9_]*\b/g;

/**
 * A key per query that is the same for the same series, whatever the queries' ids: a metric by its
 * identity, statistic and period; an expression by its text without spaces, each id in it replaced
 * by the key of the query it names. So a graph's `100 * FILL(e0, 0) / i0` over a function's errors and
 * invocations has the key of an alarm's `100 * FILL(errors, 0) / invocations` over the same metrics.
 * @example
 * ```ts
 * seriesKeys(alarmQueries(alarm.watches.metrics)).get(alarm.watches.returnedId);
 * ```
 */
export function seriesKeys(queries: readonly SeriesQuery[]): Map<string, string> {
  const byId = new Map(queries.map((query) => [query.id, query]));
  const keys = new Map<string, string>();
  const keyOf = (id: string, resolving: ReadonlySet<string>): string | undefined => {
    const known = keys.get(id);
    const query = byId.get(id);
    if (known !== undefined || query === undefined || resolving.has(id)) return known;
    const inner = new Set([...resolving, id]);
    const key =
      'metric' in query
        ? JSON.stringify([query.metric.namespace, query.metric.metricName, Object.entries(query.metric.dimensions).sort(), canonicalStatistic(query.stat), query.periodSeconds])
        : query.expression
            .split(QUOTED)
            .map((part, i) => (i % 2 === 1 ? part : part.replace(/\s+/g, '').replace(ID, (word) => (byId.has(word) ? `{${keyOf(word, inner) ?? word}}` : word))))
            .join('');
    keys.set(id, key);
    return key;
  };
  for (const query of queries) keyOf(query.id, new Set());
  return keys;
}
