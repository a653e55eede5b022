import { type CfnResource, type GeneratedAlarms, generateAlarms } from '../../../alarms';
import { ordersServiceResources } from '../../../deploy/service-resources';
import { catalog } from '../../../observability.config';
import { resolveSub } from '../../../tools/emulators/cloudwatch/alarm-evaluator';
import { matchesEventPattern, transformInput } from '../../../tools/emulators/eventbridge/event-pattern';

type Props = Record<string, any>;

const ACCOUNT = { region: 'us-east-1', accountId: '123456789012' };

/** A value of the template with its `Fn::Sub`s resolved as CloudFormation would in ACCOUNT. */
function resolved(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(resolved);
  if (typeof value !== 'object' || value === null) return value;
  if ('Fn::Sub' in value) return resolveSub(value as { 'Fn::Sub': string }, ACCOUNT, 'a test value');
  return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, resolved(v)]));
}

/** A "CloudWatch Alarm State Change" event of `alarmName` going to `state`, in ACCOUNT, as CloudWatch sends it. */
const stateChange = (alarmName: string, state: string, overrides: Props = {}): Props => ({
  version: '0',
  id: 'c4c1c1c9-6542-e61b-6ef0-8c4d36933a92',
  'detail-type': 'CloudWatch Alarm State Change',
  source: 'aws.cloudwatch',
  account: ACCOUNT.accountId,
  time: '2026-11-23T10:05:10Z',
  region: ACCOUNT.region,
  resources: [`arn:aws:cloudwatch:${ACCOUNT.region}:${ACCOUNT.accountId}:alarm:${alarmName}`],
  detail: { alarmName, configuration: { description: '' }, previousState: { value: 'OK' }, state: { value: state, timestamp: '2026-11-23T10:05:10.415+0000' } },
  ...overrides,
});

