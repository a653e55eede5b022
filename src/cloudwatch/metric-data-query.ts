import type { MetricId } from './metric-id';
import type { Statistic } from './statistics';

/** A dimension as CloudFormation and the CloudWatch API write it. */
export interface Dimension {
  readonly Name: string;
  readonly Value: string;
}

/**
 * A `MetricDataQuery` as CloudFormation (an alarm's `Metrics`) and the CloudWatch API take it: a
 * metric with a statistic (`MetricStat`) or a metric math `Expression` over the other queries' ids.
 * `D` is how a dimension is written: `{ Name, Value }` here, `{ value, name }` in an alarm notification.
 */
export interface MetricDataQuery<D = Dimension> {
  readonly Id: string;
  readonly Expression?: string;
  readonly Label?: string;
  readonly MetricStat?: {
    readonly Metric: { readonly Namespace: string; readonly MetricName: string; readonly Dimensions: readonly D[] };
    readonly Period: number;
    readonly Stat: string;
  };
  /** The period of an expression's result, in seconds (a `MetricStat` has its own). */
  readonly Period?: number;
  /** Whether the query's series is returned: the one an alarm compares, or a graphed one. */
  readonly ReturnData: boolean;
}

/**
 * A metric with a statistic, as a query that feeds an expression (`ReturnData: false`) or, with
 * `returnData`, the one an alarm compares.
 * @example
 * ```ts
 * metricStat('errors', lambdaMetric('orders-dev-createOrder', 'Errors'), 'Sum', 60);
 * // { Id: 'errors', MetricStat: { Metric: { Namespace: 'AWS/Lambda', MetricName: 'Errors', Dimensions: [{ Name: 'FunctionName', Value: 'orders-dev-createOrder' }] }, Period: 60, Stat: 'Sum' }, ReturnData: false }
 * ```
 */
export function metricStat(id: string, metric: MetricId, stat: Statistic, periodSeconds: number, returnData = false): MetricDataQuery {
  return {
    Id: id,
    MetricStat: {
      Metric: {
        Namespace: metric.namespace,
        MetricName: metric.metricName,
        Dimensions: Object.entries(metric.dimensions).map(([Name, Value]) => ({ Name, Value })),
      },
      Period: periodSeconds,
      Stat: stat,
    },
    ReturnData: returnData,
  };
}

/**
 * A metric math expression over the other queries' ids, returned (`ReturnData: true`): the series an
 * alarm compares, or an anomaly band.
 * @example
 * ```ts
 * mathExpression('rate', '100 * FILL(errors, 0) / requests', '5XX rate (%)');
 * // { Id: 'rate', Expression: '100 * FILL(errors, 0) / requests', Label: '5XX rate (%)', ReturnData: true }
 * ```
 */
export function mathExpression(id: string, expression: string, label: string): MetricDataQuery {
  return { Id: id, Expression: expression, Label: label, ReturnData: true };
}

/** A {@link MetricDataQuery}'s metric and statistic, read: the metric as a {@link MetricId}. */
export interface MetricStatQuery {
  readonly id: string;
  readonly label?: string;
  readonly metric: MetricId;
  /** `Stat`: a {@link Statistic}, as given. */
  readonly stat: string;
  /** `Period`, in seconds. */
  readonly periodSeconds: number;
}

/** A {@link MetricDataQuery}'s metric math expression, read. */
export interface ExpressionQuery {
  readonly id: string;
  readonly label?: string;
  readonly expression: string;
}

/**
 * A {@link MetricDataQuery} read into Periscope's terms: a metric (by {@link MetricId}) with a
 * statistic and period, or an expression. What the local metric store answers and the notifier shows.
 */
export type MetricQuery = MetricStatQuery | ExpressionQuery;
