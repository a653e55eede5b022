import { CatalogRules, type ServiceDefinition, type TierNotifications } from '../src/catalog';
import { accountArn } from './account-arn';
import { DELETED_WITH_STACK } from './deletion-policy';
import { deadLetterQueueName, type Naming } from './naming';
import { stageNotifications } from './stage-notifications';
import type { CfnResource, CfnValue, DeployedNotifier } from './types';

/** The tiers that have an SNS topic; info stays on dashboards. */
export const ROUTED_TIERS = CatalogRules.routedTiers;

/** One of {@link ROUTED_TIERS}. */
export type RoutedTier = (typeof ROUTED_TIERS)[number];

/** Logical ids of the routing resources, for alarms to point their actions at. */
export interface RoutingIds {
  readonly key: string;
  readonly topics: Readonly<Record<RoutedTier, string>>;
  readonly deadLetterQueue: string | undefined;
}

/** Lambda's own retries of an asynchronous invocation before the event goes to the dead letter queue. */
export const NOTIFIER_RETRY_ATTEMPTS = 2;

const sub = (text: string): CfnValue => ({ 'Fn::Sub': text });

/** ARNs of every alarm of this service and stage: `<service>-<stage>-*` in this account and region. */
const alarmArns = (names: Naming): CfnValue => accountArn('cloudwatch', `alarm:${names.prefix}-*`);

/** The routing resources' logical ids for one service and stage. */
export function routingIds(names: Naming, notifier: DeployedNotifier | undefined): RoutingIds {
  return {
    key: names.logicalId(`${names.prefix}-alerts-key`),
    topics: { critical: names.logicalId(`${names.tier('critical')}-topic`), warning: names.logicalId(`${names.tier('warning')}-topic`) },
    deadLetterQueue: notifier === undefined ? undefined : names.logicalId(`${names.prefix}-alerts-dead-letter-queue`),
  };
}

/**
 * A customer-managed key for the alert topics. CloudWatch must be allowed to use it: without
 * `kms:GenerateDataKey` and `kms:Decrypt` (named, no wildcard) for `cloudwatch.amazonaws.com`, alarms publish to an
 * encrypted topic and nothing is ever delivered, silently.
 */
function alertsKey(names: Naming): Record<string, CfnResource> {
  return {
    [names.logicalId(`${names.prefix}-alerts-key`)]: {
      Type: 'AWS::KMS::Key',
      ...DELETED_WITH_STACK,
      Properties: {
        Description: `Encrypts ${names.prefix}'s alert topics`,
        EnableKeyRotation: true,
        KeyPolicy: {
          Version: '2012-10-17',
          Statement: [
            { Sid: 'AccountAdministers', Effect: 'Allow', Principal: { AWS: sub('arn:${AWS::Partition}:iam::${AWS::AccountId}:root') }, Action: 'kms:*', Resource: '*' },
            {
              Sid: 'CloudWatchPublishesToEncryptedTopics',
              Effect: 'Allow',
              Principal: { Service: 'cloudwatch.amazonaws.com' },
              Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
              Resource: '*',
              // Confused-deputy guard: only on behalf of this service's alarms in this account and region.
              Condition: {
                StringEquals: { 'aws:SourceAccount': sub('${AWS::AccountId}') },
                ArnLike: { 'aws:SourceArn': alarmArns(names) },
              },
            },
          ],
        },
      },
    },
    [names.logicalId(`${names.prefix}-alerts-key-alias`)]: {
      Type: 'AWS::KMS::Alias',
      Properties: { AliasName: `alias/${names.prefix}-alerts`, TargetKeyId: { Ref: names.logicalId(`${names.prefix}-alerts-key`) } },
    },
  };
}

/** A tier's topic, encrypted, publishable only by this account's CloudWatch alarms of this service. */
function tierTopic(names: Naming, ids: RoutingIds, tier: RoutedTier): Record<string, CfnResource> {
  const topic = ids.topics[tier];
  return {
    [topic]: { Type: 'AWS::SNS::Topic', Properties: { TopicName: names.tier(tier), DisplayName: `${names.prefix} ${tier} alerts`, KmsMasterKeyId: { Ref: ids.key } } },
    [`${topic}Policy`]: {
      Type: 'AWS::SNS::TopicPolicy',
      Properties: {
        Topics: [{ Ref: topic }],
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'OnlyThisServicesAlarmsPublish',
              Effect: 'Allow',
              Principal: { Service: 'cloudwatch.amazonaws.com' },
              Action: 'sns:Publish',
              Resource: { Ref: topic },
              Condition: {
                StringEquals: { 'aws:SourceAccount': sub('${AWS::AccountId}') },
                ArnLike: { 'aws:SourceArn': alarmArns(names) },
              },
            },
            {
              Sid: 'TlsOnly',
              Effect: 'Deny',
              Principal: '*',
              Action: ['sns:Publish', 'sns:Subscribe'],
              Resource: { Ref: topic },
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            },
          ],
        },
      },
    },
  };
}

