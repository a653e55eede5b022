import { mathExpression, metricStat, sqsMetric } from '../../src/cloudwatch';
import { AlarmKind, type MetricAlarmSpec } from '../types';

/**
 * Where deploys are marked: the Slack notifier puts the time of each deploy's start and end (epoch
 * seconds, from CodeDeploy's and CloudFormation's events) as `DeployStarted` and `DeployFinished`,
 * dimensions `Service` and `Stage`; a pipeline may put the same two itself.
 */
export const DEPLOY_MARKER = { namespace: 'Periscope/Deployments', started: 'DeployStarted', finished: 'DeployFinished' } as const;

/**
 * In ALARM while a deploy runs: the latest start marked within `windowMinutes` is later than the
 * latest end. It is the tier composites' `ActionsSuppressor`: a deploy's brief blips do not page,
 * while a failure that outlasts the deploy still does.
 *
 * Why times and not a 1-every-minute gauge: the markers come from events (a deploy starts, a deploy
 * ends), and nothing beats every minute in between. A Maximum of times is idempotent (EventBridge
 * may deliver an event twice) and ignores order (a late start older than the end changes nothing).
 * A start whose end never arrives stops holding alerts once it leaves the window.
 */
export function createDeployInProgressAlarm(service: string, stage: string, windowMinutes: number): MetricAlarmSpec {
  const dimensions = { Service: service, Stage: stage };
  const period = windowMinutes * 60;
  return {
    kind: AlarmKind.DeployInProgress,
    signal: 'deploy-in-progress',
    tier: 'info',
    meaning: `A deploy of ${service} (${stage}) is running: its start is later than its end, within the last ${windowMinutes} minutes; alert actions wait until it has finished.`,
    action: 'Nothing: a failure that lasts past the deploy still notifies.',
    metrics: [
      metricStat('started', { namespace: DEPLOY_MARKER.namespace, metricName: DEPLOY_MARKER.started, dimensions }, 'Maximum', period),
      metricStat('finished', { namespace: DEPLOY_MARKER.namespace, metricName: DEPLOY_MARKER.finished, dimensions }, 'Maximum', period),
      mathExpression('deploying', 'IF(FILL(started, 0) > FILL(finished, 0), 1, 0)', 'deploy running (1)'),
    ],
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
