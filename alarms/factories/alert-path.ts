import { lambdaMetric, type MetricId, metricStat, sqsMetric } from '../../src/cloudwatch';
import { AsyncInvocationMetric, asyncEventAgeMs, type ReadMetric } from '../trigger-metrics';
import { AlarmKind, type AlarmKindName, type MetricAlarmSpec } from '../types';

/** What the alert path's own alarms watch. */
export interface AlertPathInput {
  /** The tier topics' names, by tier. */
  readonly topics: { readonly critical: string; readonly warning: string };
  /** The notifier's deployed function name. */
  readonly notifierFunctionName: string;
  /** Its dead letter queue's name. */
  readonly deadLetterQueueName: string;
}

/** The alert path's thresholds, each with why. */
export const ALERT_PATH = {
  /** Notifier metrics over 5 minutes: alerts come in bursts, and one failed delivery is already news. */
  periodSeconds: 300,
  /** An alert older than this when the notifier gets it is later than the warning tier's promise. */
  maxEventAgeSeconds: 600,
  /** An alert nobody has read from the dead letter queue for this long is reported again. */
  maxDeadLetterAgeSeconds: 1800,
} as const;

const topicMetric = (topicName: string): MetricId => ({ namespace: 'AWS/SNS', metricName: 'NumberOfNotificationsFailed', dimensions: { TopicName: topicName } });

/** One alert-path alarm: any occurrence in a period, missing data being health. */
const anyOf = (kind: AlarmKindName, signal: string, meaning: string, action: string, { metric, statistic }: ReadMetric, threshold: number, logGroups: readonly string[]): MetricAlarmSpec => ({
  kind,
  signal,
  tier: 'critical',
  meaning,
  action,
  metrics: [metricStat('value', metric, statistic, ALERT_PATH.periodSeconds, true)],
  comparison: 'GreaterThanOrEqualToThreshold',
  threshold,
  evaluationPeriods: 1,
  datapointsToAlarm: 1,
  treatMissingData: 'notBreaching',
  logGroups,
});

/**
 * The alarms that watch the alerting itself: the tier topics' failed deliveries, the Slack
 * notifier's errors, throttles, late and dropped events, its failures to reach its dead letter
 * queue, and alerts left unread there. All critical, and none joins a tier composite: each carries
 * its own actions, to a path that does not go through what broke (see `generateAlarms`).
 */
export function createAlertPathAlarms({ topics, notifierFunctionName, deadLetterQueueName }: AlertPathInput): {
  topicAlarms: Record<'critical' | 'warning', MetricAlarmSpec>;
  notifierAlarms: MetricAlarmSpec[];
} {
  const logGroups = [`/aws/lambda/${notifierFunctionName}`];
  const topicAlarm = (tier: 'critical' | 'warning'): MetricAlarmSpec =>
    anyOf(
      AlarmKind.AlertTopicDelivery,
      `${tier}-topic-delivery-failed`,
      `SNS could not deliver ${tier} alerts from ${topics[tier]} to a subscriber (the notifier, the pager or an email address).`,
      `Check the topic's subscriptions and the notifier's invoke permission; until it is fixed, ${tier} alerts may reach nobody.`,
      { metric: topicMetric(topics[tier]), statistic: 'Sum' },
      1,
      logGroups,
    );
  const fn = (metricName: string): ReadMetric => ({ metric: lambdaMetric(notifierFunctionName, metricName), statistic: 'Sum' });
  return {
    topicAlarms: { critical: topicAlarm('critical'), warning: topicAlarm('warning') },
    notifierAlarms: [
      anyOf(
        AlarmKind.NotifierErrors,
        'slack-notifier-errors',
        'The Slack notifier failed: an alert did not reach Slack at the first attempt.',
        'Open the notifier’s errors; Lambda retries, then keeps the alert in the dead letter queue.',
        fn('Errors'),
        1,
        logGroups,
      ),
      anyOf(
        AlarmKind.NotifierThrottles,
        'slack-notifier-throttles',
        'Lambda throttled the Slack notifier: alerts wait in its queue.',
        'Check the account’s concurrency and what consumes it; give the notifier reserved concurrency.',
        fn('Throttles'),
        1,
        logGroups,
      ),
      anyOf(
        AlarmKind.NotifierEventAge,
        'slack-notifier-event-age',
        `An alert waited ${ALERT_PATH.maxEventAgeSeconds / 60} minutes or more before the Slack notifier got it (throttling or retries).`,
        'Alerts reach Slack late: check the notifier’s throttles and errors.',
        AsyncInvocationMetric.eventAge(notifierFunctionName),
        asyncEventAgeMs(ALERT_PATH.maxEventAgeSeconds),
        logGroups,
      ),
      anyOf(
        AlarmKind.NotifierEventsDropped,
        'slack-notifier-events-dropped',
        'Lambda dropped alerts for the Slack notifier without keeping them anywhere: they are lost.',
        'Read the notifier’s logs for the lost alerts; check its dead letter queue and its permission to write to it.',
        AsyncInvocationMetric.eventsDropped(notifierFunctionName),
        1,
        logGroups,
      ),
      anyOf(
        AlarmKind.NotifierDestinationFailures,
        'slack-notifier-destination-failures',
        'Lambda could not keep undelivered alerts in the dead letter queue.',
        'Check the dead letter queue exists and the notifier may send to it; the alerts it could not keep are lost.',
        fn('DestinationDeliveryFailures'),
        1,
        logGroups,
      ),
      anyOf(
        AlarmKind.AlertQueueAge,
        'alert-dead-letter-age',
        `An undelivered alert has been waiting ${ALERT_PATH.maxDeadLetterAgeSeconds / 60} minutes or more in the dead letter queue ${deadLetterQueueName}: nobody has read it.`,
        'Read the alert from the queue now, then fix the Slack webhook.',
        { metric: sqsMetric(deadLetterQueueName, 'ApproximateAgeOfOldestMessage'), statistic: 'Maximum' },
        ALERT_PATH.maxDeadLetterAgeSeconds,
        logGroups,
      ),
    ],
  };
}
