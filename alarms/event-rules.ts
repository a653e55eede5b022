import type { Naming } from './naming';
import type { CfnResource, CfnValue, DeployedNotifier } from './types';

/** Events the rules could not deliver are retried by EventBridge for an hour, then kept in the alerts' dead letter queue. */
export const NOTIFIER_EVENT_RETRY = { maximumRetryAttempts: 8, maximumEventAgeSeconds: 3600 } as const;

/** One EventBridge rule whose target is one of Periscope's functions. */
export interface FunctionRuleInput {
  /** `<service>-<stage>-<what>`: the rule's name, and its logical id's source. */
  readonly name: string;
  readonly description: string;
  readonly pattern: CfnValue;
  /**
   * What the function is told with every event: its InputTransformer template, with the event as
   * `<aws.events.event.json>` (EventBridge's reserved variable for the whole event). A plain string,
   * or an `Fn::Sub` when it names something the template resolves. Without it the function gets the
   * event as EventBridge sends it.
   */
  readonly inputTemplate?: CfnValue;
  /** The logical id of the dead letter queue the rule keeps undeliverable events in. */
  readonly deadLetterQueue: string;
}

/** The Slack notifier's rules always wrap the event in what the notifier needs to know. */
export type NotifierRuleInput = FunctionRuleInput & { readonly inputTemplate: CfnValue };

/** `{"periscope":<config>,"event":<aws.events.event.json>}`: the event wrapped in what the notifier needs to know. */
export const wrappedEventTemplate = (config: unknown): string => `{"periscope":${JSON.stringify(config)},"event":<aws.events.event.json>}`;

/** The function a rule invokes: its logical id, and the target's id in the rule. */
export interface RuleTarget {
  readonly functionLogicalId: string;
  readonly targetId: string;
}

/**
 * A rule that sends matching events to a function, wrapped when an input template is given; retried
 * for an hour, then kept in a dead letter queue (see {@link deadLetterPolicy}); and the permission
 * that lets this rule, and only it, invoke the function.
 */
export function functionRule(names: Naming, target: RuleTarget, input: FunctionRuleInput): Record<string, CfnResource> {
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
            Id: target.targetId,
            Arn: { 'Fn::GetAtt': [target.functionLogicalId, 'Arn'] },
            ...(input.inputTemplate === undefined ? {} : { InputTransformer: { InputPathsMap: {}, InputTemplate: input.inputTemplate } }),
            RetryPolicy: { MaximumRetryAttempts: NOTIFIER_EVENT_RETRY.maximumRetryAttempts, MaximumEventAgeInSeconds: NOTIFIER_EVENT_RETRY.maximumEventAgeSeconds },
            DeadLetterConfig: { Arn: { 'Fn::GetAtt': [input.deadLetterQueue, 'Arn'] } },
          },
        ],
      },
    },
    [`${rule}Permission`]: {
      Type: 'AWS::Lambda::Permission',
      Properties: { Action: 'lambda:InvokeFunction', FunctionName: { Ref: target.functionLogicalId }, Principal: 'events.amazonaws.com', SourceArn: { 'Fn::GetAtt': [rule, 'Arn'] } },
    },
  };
}

/** A rule whose target is the Slack notifier (see {@link functionRule}). */
export const notifierRule = (names: Naming, notifier: DeployedNotifier, input: NotifierRuleInput): Record<string, CfnResource> =>
  functionRule(names, { functionLogicalId: notifier.functionLogicalId, targetId: 'slack-notifier' }, input);

/** The logical id of the dead letter queue's one policy (a second `QueuePolicy` on a queue would replace the first). */
export const deadLetterPolicyId = (names: Naming): string => `${names.logicalId(`${names.prefix}-alerts-dead-letter`)}EventsPolicy`;

/** The dead letter queue's policy: EventBridge may write to it for these rules only. */
export function deadLetterPolicy(queue: string, ruleLogicalIds: readonly string[], sid = 'TheNotifierRulesKeepUndeliveredEvents'): CfnResource {
  const sources = ruleLogicalIds.map((id): CfnValue => ({ 'Fn::GetAtt': [id, 'Arn'] }));
  return {
    Type: 'AWS::SQS::QueuePolicy',
    Properties: {
      Queues: [{ Ref: queue }],
      PolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: sid,
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