describe('the alarm state change rule of the orders service at prod', () => {
  let generated: GeneratedAlarms;
  const ofType = (type: string): [string, Props][] =>
    Object.entries(generated.resources)
      .filter(([, r]) => r.Type === type)
      .map(([id, r]) => [id, r.Properties as Props]);
  const named = (name: string): Props => {
    const found = Object.values(generated.resources).find((r: CfnResource) => r.Properties.AlarmName === name);
    if (!found) throw new Error(`no alarm named ${name}`);
    return found.Properties as Props;
  };
  const ruleNamed = (name: string): [string, Props] => {
    const rules = ofType('AWS::Events::Rule').filter(([, rule]) => rule.Name === name);
    expect(rules).toHaveLength(1);
    return rules[0]!;
  };
  const theRule = (): [string, Props] => ruleNamed('orders-prod-alarm-state-changes');
  const theTarget = (): Props => {
    const targets = theRule()[1].Targets as Props[];
    expect(targets).toHaveLength(1);
    return targets[0]!;
  };
  const deadLetterQueueId = (): string => {
    const queues = ofType('AWS::SQS::Queue');
    expect(queues).toHaveLength(1);
    return queues[0]![0];
  };

  beforeAll(() => {
    generated = generateAlarms(catalog, ordersServiceResources('prod'));
  });

  it('sends the ALARM and OK changes of every orders-prod alarm, and nothing else, to the notifier', () => {
    // Prepare
    const [, rule] = theRule();
    const pattern = resolved(rule.EventPattern);
    const someMember = 'orders-prod-create-order-throttles-warning';

    // Act
    const matches = (event: Props): boolean => matchesEventPattern(pattern, event);

    // Assess
    expect(rule.State).toBe('ENABLED');
    expect(rule.Name).toBe('orders-prod-alarm-state-changes');
    expect(matches(stateChange(someMember, 'ALARM'))).toBe(true);
    expect(matches(stateChange(someMember, 'OK'))).toBe(true);
    expect(matches(stateChange('orders-prod-critical', 'ALARM'))).toBe(true);
    expect(matches(stateChange(someMember, 'INSUFFICIENT_DATA'))).toBe(false);
    expect(matches(stateChange('orders-dev-create-order-throttles-warning', 'ALARM'))).toBe(false);
    expect(matches(stateChange('payments-prod-api-5xx-rate-critical', 'ALARM'))).toBe(false);
    expect(matches(stateChange(someMember, 'ALARM', { account: '210987654321', resources: [`arn:aws:cloudwatch:us-east-1:210987654321:alarm:${someMember}`] }))).toBe(false);
    expect(matches(stateChange(someMember, 'ALARM', { 'detail-type': 'CloudWatch Alarm Configuration Change' }))).toBe(false);
    expect(matches(stateChange(someMember, 'ALARM', { source: 'aws.events' }))).toBe(false);
  });

  it('matches on the alarm ARN of this account and region, from the source and detail type CloudWatch documents', () => {
    // Assess
    expect(theRule()[1].EventPattern).toEqual({
      source: ['aws.cloudwatch'],
      'detail-type': ['CloudWatch Alarm State Change'],
      resources: [{ prefix: { 'Fn::Sub': 'arn:${AWS::Partition}:cloudwatch:${AWS::Region}:${AWS::AccountId}:alarm:orders-prod-' } }],
      detail: { state: { value: ['ALARM', 'OK'] } },
    });
  });

  it('invokes the Slack notifier with the event wrapped in what it needs: the tier composites and the deploy suppressor', () => {
    // Prepare
    const target = theTarget();
    const event = stateChange('orders-prod-create-order-throttles-warning', 'ALARM');

    // Act
    const input = transformInput(target.InputTransformer.InputTemplate, event) as Props;

    // Assess
    expect(target.Arn).toEqual({ 'Fn::GetAtt': ['SlackNotifierLambdaFunction', 'Arn'] });
    expect(target.InputTransformer.InputPathsMap).toEqual({});
    expect(input).toEqual({
      periscope: {
        tiers: { critical: 'orders-prod-critical', warning: 'orders-prod-warning' },
        suppressor: 'orders-prod-deploy-in-progress-info',
        suppressorWaitSeconds: 120,
        suppressorExtensionSeconds: 300,
      },
      event,
    });
  });

  it('tells the notifier the composites’ own suppressor settings, so it holds back exactly when they do', () => {
    // Prepare
    const { periscope } = transformInput(theTarget().InputTransformer.InputTemplate, {}) as { periscope: Props };

    // Act
    const composites = [named(periscope.tiers.critical), named(periscope.tiers.warning)];

    // Assess
    expect(generated.alarms.filter((a) => a.kind === 'composite' && a.hasActions).map((a) => a.name)).toEqual([periscope.tiers.critical, periscope.tiers.warning]);
    for (const composite of composites) {
      expect(composite).toMatchObject({
        ActionsSuppressor: periscope.suppressor,
        ActionsSuppressorWaitPeriod: periscope.suppressorWaitSeconds,
        ActionsSuppressorExtensionPeriod: periscope.suppressorExtensionSeconds,
      });
    }
    expect(named(periscope.suppressor).AlarmName).toBe('orders-prod-deploy-in-progress-info');
  });

  it('retries a delivery EventBridge could not make for an hour, then keeps it in the alerts’ dead letter queue', () => {
    // Prepare
    const queueId = deadLetterQueueId();

    // Act
    const target = theTarget();

    // Assess
    expect(target.RetryPolicy).toEqual({ MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 3600 });
    expect(target.DeadLetterConfig).toEqual({ Arn: { 'Fn::GetAtt': [queueId, 'Arn'] } });
    // The same queue Lambda keeps the topics' undelivered alerts in, whose depth alarm pages.
    expect(ofType('AWS::Lambda::EventInvokeConfig')[0]![1].DestinationConfig.OnFailure.Destination).toEqual({ 'Fn::GetAtt': [queueId, 'Arn'] });
  });

  it('lets EventBridge invoke the notifier for its own rules only: alarm state changes and stack updates', () => {
    // Prepare
    const rules = [theRule()[0], ruleNamed('orders-prod-stack-updates')[0]];

    // Act
    const fromEventBridge = ofType('AWS::Lambda::Permission').filter(([, p]) => p.Principal === 'events.amazonaws.com');

    // Assess
    expect(fromEventBridge.map(([, p]) => p)).toEqual(
      rules.map((ruleId) => ({
        Action: 'lambda:InvokeFunction',
        FunctionName: { Ref: 'SlackNotifierLambdaFunction' },
        Principal: 'events.amazonaws.com',
        SourceArn: { 'Fn::GetAtt': [ruleId, 'Arn'] },
      })),
    );
  });

  it('lets EventBridge write undelivered events to the dead letter queue for those rules only, in the queue’s one policy', () => {
    // Prepare
    const rules = [theRule()[0], ruleNamed('orders-prod-stack-updates')[0]];
    const queueId = deadLetterQueueId();

    // Act
    const policies = ofType('AWS::SQS::QueuePolicy');

    // Assess
    // A queue has one policy: a second QueuePolicy on it would replace this one.
    expect(policies).toHaveLength(1);
    const [, policy] = policies[0]!;
    expect(policy.Queues).toEqual([{ Ref: queueId }]);
    expect(policy.PolicyDocument.Statement).toEqual([
      expect.objectContaining({
        Effect: 'Allow',
        Principal: { Service: 'events.amazonaws.com' },
        Action: 'sqs:SendMessage',
        Resource: { 'Fn::GetAtt': [queueId, 'Arn'] },
        Condition: { ArnEquals: { 'aws:SourceArn': rules.map((ruleId) => ({ 'Fn::GetAtt': [ruleId, 'Arn'] })) } },
      }),
    ]);
  });

  it('lets the notifier read the states of this service’s alarms and put deploy markers, and do nothing else in CloudWatch', () => {
    // Prepare
    const { periscope } = transformInput(theTarget().InputTransformer.InputTemplate, {}) as { periscope: Props };
    const statements = ofType('AWS::IAM::Policy').flatMap(([, p]) => (p.PolicyDocument.Statement as Props[]).map((s): Props => ({ ...s, roles: p.Roles })));

    // Act
    const cloudWatch = statements.filter((s) => [s.Action].flat().some((action: string) => action.startsWith('cloudwatch:')));

    // Assess
    expect(cloudWatch).toEqual([
      {
        Effect: 'Allow',
        Action: ['cloudwatch:DescribeAlarms'],
        Resource: [{ 'Fn::Sub': 'arn:${AWS::Partition}:cloudwatch:${AWS::Region}:${AWS::AccountId}:alarm:orders-prod-*' }],
        roles: [{ Ref: 'SlackNotifierRole' }],
      },
      // PutMetricData has no resource to scope: the namespace condition is its least privilege.
      { Effect: 'Allow', Action: 'cloudwatch:PutMetricData', Resource: '*', Condition: { StringEquals: { 'cloudwatch:namespace': 'Periscope/Deployments' } }, roles: [{ Ref: 'SlackNotifierRole' }] },
    ]);
    // Every alarm the notifier reads is within it.
    for (const name of [periscope.tiers.critical, periscope.tiers.warning, periscope.suppressor]) expect(name).toMatch(/^orders-prod-/);
  });

  it('sends the orders-prod stack’s status changes, and no other stack’s, to the notifier with where to mark deploys', () => {
    // Prepare
    const [, rule] = ruleNamed('orders-prod-stack-updates');
    const stackEvent = (stack: string, status: string): Props => ({
      version: '0',
      id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
      'detail-type': 'CloudFormation Stack Status Change',
      source: 'aws.cloudformation',
      account: ACCOUNT.accountId,
      time: '2026-11-23T10:05:10Z',
      region: ACCOUNT.region,
      resources: [`arn:aws:cloudformation:us-east-1:123456789012:stack/${stack}/a6fa5310-c8d1-11f0-8f1c-0a1b2c3d4e5f`],
      detail: { 'stack-id': `arn:aws:cloudformation:us-east-1:123456789012:stack/${stack}/a6fa5310-c8d1-11f0-8f1c-0a1b2c3d4e5f`, 'status-details': { status, 'status-reason': '' } },
    });
    const matches = (event: Props): boolean => matchesEventPattern(resolved(rule.EventPattern), event);

    // Act
    const input = transformInput(rule.Targets[0].InputTransformer.InputTemplate, stackEvent('periscope-orders-prod', 'UPDATE_IN_PROGRESS')) as Props;

    // Assess
    expect(matches(stackEvent('periscope-orders-prod', 'UPDATE_IN_PROGRESS'))).toBe(true);
    expect(matches(stackEvent('periscope-orders-prod', 'UPDATE_COMPLETE'))).toBe(true);
    expect(matches(stackEvent('periscope-orders-prod-canary', 'UPDATE_COMPLETE'))).toBe(false);
    expect(matches(stackEvent('periscope-orders-dev', 'UPDATE_COMPLETE'))).toBe(false);
    expect(input.periscope).toEqual({ marker: { namespace: 'Periscope/Deployments', started: 'DeployStarted', finished: 'DeployFinished', dimensions: { Service: 'orders', Stage: 'prod' } } });
    expect(rule.Targets[0].DeadLetterConfig).toEqual({ Arn: { 'Fn::GetAtt': [deadLetterQueueId(), 'Arn'] } });
  });

  it('adds no rule, permission or policy for alarm state changes when the service deploys no notifier', () => {
    // Prepare
    const { notifier: _notifier, ...withoutNotifier } = ordersServiceResources('prod');

    // Act
    const resources = Object.values(generateAlarms(catalog, withoutNotifier).resources);

    // Assess
    expect(resources.filter((r) => r.Type === 'AWS::Events::Rule')).toEqual([]);
    expect(JSON.stringify(resources)).not.toContain('cloudwatch:DescribeAlarms');
    expect(JSON.stringify(resources)).not.toContain('events.amazonaws.com');
  });
});
