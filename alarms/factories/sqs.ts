import type { QueueExpectations, ServiceDefinition } from '../../src/catalog';
import { BatchMetric, mathExpression, metricStat, sqsMetric } from '../../src/cloudwatch';
import { ratePercent } from '../metric-factory';
import { evaluationOf, type ResolvedThresholds, Thresholds as T, windowText } from '../thresholds';
import { batchMetric } from '../trigger-metrics';
import { AlarmKind, type DeployedFunction, type DeployedQueueTrigger, type MetricAlarmSpec } from '../types';

/** What the alarms of one queue a function consumes need. */
export interface QueueAlarmInput {
  readonly fn: DeployedFunction;
  readonly queue: DeployedQueueTrigger;
  /** The start of the alarms' signals: `fulfil-order` (`fulfil-order-queue-age`), `fulfil-order-2` for its second queue. */
  readonly signal: string;
  /** The catalog's `queue` of the function, which takes the place of the age and depth thresholds. */
  readonly expectations: QueueExpectations | undefined;
  readonly thresholds: ResolvedThresholds;
}

/** SQS publishes a queue's metrics only while it is active (messages in it, or calls to it): an idle queue's missing points are health. */
const IDLE_IS_HEALTHY = 'notBreaching' as const;

/**
 * One queue an SQS consumer reads: the age of its oldest message against the function's promised
 * latency (critical: users' work is stuck), its backlog (warning), and, when it has a dead letter
 * queue, the messages there (warning: each failed every receive) and the oldest of them (warning:
 * nobody redrove it). Thresholds: the catalog's `queue` for this function, else the `sqs-*` kinds'.
 */
export function createQueueAlarms({ fn, queue, signal, expectations, thresholds }: QueueAlarmInput): MetricAlarmSpec[] {
  const logGroups = [`/aws/lambda/${fn.functionName}`];
  const age = thresholds[AlarmKind.SqsQueueAge];
  const depth = thresholds[AlarmKind.SqsQueueDepth];
  const maxAge = expectations?.maxAgeSeconds ?? age.threshold;
  const maxDepth = expectations?.maxDepth ?? depth.threshold;
  const common = { comparison: 'GreaterThanThreshold' as const, treatMissingData: IDLE_IS_HEALTHY, logGroups };
  const alarms: MetricAlarmSpec[] = [
    {
      ...common,
      kind: AlarmKind.SqsQueueAge,
      signal: `${signal}-queue-age`,
      tier: 'critical',
      meaning: `A message has waited more than ${maxAge} s in ${queue.queueName} without ${fn.name} processing it, ${windowText(age)}: users' work is stuck past its promised latency.`,
      action: `Is ${fn.name} running and succeeding? Check its errors, throttles and event source mapping; find the stuck messages by message_id in its logs.`,
      metrics: [metricStat('age', sqsMetric(queue.queueName, 'ApproximateAgeOfOldestMessage'), 'Maximum', age.periodSeconds, true)],
      ...evaluationOf(age),
      threshold: maxAge,
    },
    {
      ...common,
      kind: AlarmKind.SqsQueueDepth,
      signal: `${signal}-queue-depth`,
      tier: 'warning',
      meaning: `More than ${maxDepth} messages wait in ${queue.queueName} for ${fn.name}, ${windowText(depth)}: it is not keeping up.`,
      action: `Compare messages sent with messages deleted; check ${fn.name}'s throttles, duration and its event source mapping's maximum concurrency.`,
      metrics: [metricStat('visible', sqsMetric(queue.queueName, 'ApproximateNumberOfMessagesVisible'), 'Maximum', depth.periodSeconds, true)],
      ...evaluationOf(depth),
      threshold: maxDepth,
    },
  ];
  const deadLetters = queue.deadLetterQueueName;
  if (deadLetters === undefined) return alarms;
  const waiting = thresholds[AlarmKind.SqsDeadLetters];
  const unread = thresholds[AlarmKind.SqsDeadLetterAge];
  alarms.push(
    {
      ...common,
      kind: AlarmKind.SqsDeadLetters,
      signal: `${signal}-dead-letters`,
      tier: 'warning',
      meaning: `${waiting.threshold === 1 ? 'A message waits' : `${waiting.threshold} or more messages wait`} in ${deadLetters}, the dead letter queue of ${queue.queueName}: ${fn.name} failed ${waiting.threshold === 1 ? 'it' : 'them'} on every receive.`,
      action: `Find why by message_id in ${fn.name}'s logs; once fixed, move the messages back to ${queue.queueName} (aws sqs start-message-move-task).`,
      metrics: [metricStat('waiting', sqsMetric(deadLetters, 'ApproximateNumberOfMessagesVisible'), 'Maximum', waiting.periodSeconds, true)],
      comparison: 'GreaterThanOrEqualToThreshold',
      ...evaluationOf(waiting),
    },
    {
      ...common,
      kind: AlarmKind.SqsDeadLetterAge,
      signal: `${signal}-dead-letter-age`,
      tier: 'warning',
      meaning: `A failed message has waited more than ${unread.threshold} s in the dead letter queue ${deadLetters} and nobody has moved it back to ${queue.queueName}; the queue's retention will delete it.`,
      action: `Redrive it to ${queue.queueName} once ${fn.name} can process it, or delete it on purpose.`,
      metrics: [metricStat('age', sqsMetric(deadLetters, 'ApproximateAgeOfOldestMessage'), 'Maximum', unread.periodSeconds, true)],
      ...evaluationOf(unread),
    },
  );
  return alarms;
}

/**
 * An SQS consumer's failed records (its partial batch response), % of the records it was given, from
 * the metrics Periscope's runtime writes per batch: only for a function that reports batch item
 * failures. Warning: SQS retries the failed records, and the dead letter queue keeps those that fail
 * every receive.
 */
export function createBatchFailureAlarm(catalog: Pick<ServiceDefinition, 'namespace' | 'service'>, fn: DeployedFunction, signal: string, thresholds: ResolvedThresholds): MetricAlarmSpec {
  const failures = thresholds[AlarmKind.SqsBatchFailures];
  const floor = T.minFailuresPerMinute;
  return {
    kind: AlarmKind.SqsBatchFailures,
    signal: `${signal}-batch-failures`,
    tier: 'warning',
    meaning: `More than ${failures.threshold}% of the records ${fn.name} was given (and at least ${floor} a minute) failed and went back to their queue, ${windowText(failures)}.`,
    action: `Find the failed records by message_id in ${fn.name}'s logs; if it started with a deploy, roll back.`,
    metrics: [
      metricStat('failed', batchMetric(catalog, fn.functionName, BatchMetric.ItemFailures), 'Sum', failures.periodSeconds),
      metricStat('records', batchMetric(catalog, fn.functionName, BatchMetric.Records), 'Sum', failures.periodSeconds),
      mathExpression('rate', ratePercent('failed', 'records', floor), `${fn.name} failed records (%)`),
    ],
    comparison: 'GreaterThanThreshold',
    ...evaluationOf(failures),
    // No batch, no data point: an idle consumer is not failing.
    treatMissingData: 'notBreaching',
    logGroups: [`/aws/lambda/${fn.functionName}`],
  };
}
