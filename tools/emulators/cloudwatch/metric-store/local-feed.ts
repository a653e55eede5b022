import { AwsNamespace } from '../../../../src/cloudwatch';
import type { CompletedTrace } from '../../xray-daemon';
import { CAPACITY_NOTE, dynamoDbMetricsOf } from './dynamodb-metrics';
import { parseEmfLine } from './emf';
import type { MetricStore } from './metric-store';
import { requestMetricsOf, type ServiceNames } from './request-metrics';
import type { MetricId } from './types';

/** The AWS metrics the local stack stands in for; every other `AWS/*` metric has no local source. */
export const LOCALLY_DERIVED_AWS_METRICS: Readonly<Record<string, readonly string[]>> = {
  [AwsNamespace.ApiGateway]: ['Count', '4XXError', '5XXError', 'Latency'],
  [AwsNamespace.Lambda]: ['Invocations', 'Errors', 'Duration'],
  [AwsNamespace.DynamoDB]: ['SuccessfulRequestLatency', 'ThrottledRequests', 'SystemErrors', 'ConsumedReadCapacityUnits', 'ConsumedWriteCapacityUnits'],
  // Sampled once a minute from the local SQS server (`sqsQueueDatapoints`, by the preview).
  [AwsNamespace.SQS]: ['ApproximateNumberOfMessagesVisible', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateAgeOfOldestMessage', 'NumberOfMessagesSent', 'NumberOfMessagesDeleted'],
};

/**
 * What a reader of a local graph should know about where `metric` comes from: that it has no local
 * source (Lambda throttles, SQS...), or that it is an approximation; `undefined` when it is what AWS
 * would record.
 */
export function localSourceNote(metric: MetricId): string | undefined {
  if (metric.metricName.startsWith('Consumed') && metric.namespace === AwsNamespace.DynamoDB) return CAPACITY_NOTE;
  if (!metric.namespace.startsWith('AWS/')) return undefined;
  const derived = LOCALLY_DERIVED_AWS_METRICS[metric.namespace];
  return derived?.includes(metric.metricName) ? undefined : `${metric.namespace} ${metric.metricName} has no local source: the local stack does not produce it.`;
}

/** Options of {@link createLocalMetricsFeed}. */
export interface LocalMetricsFeedOptions {
  readonly store: MetricStore;
  readonly names: ServiceNames;
  /** The clock, for lines that carry no time of their own. @default Date.now */
  readonly now?: () => number;
  /** A malformed EMF line, or a line or trace that could not be read: reported, never thrown. @default ignore */
  readonly onError?: (error: Error) => void;
}

/** Hooks for `startLocalStack`'s `onLine` and `onTrace`. */
export interface LocalMetricsFeed {
  onLine(line: string, stream?: 'stdout' | 'stderr'): void;
  onTrace(trace: CompletedTrace): void;
}

/**
 * Feeds a {@link MetricStore} from what the local stack prints and traces, as CloudWatch would fill
 * it from the service in AWS: the handlers' EMF lines, API Gateway and Lambda metrics from each
 * request's `request completed` line (and serverless-offline's handler failures), and DynamoDB
 * metrics from the X-Ray subsegments of each DynamoDB call. A line or trace that cannot be read is
 * reported through `onError` and skipped: telemetry never stops the stack.
 *
 * @example
 * ```ts
 * const feed = createLocalMetricsFeed({ store, names, onError: (error) => console.error(error.message) });
 * await startLocalStack({ onLine: feed.onLine, onTrace: feed.onTrace });
 * ```
 */
export function createLocalMetricsFeed(options: LocalMetricsFeedOptions): LocalMetricsFeed {
  const now = options.now ?? Date.now;
  const report = options.onError ?? (() => undefined);
  const guarded =
    <T>(read: (input: T) => void) =>
    (input: T): void => {
      try {
        read(input);
      } catch (error) {
        report(error instanceof Error ? error : new Error(String(error)));
      }
    };
  return {
    onLine: guarded((line: string) => {
      const emf = parseEmfLine(line);
      if (emf !== undefined) options.store.add(...emf);
      else options.store.add(...requestMetricsOf(line, options.names, now()));
    }),
    onTrace: guarded((trace: CompletedTrace) => options.store.add(...dynamoDbMetricsOf(trace))),
  };
}
