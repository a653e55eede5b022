import { type DeployedFunction, type DeployedName, type DeployedQueueTrigger, type DeployedRuleTrigger, Thresholds } from '../../alarms';
import { nameText } from '../../alarms/deployed-name';
import { ratePercent } from '../../alarms/metric-factory';
import { AsyncInvocationMetric, batchMetric, ruleMetric } from '../../alarms/trigger-metrics';
import { invokedAsynchronously } from '../../alarms/triggers';
import { BatchMetric, sqsMetric } from '../../src/cloudwatch';
import type { ViewContext } from '../context';
import type { MetricRow, WidgetSpec } from '../types';
import { expressionRow, metricWidget, row } from '../widgets';
import { PERCENT_AXIS } from './error-rates';

/** SQS and Lambda publish these every minute, as their alarms compare them. */
const MINUTE = 60;
/** The dead letter queue's age alarm compares 5-minute maxima. */
const FIVE_MINUTES = 300;
const SECONDS_AXIS = { left: { min: 0, label: 's', showUnits: false } } as const;

const queuesOf = (fn: DeployedFunction): DeployedQueueTrigger[] => (fn.triggers ?? []).filter((t): t is DeployedQueueTrigger => t.kind === 'sqs');
const rulesOf = (fn: DeployedFunction): (DeployedRuleTrigger & { ruleName: DeployedName })[] =>
  (fn.triggers ?? []).filter((t): t is DeployedRuleTrigger & { ruleName: DeployedName } => (t.kind === 'eventbridge' || t.kind === 'schedule') && t.ruleName !== undefined);

/** One queue a function consumes: its oldest message's age and its depth (the alarms' thresholds drawn on both), and its dead letter queue. */
function queueWidgets(fn: DeployedFunction, queue: DeployedQueueTrigger): WidgetSpec[] {
  const dlq = queue.deadLetterQueueName;
  return [
    metricWidget({
      title: `${fn.name} ← ${queue.queueName}: oldest message (s)`,
      period: MINUTE,
      width: 6,
      metrics: [row(sqsMetric(queue.queueName, 'ApproximateAgeOfOldestMessage'), { stat: 'Maximum', label: 'oldest message' })],
      yAxis: SECONDS_AXIS,
    }),
    metricWidget({
      title: `${fn.name} ← ${queue.queueName}: messages`,
      period: MINUTE,
      width: 6,
      metrics: [
        row(sqsMetric(queue.queueName, 'ApproximateNumberOfMessagesVisible'), { stat: 'Maximum', label: 'waiting (visible)' }),
        row(sqsMetric(queue.queueName, 'ApproximateNumberOfMessagesNotVisible'), { stat: 'Maximum', label: 'in flight' }),
      ],
    }),
    ...(dlq === undefined
      ? []
      : [
          metricWidget({
            title: `Dead letter queue ${dlq}: messages (should be 0)`,
            period: MINUTE,
            width: 6,
            metrics: [row(sqsMetric(dlq, 'ApproximateNumberOfMessagesVisible'), { stat: 'Maximum', label: 'failed messages' })],
          }),
          metricWidget({
            title: `Dead letter queue ${dlq}: oldest message (s)`,
            period: FIVE_MINUTES,
            width: 6,
            metrics: [row(sqsMetric(dlq, 'ApproximateAgeOfOldestMessage'), { stat: 'Maximum', label: 'oldest failed message' })],
            yAxis: SECONDS_AXIS,
          }),
        ]),
  ];
}

/** A consumer's records and failed records, and the failed share as its alarm computes it. */
function batchWidgets(context: ViewContext, fn: DeployedFunction): WidgetSpec[] {
  const failed = batchMetric(context.catalog, fn.functionName, BatchMetric.ItemFailures);
  const records = batchMetric(context.catalog, fn.functionName, BatchMetric.Records);
  return [
    metricWidget({
      title: `${fn.name}: batch records and failed records`,
      period: MINUTE,
      width: 12,
      metrics: [row(records, { stat: 'Sum', label: 'records' }), row(failed, { stat: 'Sum', label: 'failed records' })],
    }),
    metricWidget({
      title: `${fn.name}: failed records, % (0 in a minute with fewer than ${Thresholds.minFailuresPerMinute} failed, as its alarm counts)`,
      period: MINUTE,
      width: 12,
      metrics: [
        row(failed, { id: 'failed', stat: 'Sum', visible: false }),
        row(records, { id: 'records', stat: 'Sum', visible: false }),
        expressionRow('rate', ratePercent('failed', 'records', Thresholds.minFailuresPerMinute), 'failed records (%)'),
      ],
      yAxis: PERCENT_AXIS,
    }),
  ];
}

/** Every rule and schedule that targets a function: its invocations and failed invocations. */
function ruleWidget(fn: DeployedFunction, rules: readonly (DeployedRuleTrigger & { ruleName: DeployedName })[]): WidgetSpec {
  const label = (rule: DeployedRuleTrigger & { ruleName: DeployedName }) => `${rule.kind === 'schedule' ? 'schedule' : 'rule'} ${nameText(rule.ruleName)}`;
  return metricWidget({
    title: `${fn.name}: EventBridge invocations and failed invocations`,
    period: MINUTE,
    width: 12,
    metrics: rules.flatMap((rule) => [
      row(ruleMetric(rule, 'Invocations'), { stat: 'Sum', label: `${label(rule)}: invocations` }),
      row(ruleMetric(rule, 'FailedInvocations'), { stat: 'Sum', label: `${label(rule)}: failed` }),
    ]),
  });
}

/** Every asynchronously invoked function: how long its events waited in Lambda's queue, and how many it received and dropped. */
function asyncWidgets(functions: readonly DeployedFunction[]): WidgetSpec[] {
  if (functions.length === 0) return [];
  const rows = (read: typeof AsyncInvocationMetric.eventAge, what?: string): MetricRow[] =>
    functions.map((fn) => {
      const { metric, statistic } = read(fn.functionName);
      return row(metric, { stat: statistic, label: what === undefined ? fn.name : `${fn.name}: ${what}` });
    });
  return [
    metricWidget({
      title: 'Asynchronous events: oldest wait in Lambda’s queue (ms)',
      period: MINUTE,
      width: 12,
      metrics: rows(AsyncInvocationMetric.eventAge),
      yAxis: { left: { min: 0, label: 'ms', showUnits: false } },
    }),
    metricWidget({
      title: 'Asynchronous events: received and dropped (dropped should be 0)',
      period: MINUTE,
      width: 12,
      metrics: [...rows(AsyncInvocationMetric.eventsReceived, 'received'), ...rows(AsyncInvocationMetric.eventsDropped, 'dropped')],
    }),
  ];
}

/**
 * Per trigger, for on-call: each SQS consumer's queues (oldest message, depth, dead letters) and
 * failed records; each EventBridge rule's and schedule's deliveries; the asynchronous event queue of
 * every function SNS, EventBridge or a schedule invokes. Their alarms' thresholds are drawn on the
 * series they compare.
 */
export function triggerWidgets(context: ViewContext): WidgetSpec[] {
  return [
    ...context.functions.flatMap((fn) => [
      ...queuesOf(fn).flatMap((queue) => queueWidgets(fn, queue)),
      ...(queuesOf(fn).some((queue) => queue.reportsBatchItemFailures) ? batchWidgets(context, fn) : []),
      ...(rulesOf(fn).length > 0 ? [ruleWidget(fn, rulesOf(fn))] : []),
    ]),
    ...asyncWidgets(context.functions.filter(invokedAsynchronously)),
  ];
}
