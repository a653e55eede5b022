import type { Naming } from './naming';
import type { CfnResource, CfnValue, DeployedNotifier } from './types';

/** Events the rules could not deliver are retried by EventBridge for an hour, then kept in the alerts' dead letter queue. */
export const NOTIFIER_EVENT_RETRY = { maximumRetryAttempts: 8, maximumEventAgeSeconds: 3600 } as const;

/** One EventBridge rule whose target is the Slack notifier. */
export interface NotifierRuleInput {
  /** `<service>-<stage>-<what>`: the rule's name, and its logical id's source. */
  readonly name: string;
  readonly description: string;
  readonly pattern: CfnValue;
  /**
   * What the notifier is told with every event: its InputTransformer template, with the event as
   * `<aws.events.event.json>` (EventBridge's reserved variable for the whole event). A plain string,
   * or an `Fn::Sub` when it names something the template resolves.
   */
  readonly inputTemplate: CfnValue;
  /** The alerts' dead letter queue's logical id. */
  readonly deadLetterQueue: string;
}

/** `{"periscope":<config>,"event":<aws.events.event.json>}`: the event wrapped in what the notifier needs to know. */
export const wrappedEventTemplate = (config: unknown): string => `{"periscope":${JSON.stringify(config)},"event":<aws.events.event.json>}`;

/**
 * A rule that sends matching events to the notifier, with what it needs wrapped around each one;
 * retried for an hour, then kept in the alerts' dead letter queue (see {@link deadLetterPolicy});
 * and the permission that lets this rule, and only it, invoke the notifier.
 */
export function notifierRule(names: Naming, notifier: DeployedNotifier, input: NotifierRuleInput): Record<string, CfnResource> {
  const rule = names.logicalId(input.name);
  return {
    [rule]: {
      Type: 'AWS::Events::Rule',
      Properties: {
        Name: input.name,
        Description: input.description,
        State: 'ENABLED',
        EventPattern: input.pattern,
        Targets: [
          {
            Id: 'slack-notifier',
            Arn: { 'Fn::GetAtt': [notifier.functionLogicalId, 'Arn'] },
            InputTransformer: { InputPathsMap: {}, InputTemplate: input.inputTemplate },
            RetryPolicy: { MaximumRetryAttempts: NOTIFIER_EVENT_RETRY.maximumRetryAttempts, MaximumEventAgeInSeconds: NOTIFIER_EVENT_RETRY.maximumEventAgeSeconds },
            DeadLetterConfig: { Arn: { 'Fn::GetAtt': [input.deadLetterQueue, 'Arn'] } },
          },
        ],
      },
    },
    [`${rule}Permission`]: {
      Type: 'AWS::Lambda::Permission',
      Properties: { Action: 'lambda:InvokeFunction', FunctionName: { Ref: notifier.functionLogicalId }, Principal: 'events.amazonaws.com', SourceArn: { 'Fn::GetAtt': [rule, 'Arn'] } },
    },
  };
}

/** The logical id of the dead letter queue's one policy (a second `QueuePolicy` on a queue would replace the first). */
export const deadLetterPolicyId = (names: Naming): string => `${names.logicalId(`${names.prefix}-alerts-dead-letter`)}EventsPolicy`;

/** The dead letter queue's policy: EventBridge may write to it for these rules only. */
export function deadLetterPolicy(queue: string, ruleLogicalIds: readonly string[]): CfnResource {
  const sources = ruleLogicalIds.map((id): CfnValue => ({ 'Fn::GetAtt': [id, 'Arn'] }));
  return {
    Type: 'AWS::SQS::QueuePolicy',
    Properties: {
      Queues: [{ Ref: queue }],
      PolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'TheNotifierRulesKeepUndeliveredEvents',
            Effect: 'Allow',
            Principal: { Service: 'events.amazonaws.com' },
            Action: 'sqs:SendMessage',
            Resource: { 'Fn::GetAtt': [queue, 'Arn'] },
            Condition: { ArnEquals: { 'aws:SourceArn': sources.length === 1 ? (sources[0] as CfnValue) : sources } },
          },
        ],
      },
    },
  };
}
