import type { MetricQuery } from './types';

/** A metric as CloudWatch names it. */
export interface MetricId {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Readonly<Record<string, string>>;
}

/** A metric query that feeds an expression (not returned). */
export function stat(id: string, metric: MetricId, statistic: string, periodSeconds: number, returnData = false): MetricQuery {
  return {
    Id: id,
    MetricStat: {
      Metric: {
        Namespace: metric.namespace,
        MetricName: metric.metricName,
        Dimensions: Object.entries(metric.dimensions).map(([Name, Value]) => ({ Name, Value })),
      },
      Period: periodSeconds,
      Stat: statistic,
    },
    ReturnData: returnData,
  };
}

/** The expression the alarm compares (returned). */
export function expression(id: string, text: string, label: string): MetricQuery {
  return { Id: id, Expression: text, Label: label, ReturnData: true };
}

/** `AWS/Lambda` metrics of one function. */
export const lambdaMetric = (functionName: string, metricName: string): MetricId => ({ namespace: 'AWS/Lambda', metricName, dimensions: { FunctionName: functionName } });

/** `AWS/ApiGateway` metrics of a REST API stage. */
export const apiMetric = (api: { name: string; stage: string }, metricName: string): MetricId => ({
  namespace: 'AWS/ApiGateway',
  metricName,
  dimensions: { ApiName: api.name, Stage: api.stage },
});

/** `AWS/DynamoDB` metrics of a table, per operation where the metric has one. */
export const dynamoDbMetric = (tableName: string, metricName: string, operation?: string): MetricId => ({
  namespace: 'AWS/DynamoDB',
  metricName,
  dimensions: operation === undefined ? { TableName: tableName } : { TableName: tableName, Operation: operation },
});

/**
 * `100 * errors / requests` in a minute with at least `minFailures` errors, else 0: a rate over a
 * handful of failures is noise. `FILL(e, 0)`: error metrics have no data point in a minute without errors.
 * @example
 * ```ts
 * ratePercent('errors', 'requests', 3); // 'IF(FILL(errors, 0) >= 3, 100 * FILL(errors, 0) / requests, 0)'
 * ```
 */
export const ratePercent = (errors: string, requests: string, minFailures: number): string => `IF(FILL(${errors}, 0) >= ${minFailures}, 100 * FILL(${errors}, 0) / ${requests}, 0)`;
