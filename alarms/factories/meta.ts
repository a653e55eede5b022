import { metricStat, sqsMetric } from '../../src/cloudwatch';
import { AlarmKind, type MetricAlarmSpec } from '../types';

/** Where deploy pipelines report that a deploy is running. */
export const DEPLOY_MARKER = { namespace: 'Periscope/Deployments', metricName: 'DeployInProgress' } as const;

/**
 * In ALARM while a deploy pipeline reports `DeployInProgress` ≥ 1 (every minute, with dimensions
 * `Service` and `Stage`). It is the tier composites' `ActionsSuppressor`: a deploy's brief blips do
 * not page, while a failure that outlasts the deploy still does.
 */
export function createDeployInProgressAlarm(service: string, stage: string): MetricAlarmSpec {
  return {
    kind: AlarmKind.DeployInProgress,
    signal: 'deploy-in-progress',
    tier: 'info',
    meaning: `A deploy of ${service} (${stage}) is running; alert actions wait until it has finished.`,
    action: 'Nothing: a failure that lasts past the deploy still notifies.',
    metrics: [metricStat('deploying', { ...DEPLOY_MARKER, dimensions: { Service: service, Stage: stage } }, 'Maximum', 60, true)],
    comparison: 'GreaterThanOrEqualToThreshold',
    threshold: 1,
    evaluationPeriods: 1,
    datapointsToAlarm: 1,
    treatMissingData: 'notBreaching',
    logGroups: [],
  };
}

/**
 * In ALARM when an alert could not be delivered to Slack after every retry and sits in the dead
 * letter queue. It notifies the critical topic's email and pager subscriptions directly: never only
 * Slack, which may be what is down, and never through a composite that may already be in ALARM.
 */
export function createAlertDeliveryAlarm(queueName: string, notifierLogGroup: string): MetricAlarmSpec {
  return {
    kind: AlarmKind.AlertDelivery,
    signal: 'alert-delivery-failed',
    tier: 'critical',
    meaning: `An alert could not be delivered to Slack and is waiting in the dead letter queue ${queueName}.`,
    action: 'Read the alert from the queue now (it may be a page nobody saw), then fix the Slack webhook.',
    metrics: [metricStat('waiting', sqsMetric(queueName, 'ApproximateNumberOfMessagesVisible'), 'Maximum', 60, true)],
    comparison: 'GreaterThanOrEqualToThreshold',
    threshold: 1,
    evaluationPeriods: 1,
    datapointsToAlarm: 1,
    treatMissingData: 'notBreaching',
    logGroups: [notifierLogGroup],
  };
}