/** The email and HTTPS subscriptions of a tier's topic, as the stage's policy gives them. */
function tierSubscriptions(notify: TierNotifications, ids: RoutingIds, tier: RoutedTier): Record<string, CfnResource> {
  const entries = [...(notify.email ?? []).map((endpoint) => ({ protocol: 'email', endpoint })), ...(notify.https ?? []).map((endpoint) => ({ protocol: 'https', endpoint }))];
  return Object.fromEntries(
    entries.map(({ protocol, endpoint }, i) => [
      `${ids.topics[tier]}${protocol === 'email' ? 'Email' : 'Https'}${i}`,
      { Type: 'AWS::SNS::Subscription', Properties: { TopicArn: { Ref: ids.topics[tier] }, Protocol: protocol, Endpoint: endpoint } },
    ]),
  );
}

/**
 * The Slack notifier's plumbing: subscribed to every routed topic; invoked asynchronously by SNS,
 * retried by Lambda, and its undeliverable alerts kept in an encrypted dead letter queue for 14 days;
 * allowed to read its webhook parameters and nothing else.
 */
function notifierWiring(names: Naming, ids: RoutingIds, notifier: DeployedNotifier): Record<string, CfnResource> {
  const queue = ids.deadLetterQueue!;
  const fn = { Ref: notifier.functionLogicalId };
  const resources: Record<string, CfnResource> = {
    [queue]: {
      Type: 'AWS::SQS::Queue',
      ...DELETED_WITH_STACK,
      Properties: { QueueName: deadLetterQueueName(names.prefix), MessageRetentionPeriod: 1_209_600, SqsManagedSseEnabled: true },
    },
    [names.logicalId(`${names.prefix}-notifier-invoke-config`)]: {
      Type: 'AWS::Lambda::EventInvokeConfig',
      Properties: {
        FunctionName: fn,
        Qualifier: '$LATEST',
        MaximumRetryAttempts: NOTIFIER_RETRY_ATTEMPTS,
        MaximumEventAgeInSeconds: 21_600,
        DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queue, 'Arn'] } } },
      },
    },
    [names.logicalId(`${names.prefix}-notifier-policy`)]: {
      Type: 'AWS::IAM::Policy',
      Properties: {
        PolicyName: `${names.prefix}-slack-notifier`,
        Roles: [{ Ref: notifier.roleLogicalId }],
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: [{ 'Fn::GetAtt': [queue, 'Arn'] }] },
            {
              Effect: 'Allow',
              Action: ['ssm:GetParameter'],
              Resource: [accountArn('ssm', `parameter${notifier.webhookParameter.replace('{tier}', '*')}`)],
            },
          ],
        },
      },
    },
  };
  for (const tier of ROUTED_TIERS) {
    const topic = ids.topics[tier];
    resources[`${topic}Notifier`] = { Type: 'AWS::SNS::Subscription', Properties: { TopicArn: { Ref: topic }, Protocol: 'lambda', Endpoint: { 'Fn::GetAtt': [notifier.functionLogicalId, 'Arn'] } } };
    resources[`${topic}NotifierPermission`] = {
      Type: 'AWS::Lambda::Permission',
      Properties: { Action: 'lambda:InvokeFunction', FunctionName: fn, Principal: 'sns.amazonaws.com', SourceArn: { Ref: topic } },
    };
  }
  return resources;
}

/**
 * KMS key, per-tier topics with their policies, the email and HTTPS subscriptions `stage` gets by the
 * catalog's stage policy (see {@link stageNotifications}), and the notifier's wiring (every stage).
 */
export function createRouting(catalog: ServiceDefinition, names: Naming, notifier: DeployedNotifier | undefined, stage: string): { ids: RoutingIds; resources: Record<string, CfnResource> } {
  const ids = routingIds(names, notifier);
  const resources: Record<string, CfnResource> = { ...alertsKey(names) };
  const notifications = stageNotifications(catalog, stage);
  for (const tier of ROUTED_TIERS) Object.assign(resources, tierTopic(names, ids, tier), tierSubscriptions(notifications[tier], ids, tier));
  if (notifier !== undefined) Object.assign(resources, notifierWiring(names, ids, notifier));
  return { ids, resources };
}
