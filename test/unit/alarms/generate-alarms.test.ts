import { AlarmGenerationError, type CfnResource, type GeneratedAlarms, generateAlarms, SUPPRESSION } from '../../../alarms';
import { ordersServiceResources } from '../../../deploy/service-resources';
import { catalog } from '../../../observability.config';
import { defineService, type ServiceDefinition } from '../../../src/catalog';

type Props = Record<string, any>;

describe('generateAlarms for the orders service', () => {
  let generated: GeneratedAlarms;
  const resourcesOf = (type: string): [string, Props][] =>
    Object.entries(generated.resources)
      .filter(([, r]) => r.Type === type)
      .map(([id, r]) => [id, r.Properties as Props]);
  const alarm = (name: string): Props => {
    const found = Object.values(generated.resources).find((r) => r.Properties.AlarmName === name);
    if (!found) throw new Error(`no alarm named ${name}; have ${generated.alarms.map((a) => a.name).join(', ')}`);
    return found.Properties as Props;
  };
  const metricAlarms = () => resourcesOf('AWS::CloudWatch::Alarm').map(([, p]) => p);
  const description = (props: Props): string => props.AlarmDescription['Fn::Sub'];

  beforeAll(() => {
    generated = generateAlarms(catalog, ordersServiceResources('dev'));
  });

  it('names every alarm service-stage-signal-tier, uniquely', () => {
    const names = generated.alarms.map((a) => a.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^orders-dev-[a-z0-9-]+-(critical|warning|info)$|^orders-dev-(critical|warning)$/);
    expect(names).toEqual(
      expect.arrayContaining([
        'orders-dev-critical',
        'orders-dev-warning',
        'orders-dev-api-5xx-rate-critical',
        'orders-dev-api-latency-p99-warning',
        'orders-dev-api-4xx-rate-info',
        'orders-dev-create-order-errors-warning',
        'orders-dev-create-order-throttles-warning',
        'orders-dev-create-order-duration-p99-warning',
        'orders-dev-dynamodb-orders-read-throttles-warning',
        'orders-dev-dynamodb-orders-by-customer-write-throttles-warning',
        'orders-dev-dynamodb-orders-system-errors-warning',
        'orders-dev-orders-stopped-warning',
        'orders-dev-orders-below-normal-info',
        'orders-dev-orders-api-fast-burn-critical',
        'orders-dev-orders-api-slow-burn-warning',
      ]),
    );
  });

  it('gives actions only to the tier composites and the alert path’s own alarms, so one incident sends one page', () => {
    const withActions = Object.values(generated.resources)
      .filter((r) => r.Type.startsWith('AWS::CloudWatch::') && (r.Properties.AlarmActions !== undefined || r.Properties.OKActions !== undefined || r.Properties.ActionsEnabled === true))
      .map((r) => r.Properties.AlarmName)
      .sort();
    expect(withActions).toEqual([
      'orders-dev-alert-dead-letter-age-critical',
      'orders-dev-alert-delivery-failed-critical',
      'orders-dev-critical',
      'orders-dev-critical-topic-delivery-failed-critical',
      'orders-dev-slack-notifier-destination-failures-critical',
      'orders-dev-slack-notifier-errors-critical',
      'orders-dev-slack-notifier-event-age-critical',
      'orders-dev-slack-notifier-events-dropped-critical',
      'orders-dev-slack-notifier-throttles-critical',
      'orders-dev-warning',
      'orders-dev-warning-topic-delivery-failed-critical',
    ]);
    // A topic's failed deliveries are reported through the other tier's topic
    expect(alarm('orders-dev-critical-topic-delivery-failed-critical').AlarmActions).toEqual([{ Ref: 'PeriscopeOrdersDevWarningTopic' }]);
    expect(alarm('orders-dev-warning-topic-delivery-failed-critical').AlarmActions).toEqual([{ Ref: 'PeriscopeOrdersDevCriticalTopic' }]);
  });

  it('pages through the critical topic, warns through the warning topic, and each tier announces its recovery', () => {
    const critical = alarm('orders-dev-critical');
    const warning = alarm('orders-dev-warning');
    expect(critical).toMatchObject({ AlarmActions: [{ Ref: 'PeriscopeOrdersDevCriticalTopic' }], OKActions: [{ Ref: 'PeriscopeOrdersDevCriticalTopic' }] });
    expect(warning).toMatchObject({ AlarmActions: [{ Ref: 'PeriscopeOrdersDevWarningTopic' }], OKActions: [{ Ref: 'PeriscopeOrdersDevWarningTopic' }] });
    // Each tier stands alone: an ongoing warning does not hold a critical back, nor a critical a warning
    expect(warning.AlarmRule).not.toMatch(/NOT/);
  });

  it('rolls every critical and warning alarm into its tier composite, and no info alarm into any', () => {
    const critical = alarm('orders-dev-critical').AlarmRule as string;
    const warning = alarm('orders-dev-warning').AlarmRule as string;
    const alertPath = [
      'alert-delivery',
      'alert-topic-delivery',
      'notifier-errors',
      'notifier-throttles',
      'notifier-event-age',
      'notifier-events-dropped',
      'notifier-destination-failures',
      'alert-queue-age',
    ];
    for (const entry of generated.alarms.filter((a) => a.kind !== 'slo-burn-rate' && !alertPath.includes(a.kind) && !/^orders-dev-(critical|warning)$/.test(a.name))) {
      const inCritical = critical.includes(`ALARM("${entry.name}")`);
      const inWarning = warning.includes(`ALARM("${entry.name}")`);
      expect([entry.name, inCritical, inWarning]).toEqual([entry.name, entry.tier === 'critical', entry.tier === 'warning']);
    }
  });

  it('holds the tier composites back while a deploy is in progress, and still notifies a failure that outlasts it', () => {
    for (const name of ['orders-dev-critical', 'orders-dev-warning']) {
      expect(alarm(name)).toMatchObject({
        ActionsSuppressor: 'orders-dev-deploy-in-progress-info',
        ActionsSuppressorWaitPeriod: SUPPRESSION.waitSeconds,
        ActionsSuppressorExtensionPeriod: SUPPRESSION.extensionSeconds,
      });
    }
    // In ALARM while the latest deploy start is later than the latest end, over the dev stage's window (all at once: 30 minutes)
    const marker = alarm('orders-dev-deploy-in-progress-info');
    const dimensions = [
      { Name: 'Service', Value: 'orders' },
      { Name: 'Stage', Value: 'dev' },
    ];
    expect(marker.Metrics).toEqual([
      { Id: 'started', MetricStat: { Metric: { Namespace: 'Periscope/Deployments', MetricName: 'DeployStarted', Dimensions: dimensions }, Period: 1800, Stat: 'Maximum' }, ReturnData: false },
      { Id: 'finished', MetricStat: { Metric: { Namespace: 'Periscope/Deployments', MetricName: 'DeployFinished', Dimensions: dimensions }, Period: 1800, Stat: 'Maximum' }, ReturnData: false },
      { Id: 'deploying', Expression: 'IF(FILL(started, 0) > FILL(finished, 0), 1, 0)', Label: 'deploy running (1)', ReturnData: true },
    ]);
    expect(marker).toMatchObject({ ComparisonOperator: 'GreaterThanOrEqualToThreshold', Threshold: 1, TreatMissingData: 'notBreaching' });
  });

  it('holds alerts back for as long as the stage’s longest traffic shift could take, plus half an hour', () => {
    // Act: prod shifts each function 10% for 5 minutes
    const prod = generateAlarms(catalog, ordersServiceResources('prod'));
    const marker = Object.values(prod.resources).find((r) => r.Properties.AlarmName === 'orders-prod-deploy-in-progress-info');

    // Assess
    expect((marker!.Properties.Metrics as { MetricStat?: { Period: number } }[])[0]?.MetricStat?.Period).toBe(35 * 60);
  });

  it('creates each composite after the alarms it names', () => {
    for (const [, resource] of Object.entries(generated.resources).filter(([, r]) => r.Type === 'AWS::CloudWatch::CompositeAlarm')) {
      const named = [...(resource.Properties.AlarmRule as string).matchAll(/ALARM\("([^"]+)"\)/g)].map((m) => m[1]);
      const dependsOn = (resource as CfnResource).DependsOn ?? [];
      for (const name of named) {
        const child = Object.entries(generated.resources).find(([, r]) => r.Properties.AlarmName === name);
        expect(dependsOn).toContain(child?.[0]);
      }
    }
  });

  it('builds the burn-rate pairs from the SLO: 33.6× over 1h and 5m pages, 13.44× over 1h and 5m and 2.8× over 1d and 2h warn', () => {
    const window = (name: string) => {
      const props = alarm(name);
      return { period: props.Metrics[0].MetricStat.Period, threshold: props.Threshold, evaluations: props.EvaluationPeriods };
    };
    expect(window('orders-dev-orders-api-fast-burn-1h-critical')).toEqual({ period: 3600, threshold: 33.6, evaluations: 1 });
    expect(window('orders-dev-orders-api-fast-burn-5m-critical')).toEqual({ period: 300, threshold: 33.6, evaluations: 1 });
    expect(window('orders-dev-orders-api-burn-1h-warning')).toEqual({ period: 3600, threshold: 13.44, evaluations: 1 });
    expect(window('orders-dev-orders-api-slow-burn-1d-warning')).toEqual({ period: 86400, threshold: 2.8, evaluations: 1 });
    expect(window('orders-dev-orders-api-slow-burn-2h-warning')).toEqual({ period: 7200, threshold: 2.8, evaluations: 1 });
    expect(alarm('orders-dev-orders-api-fast-burn-critical').AlarmRule).toBe('ALARM("orders-dev-orders-api-fast-burn-1h-critical") AND ALARM("orders-dev-orders-api-fast-burn-5m-critical")');
    // The low-traffic policy: 3 failures at 3.36% need 90 requests in the hour
    expect(alarm('orders-dev-orders-api-fast-burn-1h-critical').Metrics[2].Expression).toBe('IF(requests >= 90, (FILL(errors, 0) / requests) / 0.001, 0)');
  });

  it('lets a steady 2% error rate on a 99.9% SLO warn within the hour without paging', () => {
    // 2% errors burns a 0.1% budget at 20×.
    const burn = 0.02 / 0.001;
    expect(burn).toBeLessThan(alarm('orders-dev-orders-api-fast-burn-1h-critical').Threshold);
    expect(burn).toBeGreaterThanOrEqual(alarm('orders-dev-orders-api-burn-1h-warning').Threshold);
    expect(2).toBeLessThan(alarm('orders-dev-api-5xx-rate-critical').Threshold);
  });

  it('keeps every alarm within CloudWatch’s one-day look-back and one returned series (two for anomaly bands)', () => {
    for (const props of metricAlarms()) {
      const periods = (props.Metrics as Props[]).filter((q) => q.MetricStat).map((q) => q.MetricStat.Period as number);
      expect([props.AlarmName, Math.max(...periods) * props.EvaluationPeriods <= 86_400]).toEqual([props.AlarmName, true]);
      expect([props.AlarmName, (props.Metrics as Props[]).filter((q) => q.ReturnData).length]).toEqual([props.AlarmName, props.ThresholdMetricId ? 2 : 1]);
      expect(props.DatapointsToAlarm).toBeLessThanOrEqual(props.EvaluationPeriods);
    }
  });

  it('treats missing data as healthy for metrics that only appear on trouble, and as breaching when silence is the trouble', () => {
    expect(alarm('orders-dev-dynamodb-orders-read-throttles-warning').TreatMissingData).toBe('notBreaching');
    expect(alarm('orders-dev-dynamodb-orders-system-errors-warning').TreatMissingData).toBe('notBreaching');
    expect(alarm('orders-dev-create-order-throttles-warning').TreatMissingData).toBe('notBreaching');
    expect(alarm('orders-dev-orders-stopped-warning')).toMatchObject({ TreatMissingData: 'breaching', ComparisonOperator: 'LessThanThreshold', Threshold: 1 });
    // A quarter-hour with no order is a 0, so the alarm does not wait for the healthy periods to leave its evaluation range
    expect((alarm('orders-dev-orders-stopped-warning').Metrics as Props[]).map((q) => q.Expression ?? q.MetricStat.Stat)).toEqual(['Sum', 'FILL(raw, 0)']);
    expect(alarm('orders-dev-orders-below-normal-info')).toMatchObject({ TreatMissingData: 'breaching', ComparisonOperator: 'LessThanLowerThreshold', ThresholdMetricId: 'band' });
  });

  it('sums DynamoDB per-operation metrics over exactly the operations the service performs', () => {
    const metrics = alarm('orders-dev-dynamodb-orders-system-errors-warning').Metrics as Props[];
    expect(metrics.filter((q) => q.MetricStat).map((q) => q.MetricStat.Metric.Dimensions)).toEqual(
      ['GetItem', 'PutItem', 'Query', 'UpdateItem'].map((operation) => [
        { Name: 'TableName', Value: 'periscope-orders-dev-orders' },
        { Name: 'Operation', Value: operation },
      ]),
    );
    expect(metrics.at(-1)?.Expression).toBe('FILL(m0, 0) + FILL(m1, 0) + FILL(m2, 0) + FILL(m3, 0)');
  });

  it('watches catalog metrics in the catalog’s namespace with exactly the dimensions the runtime writes', () => {
    expect(alarm('orders-dev-orders-stopped-warning').Metrics[0].MetricStat.Metric).toEqual({
      Namespace: 'Periscope/Orders',
      MetricName: 'OrderCreated',
      Dimensions: [{ Name: 'service', Value: 'orders' }],
    });
    expect(alarm('orders-dev-invalid-orders-surge-warning').Metrics[0].MetricStat.Metric.Dimensions).toEqual([
      { Name: 'service', Value: 'orders' },
      { Name: 'reason', Value: 'invalid_order' },
    ]);
  });

  it('derives the duration threshold from each function’s timeout and the latency threshold from the SLO', () => {
    expect(alarm('orders-dev-create-order-duration-p99-warning')).toMatchObject({ Threshold: 8000, Metrics: [{ MetricStat: { Stat: 'p99', Period: 300 } }] });
    expect(alarm('orders-dev-api-latency-p99-warning').Threshold).toBe(catalog.slos[0]!.latencyP99Ms);
  });

  it('describes every alarm in under 1024 characters, with its tier, runbook, dashboard, logs and traces', () => {
    for (const props of [...metricAlarms(), ...resourcesOf('AWS::CloudWatch::CompositeAlarm').map(([, p]) => p)]) {
      const text = description(props);
      expect(text.length).toBeLessThanOrEqual(1024);
      expect(text).toMatch(/\nTier: (critical|warning|info)\n/);
      expect(text).toMatch(/\nRunbook: https:\/\/runbooks\.example\.com\/orders\/[a-z0-9-]+\.md\n/);
      expect(text).toContain('\nDashboard: https://${AWS::Region}.console.aws.amazon.com/cloudwatch/home?region=${AWS::Region}#dashboards/dashboard/orders-dev-operations');
      expect(text).toContain('\nTraces: orders');
    }
    expect(description(alarm('orders-dev-create-order-errors-warning'))).toMatch(/\nLogs: \/aws\/lambda\/periscope-orders-dev-createOrder$/);
    expect(description(alarm('orders-dev-api-5xx-rate-critical'))).toMatch(/^More than 5% of API requests \(and at least 5 a minute\) fail with a 5XX/);
  });

  it('encrypts the tier topics with a key CloudWatch may use, and lets only this service’s alarms publish', () => {
    const [[keyId, key]] = resourcesOf('AWS::KMS::Key') as [[string, Props]];
    expect(key.KeyPolicy.Statement).toContainEqual(expect.objectContaining({ Effect: 'Allow', Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey'] }));
    const topics = resourcesOf('AWS::SNS::Topic');
    expect(topics.map(([, t]) => t.TopicName).sort()).toEqual(['orders-dev-critical', 'orders-dev-warning']);
    for (const [, topic] of topics) expect(topic.KmsMasterKeyId).toEqual({ Ref: keyId });
    for (const [, policy] of resourcesOf('AWS::SNS::TopicPolicy')) {
      const allows = (policy.PolicyDocument.Statement as Props[]).filter((s) => s.Effect === 'Allow');
      expect(allows).toEqual([
        expect.objectContaining({
          Principal: { Service: 'cloudwatch.amazonaws.com' },
          Action: 'sns:Publish',
          Condition: {
            StringEquals: { 'aws:SourceAccount': { 'Fn::Sub': '${AWS::AccountId}' } },
            ArnLike: { 'aws:SourceArn': { 'Fn::Sub': 'arn:${AWS::Partition}:cloudwatch:${AWS::Region}:${AWS::AccountId}:alarm:orders-dev-*' } },
          },
        }),
      ]);
    }
  });

  it('subscribes only the Slack notifier at dev, to both topics: dev pages no one', () => {
    // Assess
    const subscriptions = resourcesOf('AWS::SNS::Subscription').map(([, s]) => ({ topic: s.TopicArn.Ref, protocol: s.Protocol, endpoint: s.Endpoint }));
    expect(subscriptions).toEqual([
      { topic: 'PeriscopeOrdersDevCriticalTopic', protocol: 'lambda', endpoint: { 'Fn::GetAtt': ['SlackNotifierLambdaFunction', 'Arn'] } },
      { topic: 'PeriscopeOrdersDevWarningTopic', protocol: 'lambda', endpoint: { 'Fn::GetAtt': ['SlackNotifierLambdaFunction', 'Arn'] } },
    ]);
    expect(resourcesOf('AWS::Lambda::Permission').map(([, p]) => p.SourceArn)).toEqual(expect.arrayContaining([{ Ref: 'PeriscopeOrdersDevCriticalTopic' }, { Ref: 'PeriscopeOrdersDevWarningTopic' }]));
  });

  it('subscribes the catalog’s email and pager to the critical topic at prod, beside the Slack notifier on both', () => {
    // Act
    const prod = generateAlarms(catalog, ordersServiceResources('prod'));

    // Assess
    const subscriptions = Object.values(prod.resources)
      .filter((r) => r.Type === 'AWS::SNS::Subscription')
      .map((r) => ({ topic: (r.Properties.TopicArn as Props).Ref, protocol: r.Properties.Protocol, endpoint: r.Properties.Endpoint }));
    expect(subscriptions).toEqual(
      expect.arrayContaining([
        { topic: 'PeriscopeOrdersProdCriticalTopic', protocol: 'email', endpoint: 'orders-oncall@example.com' },
        { topic: 'PeriscopeOrdersProdCriticalTopic', protocol: 'https', endpoint: 'https://pager.example.com/integrations/orders' },
        { topic: 'PeriscopeOrdersProdCriticalTopic', protocol: 'lambda', endpoint: { 'Fn::GetAtt': ['SlackNotifierLambdaFunction', 'Arn'] } },
        { topic: 'PeriscopeOrdersProdWarningTopic', protocol: 'lambda', endpoint: { 'Fn::GetAtt': ['SlackNotifierLambdaFunction', 'Arn'] } },
      ]),
    );
    expect(subscriptions).toHaveLength(4);
  });

  it('keeps alerts the notifier could not deliver in a dead letter queue, watched by an alarm on the critical topic (the pager, where the stage pages)', () => {
    const [[queueId, queue]] = resourcesOf('AWS::SQS::Queue') as [[string, Props]];
    expect(queue).toMatchObject({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 1_209_600 });
    expect(resourcesOf('AWS::Lambda::EventInvokeConfig')[0]![1]).toMatchObject({
      FunctionName: { Ref: 'SlackNotifierLambdaFunction' },
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queueId, 'Arn'] } } },
    });
    expect(alarm('orders-dev-alert-delivery-failed-critical')).toMatchObject({
      AlarmActions: [{ Ref: 'PeriscopeOrdersDevCriticalTopic' }],
      Metrics: [{ MetricStat: { Metric: { Namespace: 'AWS/SQS', MetricName: 'ApproximateNumberOfMessagesVisible', Dimensions: [{ Name: 'QueueName', Value: queue.QueueName }] } } }],
    });
    const policy = resourcesOf('AWS::IAM::Policy')[0]![1];
    expect(policy.Roles).toEqual([{ Ref: 'SlackNotifierRole' }]);
    expect(policy.PolicyDocument.Statement.map((s: Props) => s.Action)).toEqual([['sqs:SendMessage'], ['ssm:GetParameter']]);
  });

  it('deletes its key and dead letter queue with the stack, the policies written down rather than left to defaults', () => {
    // Act
    const stateful = Object.entries(generated.resources).filter(([, r]) => r.Type === 'AWS::KMS::Key' || r.Type === 'AWS::SQS::Queue');

    // Assess
    expect(stateful.map(([id, r]) => [id, r.DeletionPolicy, r.UpdateReplacePolicy])).toEqual([
      ['PeriscopeOrdersDevAlertsKey', 'Delete', 'Delete'],
      ['PeriscopeOrdersDevAlertsDeadLetterQueue', 'Delete', 'Delete'],
    ]);
  });

  it('gives the same JSON for the same input, whatever the environment', () => {
    process.env.AWS_REGION = 'eu-west-1';
    process.env.PERISCOPE_STAGE = 'prod';
    try {
      expect(JSON.stringify(generateAlarms(catalog, ordersServiceResources('dev')))).toBe(JSON.stringify(generated));
    } finally {
      delete process.env.PERISCOPE_STAGE;
      delete process.env.AWS_REGION;
    }
  });

  it('refuses a catalog function the service does not deploy, naming it', () => {
    const resources = { ...ordersServiceResources('dev'), functions: ordersServiceResources('dev').functions.filter((fn) => fn.name !== 'getOrder') };
    expect(() => generateAlarms(catalog, resources)).toThrow(
      new AlarmGenerationError("the catalog's function(s) getOrder are not deployed by this service (deployed: createOrder, listOrders, fulfilOrder, routeNotFound)"),
    );
  });

  it('refuses a catalog alarm whose name collides with a generated one', () => {
    const clashing: ServiceDefinition = defineService({
      ...structuredClone(catalog),
      metrics: [
        { name: 'OrderCreated', unit: 'Count', description: 'Orders.', alarms: [{ kind: 'threshold', signal: 'api-5xx-rate', tier: 'critical', description: 'x', comparison: 'above', threshold: 1 }] },
      ],
    } as ServiceDefinition);
    expect(() => generateAlarms(clashing, ordersServiceResources('dev'))).toThrow(/two alarms would be named 'orders-dev-api-5xx-rate-critical'/);
  });

  it('watches the OrderPlaced queue fulfilOrder consumes, at the age and backlog the catalog promises', () => {
    // Act
    const age = alarm('orders-dev-fulfil-order-queue-age-critical');
    const depth = alarm('orders-dev-fulfil-order-queue-depth-warning');

    // Assess
    expect(age).toMatchObject({ Threshold: 120, Metrics: [{ MetricStat: { Metric: { Dimensions: [{ Name: 'QueueName', Value: 'periscope-orders-dev-order-placed' }] } } }] });
    expect(depth.Threshold).toBe(500);
    expect(alarm('orders-dev-fulfil-order-dead-letters-warning').Metrics[0].MetricStat.Metric.Dimensions).toEqual([{ Name: 'QueueName', Value: 'periscope-orders-dev-order-placed-dlq' }]);
    expect(generated.alarms.map((a) => a.name)).toEqual(expect.arrayContaining(['orders-dev-fulfil-order-dead-letter-age-warning', 'orders-dev-fulfil-order-batch-failures-warning']));
  });

  it('counts an SLO from its functions’ invocations when the service has no API', () => {
    const { api: _api, ...withoutApi } = ordersServiceResources('dev');
    const props = Object.values(generateAlarms(catalog, withoutApi).resources).find((r) => r.Properties.AlarmName === 'orders-dev-orders-api-fast-burn-1h-critical')!.Properties as Props;
    const functions = (props.Metrics as Props[]).filter((q) => q.MetricStat).map((q) => `${q.MetricStat.Metric.MetricName}:${q.MetricStat.Metric.Dimensions[0].Value}`);
    expect(functions).toEqual(['Errors', 'Invocations'].flatMap((m) => ['createOrder', 'getOrder', 'listOrders'].map((fn) => `${m}:periscope-orders-dev-${fn}`)));
  });
});

