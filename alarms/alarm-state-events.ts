import { accountArn } from './account-arn';
import { AlarmGenerationError } from './errors';
import { NOTIFIER_EVENT_RETRY, notifierRule, wrappedEventTemplate } from './event-rules';
import type { Naming } from './naming';
import type { RoutedTier, RoutingIds } from './routing';
import type { CfnResource, DeployedNotifier } from './types';

/**
 * What the notifier is told with every alarm state change the rule sends it: which composites roll up
 * each tier, and which alarm holds their actions during a deploy. It rides in the rule's input
 * template, so the function needs no configuration of its own for it.
 */
export interface AlarmStateEventConfig {
  /** The tier composites' names, by tier. */
  readonly tiers: Readonly<Record<RoutedTier, string>>;
  /** The composites' `ActionsSuppressor` (the deploy marker alarm). */
  readonly suppressor: string;
  /** How long a composite that goes into ALARM waits for the suppressor before it notifies. */
  readonly suppressorWaitSeconds: number;
  /** The suppressor's extension period: a deploy's alerts stay quiet this long after it ends. */
  readonly suppressorExtensionSeconds: number;
}

/** Alarm state changes are retried by EventBridge for an hour, then kept in the alerts' dead letter queue. */
export const ALARM_STATE_EVENT_RETRY = NOTIFIER_EVENT_RETRY;

/**
 * The EventBridge wiring that keeps a tier composite from hiding its members (see docs/alerting.md):
 * every ALARM and OK of this service's alarms goes, as CloudWatch's "CloudWatch Alarm State Change"
 * event, to the Slack notifier, which announces the members a composite already in ALARM would not.
 *
 * - the rule matches this account and region's alarms named `<service>-<stage>-*`;
 * - its target is the notifier, with {@link AlarmStateEventConfig} wrapped around the event;
 * - failed deliveries are retried, then kept in the same dead letter queue as the topics' alerts
 *   (whose depth alarm pages): see `deadLetterPolicy`;
 * - the notifier may read this service's alarms' states (`cloudwatch:DescribeAlarms`) and nothing more.
 */
export function alarmStateEventResources(names: Naming, ids: RoutingIds, notifier: DeployedNotifier, config: AlarmStateEventConfig): Record<string, CfnResource> {
  const queue = ids.deadLetterQueue;
  if (queue === undefined) throw new AlarmGenerationError('the alarm state change rule needs the notifier’s dead letter queue');
  const name = `${names.prefix}-alarm-state-changes`;
  return {
    ...notifierRule(names, notifier, {
      name,
      description: `${names.prefix}'s alarm state changes, to the Slack notifier: members a tier composite already in ALARM would hide are announced on their own`,
      pattern: {
        source: ['aws.cloudwatch'],
        'detail-type': ['CloudWatch Alarm State Change'],
        resources: [{ prefix: accountArn('cloudwatch', `alarm:${names.prefix}-`) }],
        detail: { state: { value: ['ALARM', 'OK'] } },
      },
      inputTemplate: wrappedEventTemplate(config),
      deadLetterQueue: queue,
    }),
    [`${names.logicalId(name)}ReadPolicy`]: {
      Type: 'AWS::IAM::Policy',
      Properties: {
        PolicyName: `${names.prefix}-slack-notifier-alarm-states`,
        Roles: [{ Ref: notifier.roleLogicalId }],
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: ['cloudwatch:DescribeAlarms'], Resource: [accountArn('cloudwatch', `alarm:${names.prefix}-*`)] }],
        },
      },
    },
  };
}
