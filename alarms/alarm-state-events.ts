import { AlarmGenerationError } from './errors';
import type { Naming } from './naming';
import type { RoutedTier, RoutingIds } from './routing';
import type { CfnResource, CfnValue, DeployedNotifier } from './types';

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
export const ALARM_STATE_EVENT_RETRY = { maximumRetryAttempts: 8, maximumEventAgeSeconds: 3600 } as const;

const sub = (text: string): CfnValue => ({ 'Fn::Sub': text });

/**
 * The EventBridge wiring that keeps a tier composite from hiding its members (see docs/alerting.md):
 * every ALARM and OK of this service's alarms goes, as CloudWatch's "CloudWatch Alarm State Change"
 * event, to the Slack notifier, which announces the members a composite already in ALARM would not.
 *
 * - the rule matches this account and region's alarms named `<service>-<stage>-*`;
 * - its target is the notifier, with {@link AlarmStateEventConfig} wrapped around the event
 *   (`<aws.events.event.json>` is EventBridge's reserved variable for the whole event);
 * - failed deliveries are retried, then kept in the same dead letter queue as the topics' alerts
 *   (whose depth alarm pages), which EventBridge may write to for this rule only;
 * - the notifier may read this service's alarms' states (`cloudwatch:DescribeAlarms`) and nothing more.
 */
export function alarmStateEventResources(names: Naming, ids: RoutingIds, notifier: DeployedNotifier, config: AlarmStateEventConfig): Record<string, CfnResource> {
  const rule = names.logicalId(`${names.prefix}-alarm-state-changes`);
  const queue = ids.deadLetterQueue;
  if (queue === undefined) throw new AlarmGenerationError('the alarm state change rule needs the notifier’s dead letter queue');
  const ruleArn: CfnValue = { 'Fn::GetAtt': [rule, 'Arn'] };
  const alarmArns = sub(`arn:\${AWS::Partition}:cloudwatch:\${AWS::Region}:\${AWS::AccountId}:alarm:${names.prefix}-`);
  return {
    [rule]: {
      Type: 'AWS::Events::Rule',
      Properties: {
        Name: `${names.prefix}-alarm-state-changes`,
        Description: `${names.prefix}'s alarm state changes, to the Slack notifier: members a tier composite already in ALARM would hide are announced on their own`,
        State: 'ENABLED',
        EventPattern: {
          source: ['aws.cloudwatch'],
          'detail-type': ['CloudWatch Alarm State Change'],
          resources: [{ prefix: alarmArns }],
          detail: { state: { value: ['ALARM', 'OK'] } },
        },
        Targets: [
          {
            Id: 'slack-notifier',
            Arn: { 'Fn::GetAtt': [notifier.functionLogicalId, 'Arn'] },
            InputTransformer: { InputPathsMap: {}, InputTemplate: `{"periscope":${JSON.stringify(config)},"event":<aws.events.event.json>}` },
            RetryPolicy: { MaximumRetryAttempts: ALARM_STATE_EVENT_RETRY.maximumRetryAttempts, MaximumEventAgeInSeconds: ALARM_STATE_EVENT_RETRY.maximumEventAgeSeconds },
            DeadLetterConfig: { Arn: { 'Fn::GetAtt': [queue, 'Arn'] } },
          },
        ],
      },
    },
    [`${rule}Permission`]: {
      Type: 'AWS::Lambda::Permission',
      Properties: { Action: 'lambda:InvokeFunction', FunctionName: { Ref: notifier.functionLogicalId }, Principal: 'events.amazonaws.com', SourceArn: ruleArn },
    },
    [`${rule}DeadLetterPolicy`]: {
      Type: 'AWS::SQS::QueuePolicy',
      Properties: {
        Queues: [{ Ref: queue }],
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'ThisRuleKeepsUndeliveredAlarmEvents',
              Effect: 'Allow',
              Principal: { Service: 'events.amazonaws.com' },
              Action: 'sqs:SendMessage',
              Resource: { 'Fn::GetAtt': [queue, 'Arn'] },
              Condition: { ArnEquals: { 'aws:SourceArn': ruleArn } },
            },
          ],
        },
      },
    },
    [`${rule}ReadPolicy`]: {
      Type: 'AWS::IAM::Policy',
      Properties: {
        PolicyName: `${names.prefix}-slack-notifier-alarm-states`,
        Roles: [{ Ref: notifier.roleLogicalId }],
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: ['cloudwatch:DescribeAlarms'], Resource: [sub(`arn:\${AWS::Partition}:cloudwatch:\${AWS::Region}:\${AWS::AccountId}:alarm:${names.prefix}-*`)] }],
        },
      },
    },
  };
}
