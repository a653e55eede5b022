import type { DeliveryConfig } from '../../handlers/delivery/delivery-config';
import type { ServiceDefinition } from '../../src/catalog';
import { CHANGE_EVENT, changeWindowMinutesOf } from '../../src/catalog/delivery';
import { accountArn } from '../account-arn';
import { DELETED_WITH_STACK } from '../deletion-policy';
import { deploymentNaming } from '../deployments/naming';
import { shiftedFunctions } from '../deployments/strategy';
import { deadLetterPolicy, type FunctionRuleInput, functionRule, type RuleTarget } from '../event-rules';
import { dashboardName, naming } from '../naming';
import type { CfnResource, CfnValue, DeployedDeliveryFunction, ServiceResources } from '../types';

/** What {@link generateDelivery} returns. */
export interface GeneratedDelivery {
  /** The table, the dead letter queue and its policy, the rules and their permissions, the function's policy and invoke config. */
  readonly resources: Readonly<Record<string, CfnResource>>;
  /** The function's `PERISCOPE_DELIVERY` (its `DELIVERY_CONFIG_VARIABLE`). */
  readonly config: DeliveryConfig;
  /** The rules' names, for the plugin's report. */
  readonly rules: readonly string[];
}

/** The tightest SLO: the one that allows the fewest failures. */
const tightestSlo = (catalog: ServiceDefinition) => [...catalog.slos].sort((a, b) => b.availabilityTarget - a.availabilityTarget)[0];

/** The delivery table's name. */
export const deliveryTableName = (prefix: string): string => `${prefix}-delivery`;

/**
 * Generates what the delivery-metrics function needs, least privilege throughout:
 * - its table (`<service>-<stage>-delivery`: `pk`/`sk`, TTL on `expiresAt`, encrypted, point-in-time recovery);
 * - four EventBridge rules, each invoking only it: the stack's status changes, the CodeDeploy
 *   application's deployments (when the stage shifts traffic), the service's alarm state changes
 *   (`<service>-<stage>-*`), and the plugin's change announcements for this service and stage;
 * - a dead letter queue for events neither the rules nor Lambda's retries could deliver;
 * - a policy on its own role: `PutItem`/`Query` on its table, `GetDashboard`/`PutDashboard` on the
 *   operations dashboard, `GetMetricData` (no resource to scope), `SendMessage` to its queue;
 * - its `PERISCOPE_DELIVERY` configuration.
 *
 * Pure: same catalog and resources, same JSON.
 */
