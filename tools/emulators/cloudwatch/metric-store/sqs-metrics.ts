import { sqsMetric } from '../../../../src/cloudwatch';
import type { SqsQueueMetrics } from '../../sqs';
import type { Datapoint } from './types';

/** Each `AWS/SQS` metric a queue publishes, with its unit. */
const SQS_METRIC_UNITS: Readonly<Record<keyof SqsQueueMetrics, string>> = {
  ApproximateNumberOfMessagesVisible: 'Count',
  ApproximateNumberOfMessagesNotVisible: 'Count',
  ApproximateNumberOfMessagesDelayed: 'Count',
  ApproximateAgeOfOldestMessage: 'Seconds',
  NumberOfMessagesSent: 'Count',
  NumberOfMessagesReceived: 'Count',
  NumberOfMessagesDeleted: 'Count',
  NumberOfEmptyReceives: 'Count',
};

/**
 * The `AWS/SQS` datapoints of one queue's period (dimension `QueueName`), as SQS publishes them once
 * a minute: the gauges as they are at its end, the `NumberOf…` counts as what happened in it (give
 * `sqsMetricsSince(previous, current)` from the local SQS server's samples).
 *
 * @example
 * ```ts
 * store.add(...sqsQueueDatapoints('orders-dev-order-placed', sqsMetricsSince(previous, current), Date.now()));
 * ```
 */
export function sqsQueueDatapoints(queueName: string, period: SqsQueueMetrics, timestamp: number): Datapoint[] {
  return (Object.keys(SQS_METRIC_UNITS) as (keyof SqsQueueMetrics)[]).map((metricName) => ({
    ...sqsMetric(queueName, metricName),
    timestamp,
    value: period[metricName],
    unit: SQS_METRIC_UNITS[metricName],
  }));
}
