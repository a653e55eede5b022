import { type DeliveryConfig, type GeneratedDelivery, generateAlarms, generateDelivery, type ServiceResources } from '../../../alarms';
import { generateDashboards } from '../../../dashboards';
import { ordersServiceResources } from '../../../deploy/service-resources';
import { catalog } from '../../../observability.config';
import { CHANGE_EVENT, defineService, type ServiceDefinition } from '../../../src/catalog';
import { resolveSub } from '../../../tools/emulators/cloudwatch/alarm-evaluator';
import { codeDeployDeploymentEvent, stackIdOf, stackStatusChangeEvent } from '../../../tools/emulators/codedeploy/events';
import { matchesEventPattern } from '../../../tools/emulators/eventbridge/event-pattern';

type Props = Record<string, any>;

const ACCOUNT = { region: 'us-east-1', accountId: '123456789012' };
const DELIVERY = (stage: string) => ({ functionLogicalId: 'DeliveryMetricsLambdaFunction', roleLogicalId: 'DeliveryMetricsRole', functionName: `periscope-orders-${stage}-deliveryMetrics` });

/** The sample orders service at `stage`, as deployed with its delivery-metrics function. */
const resourcesAt = (stage: string): ServiceResources & { delivery: ReturnType<typeof DELIVERY>; stackName: string } => ({
  ...ordersServiceResources(stage),
  delivery: DELIVERY(stage),
  stackName: `periscope-orders-${stage}`,
});

const generate = (stage: string, definition: ServiceDefinition = catalog): GeneratedDelivery => generateDelivery(definition, resourcesAt(stage));

/** A value of the template with its `Fn::Sub`s resolved as CloudFormation would in ACCOUNT. */
function resolved(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(resolved);
  if (typeof value !== 'object' || value === null) return value;
  if ('Fn::Sub' in value) return resolveSub(value as { 'Fn::Sub': string }, ACCOUNT, 'a test value');
  return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, resolved(v)]));
}

const ofType = (generated: GeneratedDelivery, type: string): [string, Props][] =>
  Object.entries(generated.resources)
    .filter(([, r]) => r.Type === type)
    .map(([id, r]) => [id, r.Properties as Props]);

/** The rule named `name`, its pattern resolved in ACCOUNT. */
const ruleNamed = (generated: GeneratedDelivery, name: string): { id: string; properties: Props; pattern: Props } => {
  const found = ofType(generated, 'AWS::Events::Rule').find(([, rule]) => rule.Name === name);
  if (found === undefined) throw new Error(`no rule ${name}: ${generated.rules.join(', ')}`);
  return { id: found[0], properties: found[1], pattern: resolved(found[1].EventPattern) as Props };
};

const stackEvent = (stackName: string) =>
  stackStatusChangeEvent({ stackId: stackIdOf(stackName, ACCOUNT), status: 'UPDATE_COMPLETE', reason: '', clientRequestToken: 'token', at: Date.UTC(2026, 0, 5, 10) }, ACCOUNT);
const alarmEvent = (alarmName: string) => ({
  source: 'aws.cloudwatch',
  'detail-type': 'CloudWatch Alarm State Change',
  resources: [`arn:aws:cloudwatch:${ACCOUNT.region}:${ACCOUNT.accountId}:alarm:${alarmName}`],
  detail: { alarmName, state: { value: 'ALARM' }, previousState: { value: 'OK' } },
});
const changeEvent = (service: string, stage: string, source: string = CHANGE_EVENT.source) => ({
  source,
  'detail-type': CHANGE_EVENT.detailType,
  detail: { service, stage, commit: '0123456789abcdef0123456789abcdef01234567', fix: false },
});

