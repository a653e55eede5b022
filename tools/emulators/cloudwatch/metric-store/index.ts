/**
 * Local CloudWatch metrics: an in-memory store fed from what the local stack prints and traces (EMF,
 * request log lines, X-Ray subsegments of DynamoDB calls), statistics per period, and metric math —
 * what the dashboard preview draws and a local alarm evaluator can read.
 * @example
 * ```ts
 * const store = new MetricStore();
 * const feed = createLocalMetricsFeed({ store, names });
 * await startLocalStack({ onLine: feed.onLine, onTrace: feed.onTrace });
 * ```
 */

export { CAPACITY_APPROXIMATION, CAPACITY_NOTE, dynamoDbMetricsOf, dynamoDbRequestMetrics } from './dynamodb-metrics';
export { EmfFormatError, parseEmfLine } from './emf';
export { type Admission, LambdaConcurrency, type LambdaConcurrencyOptions } from './lambda-concurrency';
export { createLocalMetricsFeed, LOCALLY_DERIVED_AWS_METRICS, type LocalMetricsFeed, type LocalMetricsFeedOptions, localSourceNote } from './local-feed';
export { evaluateExpression, type LabelledSeries, type MathContext, type MathValue, type Points } from './math/evaluate';
export { type BinaryOperator, type Expression, MetricMathError, parseExpression } from './math/parse';
export { type GetMetricDataQuery, getMetricData, type MetricDataRange, type MetricDataResult, type ResultSeries } from './metric-data';
export { alignedRange, type MetricFilter, MetricStore, type MetricStoreOptions } from './metric-store';
export { failedInvocationMetrics, requestMetricsOf, type ServiceNames, throttledInvocationMetrics } from './request-metrics';
export { sqsQueueDatapoints } from './sqs-metrics';
export { COMPUTED_STATISTICS, computeStatistic, readStatistic } from './statistics';
export { type Datapoint, type MetricId, MetricQueryError, type MetricSeries, type QueryOptions } from './types';
