import type { SqsQueue } from './queue';

/**
 * One queue's metrics as SQS publishes them to CloudWatch (namespace `AWS/SQS`, dimension
 * `QueueName`), read on the server's clock. The depths and the age are gauges: their value now.
 * The `NumberOf…` counts are **cumulative** since the queue was created; CloudWatch's per-period
 * `Sum` is the difference between two samples ({@link sqsMetricsSince}).
 */
export interface SqsQueueMetrics {
  /** Messages a receive could return now. */
  readonly ApproximateNumberOfMessagesVisible: number;
  /** Messages received and not yet deleted, while their visibility timeout runs. */
  readonly ApproximateNumberOfMessagesNotVisible: number;
  /** Messages sent with a delay that has not passed yet. */
  readonly ApproximateNumberOfMessagesDelayed: number;
  /**
   * Seconds since the oldest message still in the queue entered it; 0 when the queue is empty. As
   * AWS defines it, a message received 3 times or more is left out while any other is there, and a
   * message a redrive moved to a dead-letter queue counts from its move.
   */
  readonly ApproximateAgeOfOldestMessage: number;
  /** Messages added by `SendMessage` and `SendMessageBatch` (not those a redrive moved in). */
  readonly NumberOfMessagesSent: number;
  /** Messages returned by `ReceiveMessage`. */
  readonly NumberOfMessagesReceived: number;
  /** Successful deletions with a valid receipt handle, repeated ones included, as AWS counts them. */
  readonly NumberOfMessagesDeleted: number;
  /** `ReceiveMessage` calls that returned no message. */
  readonly NumberOfEmptyReceives: number;
}

/** A queue's metrics at `now`. */
export function readQueueMetrics(queue: SqsQueue, now: number): SqsQueueMetrics {
  const depths = queue.depths(now);
  return {
    ApproximateNumberOfMessagesVisible: depths.visible,
    ApproximateNumberOfMessagesNotVisible: depths.notVisible,
    ApproximateNumberOfMessagesDelayed: depths.delayed,
    ApproximateAgeOfOldestMessage: queue.ageOfOldestSeconds(now),
    NumberOfMessagesSent: queue.counters.sent,
    NumberOfMessagesReceived: queue.counters.received,
    NumberOfMessagesDeleted: queue.counters.deleted,
    NumberOfEmptyReceives: queue.counters.emptyReceives,
  };
}

/**
 * The metrics of the period between two samples of the same queue, as CloudWatch reports a period:
 * the gauges as `current` has them, the `NumberOf…` counts as what happened since `previous`.
 *
 * @example
 * ```ts
 * let previous = sqs.queueMetrics('orders');
 * // one simulated minute later
 * const current = sqs.queueMetrics('orders');
 * const minute = sqsMetricsSince(previous, current); // minute.NumberOfMessagesSent: sent in that minute
 * previous = current;
 * ```
 */
export function sqsMetricsSince(previous: SqsQueueMetrics, current: SqsQueueMetrics): SqsQueueMetrics {
  return {
    ...current,
    NumberOfMessagesSent: current.NumberOfMessagesSent - previous.NumberOfMessagesSent,
    NumberOfMessagesReceived: current.NumberOfMessagesReceived - previous.NumberOfMessagesReceived,
    NumberOfMessagesDeleted: current.NumberOfMessagesDeleted - previous.NumberOfMessagesDeleted,
    NumberOfEmptyReceives: current.NumberOfEmptyReceives - previous.NumberOfEmptyReceives,
  };
}