describe('generateDelivery for the orders service', () => {
  const prod = generate('prod');
  const dev = generate('dev');

  it('keeps deployments and incidents in an on-demand table with pk/sk keys, a TTL on expiresAt, point-in-time recovery and encryption, left out of the alarms', () => {
    // Act
    const tables = ofType(prod, 'AWS::DynamoDB::Table');

    // Assess
    expect(tables).toEqual([
      [
        'PeriscopeOrdersProdDelivery',
        {
          TableName: 'orders-prod-delivery',
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
          // Bookkeeping: its failures show on the delivery function, not as table alarms of the service.
          Tags: [{ Key: 'periscope:monitor', Value: 'false' }],
        },
      ],
    ]);
    expect(prod.config.table).toBe('orders-prod-delivery');
  });

  it('deletes its table and dead letter queue with the stack, the policies written down rather than left to defaults', () => {
    // Act
    const stateful = Object.entries(prod.resources).filter(([, r]) => r.Type === 'AWS::DynamoDB::Table' || r.Type === 'AWS::SQS::Queue');

    // Assess
    expect(stateful.map(([id, r]) => [id, r.DeletionPolicy, r.UpdateReplacePolicy])).toEqual([
      ['PeriscopeOrdersProdDelivery', 'Delete', 'Delete'],
      ['PeriscopeOrdersProdDeliveryDeadLetter', 'Delete', 'Delete'],
    ]);
  });

  it('listens at prod to the stack, its CodeDeploy application, its alarms and its change announcements: four rules', () => {
    // Assess
    expect(prod.rules).toEqual(['orders-prod-delivery-stack-updates', 'orders-prod-delivery-deployments', 'orders-prod-delivery-alarms', 'orders-prod-delivery-changes']);
    expect(ofType(prod, 'AWS::Events::Rule').map(([, rule]) => rule.State)).toEqual(['ENABLED', 'ENABLED', 'ENABLED', 'ENABLED']);
  });

  it('has no CodeDeploy rule at dev, where every function deploys all at once', () => {
    // Assess
    expect(dev.rules).toEqual(['orders-dev-delivery-stack-updates', 'orders-dev-delivery-alarms', 'orders-dev-delivery-changes']);
    expect(JSON.stringify(dev.resources)).not.toContain('aws.codedeploy');
    expect(dev.config).not.toHaveProperty('application');
    expect(prod.config.application).toBe('orders-prod');
  });

  it('takes the status changes of its own stack only, not of a stack whose name merely starts the same', () => {
    // Prepare
    const { pattern } = ruleNamed(prod, 'orders-prod-delivery-stack-updates');

    // Assess
    expect(pattern).toEqual({
      source: ['aws.cloudformation'],
      'detail-type': ['CloudFormation Stack Status Change'],
      resources: [{ prefix: 'arn:aws:cloudformation:us-east-1:123456789012:stack/periscope-orders-prod/' }],
    });
    expect(matchesEventPattern(pattern, stackEvent('periscope-orders-prod'))).toBe(true);
    expect(matchesEventPattern(pattern, stackEvent('periscope-orders-prod-canary'))).toBe(false);
    expect(matchesEventPattern(pattern, stackEvent('periscope-orders-dev'))).toBe(false);
  });

  it('takes the deployments of its CodeDeploy application at prod, not another stage’s', () => {
    // Prepare
    const { pattern } = ruleNamed(prod, 'orders-prod-delivery-deployments');
    const deployment = (application: string) =>
      codeDeployDeploymentEvent({ application, deploymentGroup: `${application}-create-order`, deploymentId: 'd-ABCDEFGHI', state: 'SUCCESS', at: Date.UTC(2026, 0, 5, 10) }, ACCOUNT);

    // Assess
    expect(pattern).toEqual({ source: ['aws.codedeploy'], 'detail-type': ['CodeDeploy Deployment State-change Notification'], detail: { application: ['orders-prod'] } });
    expect(matchesEventPattern(pattern, deployment('orders-prod'))).toBe(true);
    expect(matchesEventPattern(pattern, deployment('orders-dev'))).toBe(false);
  });

  it('takes the state changes of this service’s alarms at this stage, the critical composite among them', () => {
    // Prepare
    const { pattern } = ruleNamed(prod, 'orders-prod-delivery-alarms');

    // Assess
    expect(pattern).toEqual({ source: ['aws.cloudwatch'], 'detail-type': ['CloudWatch Alarm State Change'], detail: { alarmName: [{ prefix: 'orders-prod-' }] } });
    expect(matchesEventPattern(pattern, alarmEvent(prod.config.incidentAlarm))).toBe(true);
    expect(matchesEventPattern(pattern, alarmEvent('orders-prod-create-order-errors-warning'))).toBe(true);
    expect(matchesEventPattern(pattern, alarmEvent('orders-dev-critical'))).toBe(false);
    expect(matchesEventPattern(pattern, alarmEvent('payments-prod-critical'))).toBe(false);
  });

  it('takes the plugin’s change announcements for this service and stage only', () => {
    // Prepare
    const { pattern } = ruleNamed(prod, 'orders-prod-delivery-changes');

    // Assess
    expect(pattern).toEqual({ source: ['periscope.delivery'], 'detail-type': ['Periscope Deployment Change'], detail: { service: ['orders'], stage: ['prod'] } });
    expect(matchesEventPattern(pattern, changeEvent('orders', 'prod'))).toBe(true);
    expect(matchesEventPattern(pattern, changeEvent('orders', 'dev'))).toBe(false);
    expect(matchesEventPattern(pattern, changeEvent('payments', 'prod'))).toBe(false);
    expect(matchesEventPattern(pattern, changeEvent('orders', 'prod', 'someone.else'))).toBe(false);
  });

  it.each(['prod', 'dev'])('sends each rule’s events, as EventBridge has them, to the delivery function alone, which only that rule may invoke (%s)', (stage) => {
    // Prepare
    const generated = stage === 'prod' ? prod : dev;
    const rules = ofType(generated, 'AWS::Events::Rule');
    const permissions = ofType(generated, 'AWS::Lambda::Permission');

    // Assess
    for (const [id, rule] of rules) {
      expect(rule.Targets).toEqual([
        {
          Id: 'delivery-metrics',
          Arn: { 'Fn::GetAtt': ['DeliveryMetricsLambdaFunction', 'Arn'] },
          RetryPolicy: { MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 3600 },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [`PeriscopeOrders${stage === 'prod' ? 'Prod' : 'Dev'}DeliveryDeadLetter`, 'Arn'] } },
        },
      ]);
      expect(generated.resources[`${id}Permission`]?.Properties).toEqual({
        Action: 'lambda:InvokeFunction',
        FunctionName: { Ref: 'DeliveryMetricsLambdaFunction' },
        Principal: 'events.amazonaws.com',
        SourceArn: { 'Fn::GetAtt': [id, 'Arn'] },
      });
    }
    // One permission per rule, none broader
    expect(permissions.map(([id]) => id)).toEqual(rules.map(([id]) => `${id}Permission`));
  });

  it('keeps what neither the rules nor Lambda’s retries delivered in an encrypted queue only these rules may write to', () => {
    // Prepare
    const ruleIds = ofType(prod, 'AWS::Events::Rule').map(([id]) => id);

    // Act
    const queues = ofType(prod, 'AWS::SQS::Queue');
    const [[, policy]] = ofType(prod, 'AWS::SQS::QueuePolicy') as [[string, Props]];
    const [[, invoke]] = ofType(prod, 'AWS::Lambda::EventInvokeConfig') as [[string, Props]];

    // Assess
    expect(queues).toEqual([['PeriscopeOrdersProdDeliveryDeadLetter', { QueueName: 'orders-prod-delivery-dead-letter', MessageRetentionPeriod: 1_209_600, SqsManagedSseEnabled: true }]]);
    expect(policy.Queues).toEqual([{ Ref: 'PeriscopeOrdersProdDeliveryDeadLetter' }]);
    expect(policy.PolicyDocument.Statement).toEqual([
      {
        Sid: 'TheDeliveryRulesKeepUndeliveredEvents',
        Effect: 'Allow',
        Principal: { Service: 'events.amazonaws.com' },
        Action: 'sqs:SendMessage',
        Resource: { 'Fn::GetAtt': ['PeriscopeOrdersProdDeliveryDeadLetter', 'Arn'] },
        Condition: { ArnEquals: { 'aws:SourceArn': ruleIds.map((id) => ({ 'Fn::GetAtt': [id, 'Arn'] })) } },
      },
    ]);
    expect(ruleIds).toHaveLength(4);
    expect(invoke).toEqual({
      FunctionName: { Ref: 'DeliveryMetricsLambdaFunction' },
      Qualifier: '$LATEST',
      MaximumRetryAttempts: 2,
      MaximumEventAgeInSeconds: 21_600,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': ['PeriscopeOrdersProdDeliveryDeadLetter', 'Arn'] } } },
    });
  });

  it('grants the delivery function’s own role its table, the operations dashboard, metric reads and its queue, and nothing else', () => {
    // Act
    const policies = ofType(prod, 'AWS::IAM::Policy');

    // Assess
    expect(policies).toHaveLength(1);
    expect(ofType(prod, 'AWS::IAM::Role')).toEqual([]);
    const [[, policy]] = policies as [[string, Props]];
    expect(policy.Roles).toEqual([{ Ref: 'DeliveryMetricsRole' }]);
    expect(resolved(policy.PolicyDocument)).toEqual({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: ['dynamodb:PutItem', 'dynamodb:Query'], Resource: { 'Fn::GetAtt': ['PeriscopeOrdersProdDelivery', 'Arn'] } },
        { Effect: 'Allow', Action: ['cloudwatch:GetDashboard', 'cloudwatch:PutDashboard'], Resource: 'arn:aws:cloudwatch::123456789012:dashboard/orders-prod-operations' },
        // GetMetricData has no resource-level permissions: "*" is the only resource it takes.
        { Effect: 'Allow', Action: 'cloudwatch:GetMetricData', Resource: '*' },
        { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: { 'Fn::GetAtt': ['PeriscopeOrdersProdDeliveryDeadLetter', 'Arn'] } },
      ],
    });
  });

  it('tells the function, in its configuration, what to watch and where to write at prod', () => {
    // Prepare
    const logGroup = (fn: string) => `/aws/lambda/periscope-orders-prod-${fn}`;

    // Assess
    expect(prod.config).toEqual<DeliveryConfig>({
      service: 'orders',
      stage: 'prod',
      table: 'orders-prod-delivery',
      stackName: 'periscope-orders-prod',
      application: 'orders-prod',
      incidentAlarm: 'orders-prod-critical',
      alarmPrefix: 'orders-prod-',
      changeWindowMinutes: 60,
      dashboard: 'orders-prod-operations',
      logGroups: ['createOrder', 'getOrder', 'listOrders', 'fulfilOrder', 'routeNotFound'].map(logGroup),
      api: { name: 'prod-periscope-orders', stage: 'prod' },
      functionNames: ['createOrder', 'getOrder', 'listOrders', 'fulfilOrder', 'routeNotFound'].map((fn) => `periscope-orders-prod-${fn}`),
      availabilityTarget: 99.9,
      sloWindowDays: 28,
    });
  });

  it('names, at dev as at prod, the critical composite and the operations dashboard the alarms and dashboards generate', () => {
    // Prepare
    const resources = resourcesAt('dev');
    const alarms = generateAlarms(catalog, resources);
    const composites = Object.values(alarms.resources)
      .filter((r) => r.Type === 'AWS::CloudWatch::CompositeAlarm')
      .map((r) => r.Properties.AlarmName);

    // Act
    const dashboards = generateDashboards(catalog, resources, { alarms: alarms.alarms });

    // Assess
    expect(composites).toContain(dev.config.incidentAlarm);
    expect(dev.config.dashboard).toBe(dashboards.ops.name);
    expect(dev.config).toEqual({
      ...prod.config,
      stage: 'dev',
      table: 'orders-dev-delivery',
      stackName: 'periscope-orders-dev',
      application: undefined,
      incidentAlarm: 'orders-dev-critical',
      alarmPrefix: 'orders-dev-',
      dashboard: 'orders-dev-operations',
      logGroups: prod.config.logGroups.map((group) => group.replace('-prod-', '-dev-')),
      api: { name: 'dev-periscope-orders', stage: 'dev' },
      functionNames: prod.config.functionNames.map((fn) => fn.replace('-prod-', '-dev-')),
    });
  });

  it('watches the catalog’s functions only: not a function the catalog leaves out', () => {
    // Prepare
    const resources = resourcesAt('prod');
    const withExtra = { ...resources, functions: [...resources.functions, { name: 'nightlyExport', functionName: 'periscope-orders-prod-nightlyExport', timeoutSeconds: 60 }] };

    // Act
    const config = generateDelivery(catalog, withExtra).config;

    // Assess
    expect(config.functionNames).toEqual(prod.config.functionNames);
    expect(config.logGroups).toEqual(prod.config.logGroups);
    expect(config.functionNames.join(' ')).not.toContain('nightlyExport');
  });

  it('takes the catalog’s change window, and holds the availability target of its tightest SLO', () => {
    // Prepare
    const strict = defineService({
      ...catalog,
      delivery: { changeWindowMinutes: 90 },
      slos: [
        { name: 'orders-read', functions: ['getOrder'], availabilityTarget: 99.5, latencyP99Ms: 800, windowDays: 7 },
        { name: 'orders-write', functions: ['createOrder'], availabilityTarget: 99.95, latencyP99Ms: 1000, windowDays: 30 },
      ],
    } as ServiceDefinition);

    // Act
    const config = generate('prod', strict).config;

    // Assess
    expect(config).toMatchObject({ changeWindowMinutes: 90, availabilityTarget: 99.95, sloWindowDays: 30 });
  });

  it('names no API and no availability target for a service without them, and keeps the default 28-day SLO window', () => {
    // Prepare
    const { api: _api, ...withoutApi } = resourcesAt('prod');
    const withoutSlos = defineService({ ...catalog, slos: [] } as ServiceDefinition);

    // Act
    const config = generateDelivery(withoutSlos, withoutApi).config;

    // Assess
    expect(config).not.toHaveProperty('api');
    expect(config).not.toHaveProperty('availabilityTarget');
    expect(config.sloWindowDays).toBe(28);
  });

  it('gives the same JSON for the same input, and leaves its input as it was', () => {
    // Prepare
    const resources = resourcesAt('prod');
    const before = JSON.stringify({ catalog, resources });

    // Act
    const first = JSON.stringify(generateDelivery(catalog, resources));
    const again = JSON.stringify(generateDelivery(catalog, resources));

    // Assess
    expect(again).toBe(first);
    expect(JSON.stringify({ catalog, resources })).toBe(before);
  });

  it('uses no logical id the service’s alarms and dashboards use', () => {
    // Prepare
    const alarms = generateAlarms(catalog, resourcesAt('prod')).resources;

    // Assess
    expect(Object.keys(prod.resources).filter((id) => id in alarms)).toEqual([]);
  });
});