export function generateDelivery(catalog: ServiceDefinition, resources: ServiceResources & { readonly delivery: DeployedDeliveryFunction; readonly stackName: string }): GeneratedDelivery {
  const names = naming(catalog.service, resources.stage);
  const prefix = names.prefix;
  const delivery = resources.delivery;
  const table = deliveryTableName(prefix);
  const tableId = names.logicalId(table);
  const queue = names.logicalId(`${prefix}-delivery-dead-letter`);
  const target: RuleTarget = { functionLogicalId: delivery.functionLogicalId, targetId: 'delivery-metrics' };
  const application = shiftedFunctions(catalog, resources.stage).length > 0 ? deploymentNaming(prefix).application : undefined;
  const slo = tightestSlo(catalog);
  const catalogued = new Set(catalog.functions.map((fn) => fn.name));
  const functions = resources.functions.filter((fn) => catalogued.has(fn.name));
  const config: DeliveryConfig = {
    service: catalog.service,
    stage: resources.stage,
    table,
    stackName: resources.stackName,
    ...(application === undefined ? {} : { application }),
    incidentAlarm: names.tier('critical'),
    alarmPrefix: `${prefix}-`,
    changeWindowMinutes: changeWindowMinutesOf(catalog),
    dashboard: dashboardName(prefix, 'operations'),
    logGroups: functions.map((fn) => `/aws/lambda/${fn.functionName}`),
    ...(resources.api === undefined ? {} : { api: resources.api }),
    functionNames: functions.map((fn) => fn.functionName),
    ...(slo === undefined ? {} : { availabilityTarget: slo.availabilityTarget }),
    sloWindowDays: slo?.windowDays ?? 28,
  };

  const rules: FunctionRuleInput[] = [
    {
      name: `${prefix}-delivery-stack-updates`,
      description: `${resources.stackName}'s stack status changes, to the delivery metrics: each stack update is a deployment`,
      pattern: { source: ['aws.cloudformation'], 'detail-type': ['CloudFormation Stack Status Change'], resources: [{ prefix: accountArn('cloudformation', `stack/${resources.stackName}/`) }] },
      deadLetterQueue: queue,
    },
    ...(application === undefined
      ? []
      : [
          {
            name: `${prefix}-delivery-deployments`,
            description: `${application}'s CodeDeploy deployments, to the delivery metrics: the traffic shifts of a deployment, and deployments outside a stack update`,
            pattern: { source: ['aws.codedeploy'], 'detail-type': ['CodeDeploy Deployment State-change Notification'], detail: { application: [application] } },
            deadLetterQueue: queue,
          },
        ]),
    {
      name: `${prefix}-delivery-alarms`,
      description: `${prefix}'s alarm state changes, to the delivery metrics: the critical composite opens and closes incidents, the rest make their reviews' timelines`,
      pattern: { source: ['aws.cloudwatch'], 'detail-type': ['CloudWatch Alarm State Change'], detail: { alarmName: [{ prefix: `${prefix}-` }] } },
      deadLetterQueue: queue,
    },
    {
      name: `${prefix}-delivery-changes`,
      description: `The Periscope plugin's announcements of ${prefix}'s deploys (commit, commit time, version, fix), to the delivery metrics`,
      pattern: { source: [CHANGE_EVENT.source], 'detail-type': [CHANGE_EVENT.detailType], detail: { service: [catalog.service], stage: [resources.stage] } },
      deadLetterQueue: queue,
    },
  ];
  const ruleResources = Object.assign({}, ...rules.map((rule) => functionRule(names, target, rule))) as Record<string, CfnResource>;
  const ruleIds = rules.map((rule) => names.logicalId(rule.name));
  const queueArn: CfnValue = { 'Fn::GetAtt': [queue, 'Arn'] };

  return {
    config,
    rules: rules.map((rule) => rule.name),
    resources: {
      [tableId]: {
        Type: 'AWS::DynamoDB::Table',
        ...DELETED_WITH_STACK,
        Properties: {
          TableName: table,
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [
            { AttributeName: 'pk', AttributeType: 'S' },
            { AttributeName: 'sk', AttributeType: 'S' },
          ],
          KeySchema: [
            { AttributeName: 'pk', KeyType: 'HASH' },
            { AttributeName: 'sk', KeyType: 'RANGE' },
          ],
          TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          SSESpecification: { SSEEnabled: true },
          Tags: [{ Key: 'periscope:monitor', Value: 'false' }],
        },
      },
      [queue]: { Type: 'AWS::SQS::Queue', ...DELETED_WITH_STACK, Properties: { QueueName: `${prefix}-delivery-dead-letter`, MessageRetentionPeriod: 1_209_600, SqsManagedSseEnabled: true } },
      [`${queue}EventsPolicy`]: deadLetterPolicy(queue, ruleIds, 'TheDeliveryRulesKeepUndeliveredEvents'),
      ...ruleResources,
      [names.logicalId(`${prefix}-delivery-invoke-config`)]: {
        Type: 'AWS::Lambda::EventInvokeConfig',
        Properties: {
          FunctionName: { Ref: delivery.functionLogicalId },
          Qualifier: '$LATEST',
          MaximumRetryAttempts: 2,
          MaximumEventAgeInSeconds: 21_600,
          DestinationConfig: { OnFailure: { Destination: queueArn } },
        },
      },
      [names.logicalId(`${prefix}-delivery-policy`)]: {
        Type: 'AWS::IAM::Policy',
        Properties: {
          PolicyName: `${prefix}-delivery-metrics`,
          Roles: [{ Ref: delivery.roleLogicalId }],
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              { Effect: 'Allow', Action: ['dynamodb:PutItem', 'dynamodb:Query'], Resource: { 'Fn::GetAtt': [tableId, 'Arn'] } },
              {
                Effect: 'Allow',
                Action: ['cloudwatch:GetDashboard', 'cloudwatch:PutDashboard'],
                Resource: { 'Fn::Sub': `arn:\${AWS::Partition}:cloudwatch::\${AWS::AccountId}:dashboard/${config.dashboard}` },
              },
              // GetMetricData has no resource to scope (CloudWatch's service authorization reference).
              { Effect: 'Allow', Action: 'cloudwatch:GetMetricData', Resource: '*' },
              { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: queueArn },
            ],
          },
        },
      },
    },
  };
}