describe('what the generated alarms tell another service to look at', () => {
  const withApi = { stage: 'dev', functions: [{ name: 'checkout', functionName: 'shop-dev-checkout', timeoutSeconds: 6 }], api: { name: 'dev-shop', stage: 'dev' }, tables: [] };
  const shop = (metrics: ServiceDefinition['metrics']): ServiceDefinition => ({
    service: 'shop',
    namespace: 'Test/Shop',
    functions: [{ name: 'checkout', routes: ['POST /checkout'] }],
    metrics,
    slos: [],
    tiers: { critical: { description: 'Users hurt.', page: true }, warning: { description: 'Look today.', page: false }, info: { description: 'FYI.', page: false } },
  });
  const fourXxAction = (catalog: ServiceDefinition): string =>
    (Object.values(generateAlarms(catalog, withApi).resources).find((r) => r.Properties.AlarmName === 'shop-dev-api-4xx-rate-info')!.Properties.AlarmDescription as { 'Fn::Sub': string })['Fn::Sub'];

  it('names the service’s own metrics counted by reason when a 4XX surge needs explaining, never the sample’s', () => {
    // Act
    const text = fourXxAction(shop([{ name: 'CheckoutRefused', unit: 'Count', description: 'Refused checkouts, by reason.', dimensions: ['reason'] }]));

    // Assess
    expect(text).toContain('Look at CheckoutRefused by reason and at the refused requests in the logs.');
    expect(text).not.toContain('OrderRejected');
  });

  it('points at the refused requests in the logs when the catalog counts no refusals by reason', () => {
    // Act
    const text = fourXxAction(shop([{ name: 'CheckoutCompleted', unit: 'Count', description: 'Checkouts.' }]));

    // Assess
    expect(text).toContain('Look at the refused requests in the logs: which route, which status, which client.');
    expect(text).not.toContain('OrderRejected');
  });
});
