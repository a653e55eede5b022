import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateDelivery } from '../../alarms';
import { ordersServiceResources } from '../../deploy/service-resources';
import { ORDER_PLACED_QUEUE, orderPlacedQueueNames } from '../../handlers/orders/adapters/order-queue';
import { ORDERS_TABLE } from '../../handlers/orders/adapters/order-table';
import { catalog } from '../../observability.config';
import { readServiceResources } from '../../plugin/read-resources';
import { cfnLint, cfnLintVersion, findingLine } from '../support/cfn-lint';
import { CHECKOUT_LOCK_WAIT_MS, lockCheckout } from '../support/checkout-lock';
import { type PackageRun, ROOT, serverlessPackage } from '../support/serverless';

type Resource = { Type: string; Properties: Record<string, any>; DependsOn?: string[] };

/** `serverless package` as `npm run package` runs it: offline, with no AWS credentials at all; at dev, and at prod for what differs there. */
describe('serverless package', () => {
  const out = mkdtempSync(join(tmpdir(), 'periscope-package-'));
  const prodOut = mkdtempSync(join(tmpdir(), 'periscope-package-prod-'));
  let run: PackageRun;
  let prod: PackageRun;
  let resources: Record<string, Resource>;
  const ofType = (type: string, of: Record<string, Resource> = resources) => Object.entries(of).filter(([, r]) => r.Type === type);
  const alarmNamed = (name: string) => Object.values(resources).find((r) => r.Properties.AlarmName === name)?.Properties;
  const subscriptionsOf = (of: Record<string, Resource>) => ofType('AWS::SNS::Subscription', of).map(([, s]) => `${s.Properties.TopicArn.Ref} ${s.Properties.Protocol}`);

  const packaged = async (dir: string, args: readonly string[] = []): Promise<PackageRun> => {
    const result = await serverlessPackage(ROOT, dir, args);
    if (result.code !== 0) throw new Error(`serverless package ${args.join(' ')} failed (${result.code}):\n${result.output}`);
    return result;
  };

  // Parallel jest workers: this suite builds or runs serverless in the checkout, which others do too.
  let releaseCheckout: (() => void) | undefined;

  beforeAll(async () => {
    releaseCheckout = await lockCheckout();
    run = await packaged(out);
    // After dev, not beside it: both bundle in serverless-esbuild's working folder in the project.
    prod = await packaged(prodOut, ['--stage', 'prod']);
    resources = run.template!.Resources;
  }, CHECKOUT_LOCK_WAIT_MS + 120_000);
  afterAll(() => {
    rmSync(out, { recursive: true, force: true });
    rmSync(prodOut, { recursive: true, force: true });
    releaseCheckout?.();
  });

  it('deploys every catalog function on nodejs22.x with active tracing and the catalog’s names in its environment', () => {
    // Besides Periscope's own three: the Slack notifier, the pre-traffic hook and the delivery-metrics function
    const periscopeOwn = new Set(['SlackNotifierLambdaFunction', 'DeployHookLambdaFunction', 'DeliveryMetricsLambdaFunction']);
    const functions = ofType('AWS::Lambda::Function').filter(([id]) => !periscopeOwn.has(id));
    expect(functions.map(([, fn]) => fn.Properties.FunctionName.replace('periscope-orders-dev-', '')).sort()).toEqual(catalog.functions.map((f) => f.name).sort());
    for (const [, fn] of functions) {
      expect(fn.Properties).toMatchObject({ Runtime: 'nodejs22.x', TracingConfig: { Mode: 'Active' } });
      expect(fn.Properties.Environment.Variables).toMatchObject({
        POWERTOOLS_SERVICE_NAME: catalog.service,
        POWERTOOLS_METRICS_NAMESPACE: catalog.namespace,
        LOG_LEVEL: 'INFO',
        ORDERS_TABLE_NAME: 'periscope-orders-dev-orders',
      });
    }
  });

  it('publishes no layer itself: every function runs on the layer service’s export, with the toolkit left out of its bundle', () => {
    // Assess
    expect(ofType('AWS::Lambda::LayerVersion')).toEqual([]);
    for (const [, fn] of ofType('AWS::Lambda::Function')) expect(fn.Properties.Layers).toEqual([{ 'Fn::ImportValue': 'sls-periscope-layer-dev-PeriscopeLambdaLayerQualifiedArn' }]);
    expect(run.output).toContain(
      'Periscope: 8 functions use the Periscope layer; their bundles leave out periscope, @aws-lambda-powertools/batch, @aws-lambda-powertools/idempotency, @aws-lambda-powertools/logger',
    );
    const bundle = execFileSync('unzip', ['-p', join(out, 'periscope-orders.zip'), 'handlers/orders/handler.js'], { encoding: 'utf8' });
    expect(bundle).toContain('require("periscope")');
    expect(bundle).not.toContain('ObservabilityOptionsError');
  });

  it('runs the Slack notifier from the layer too, as `periscope/slack-notifier`', () => {
    // Assess
    expect(resources['SlackNotifierLambdaFunction']?.Properties.Handler).toBe('handlers/orders/alerts.handler');
    const bundle = execFileSync('unzip', ['-p', join(out, 'periscope-orders.zip'), 'handlers/orders/alerts.js'], { encoding: 'utf8' });
    expect(bundle).toContain('require("periscope/slack-notifier")');
    expect(bundle.length).toBeLessThan(2048);
  });

  it('runs the pre-traffic hook from the layer too, as `periscope/pre-traffic-hook`, with the sample events in its bundle', () => {
    // Assess
    expect(resources['DeployHookLambdaFunction']?.Properties.Handler).toBe('handlers/orders/deploy-hook.handler');
    const bundle = execFileSync('unzip', ['-p', join(out, 'periscope-orders.zip'), 'handlers/orders/deploy-hook.js'], { encoding: 'utf8' });
    expect(bundle).toContain('require("periscope/pre-traffic-hook")');
    expect(bundle).toContain('/orders/{orderId}');
    expect(bundle.length).toBeLessThan(8192);
  });

  it('serves the routes the catalog declares, with API Gateway tracing on', () => {
    const methods = ofType('AWS::ApiGateway::Method').map(([, m]) => m.Properties.HttpMethod as string);
    expect(methods.sort()).toEqual(['ANY', 'GET', 'GET', 'POST']);
    // osls turns stage tracing on through the API Gateway API at deploy time, not in the template.
    expect(run.state!.service.provider.tracing).toEqual({ lambda: true, apiGateway: true });
  });

  it('gives each function its own role with only the DynamoDB actions it needs', () => {
    const dynamoActions = (roleId: string) => resources[roleId]!.Properties.Policies[0].PolicyDocument.Statement.filter((s: { Action: string[] }) => s.Action.some((a) => a.startsWith('dynamodb:')));
    const roleOf = (fn: string) => resources[`${fn.charAt(0).toUpperCase()}${fn.slice(1)}LambdaFunction`]!.Properties.Role['Fn::GetAtt'][0] as string;

    expect(new Set(catalog.functions.map((f) => roleOf(f.name))).size).toBe(catalog.functions.length);
    expect(dynamoActions(roleOf('createOrder'))).toEqual([
      { Effect: 'Allow', Action: ['dynamodb:PutItem'], Resource: [{ 'Fn::GetAtt': ['OrdersTable', 'Arn'] }] },
      { Effect: 'Allow', Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'], Resource: [{ 'Fn::GetAtt': ['IdempotencyTable', 'Arn'] }] },
    ]);
    expect(dynamoActions(roleOf('getOrder'))).toEqual([{ Effect: 'Allow', Action: ['dynamodb:GetItem'], Resource: [{ 'Fn::GetAtt': ['OrdersTable', 'Arn'] }] }]);
    expect(dynamoActions(roleOf('listOrders'))).toEqual([
      { Effect: 'Allow', Action: ['dynamodb:Query'], Resource: [{ 'Fn::Join': ['/', [{ 'Fn::GetAtt': ['OrdersTable', 'Arn'] }, 'index', ORDERS_TABLE.customerIndex.name]] }] },
    ]);
    expect(dynamoActions(roleOf('fulfilOrder'))).toEqual([{ Effect: 'Allow', Action: ['dynamodb:UpdateItem'], Resource: [{ 'Fn::GetAtt': ['OrdersTable', 'Arn'] }] }]);
    expect(dynamoActions(roleOf('routeNotFound'))).toEqual([]);
  });

  it('sends OrderPlaced from createOrder to a queue fulfilOrder consumes with partial batch responses, failed messages kept in a dead letter queue', () => {
    // Assess: the queue and its dead letter queue, as the local stack and the drills create them
    const names = orderPlacedQueueNames('dev');
    expect(resources.OrderPlacedQueue?.Properties).toEqual({
      QueueName: names.queue,
      VisibilityTimeout: ORDER_PLACED_QUEUE.visibilityTimeoutSeconds,
      MessageRetentionPeriod: ORDER_PLACED_QUEUE.retentionSeconds,
      SqsManagedSseEnabled: true,
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': ['OrderPlacedDeadLetterQueue', 'Arn'] }, maxReceiveCount: ORDER_PLACED_QUEUE.maxReceiveCount },
    });
    expect(resources.OrderPlacedDeadLetterQueue?.Properties).toEqual({
      QueueName: names.deadLetterQueue,
      MessageRetentionPeriod: ORDER_PLACED_QUEUE.deadLetterRetentionSeconds,
      SqsManagedSseEnabled: true,
    });
    // … the event source mapping
    const mappings = ofType('AWS::Lambda::EventSourceMapping').map(([, mapping]) => mapping.Properties);
    expect(mappings).toEqual([
      {
        EventSourceArn: { 'Fn::GetAtt': ['OrderPlacedQueue', 'Arn'] },
        FunctionName: { 'Fn::GetAtt': ['FulfilOrderLambdaFunction', 'Arn'] },
        BatchSize: ORDER_PLACED_QUEUE.batchSize,
        MaximumBatchingWindowInSeconds: ORDER_PLACED_QUEUE.maximumBatchingWindowSeconds,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        Enabled: true,
      },
    ]);
    // … who may do what with the queue: createOrder sends, fulfilOrder (whose role the mapping polls with) receives and deletes
    const sqsStatements = (fn: string) =>
      resources[`${fn.charAt(0).toUpperCase()}${fn.slice(1)}Role`]!.Properties.Policies[0].PolicyDocument.Statement.filter((s: { Action: string[] }) => s.Action.some((a) => a.startsWith('sqs:')));
    const queue = [{ 'Fn::GetAtt': ['OrderPlacedQueue', 'Arn'] }];
    expect(sqsStatements('createOrder')).toEqual([{ Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: queue }]);
    expect(sqsStatements('fulfilOrder')).toEqual([{ Effect: 'Allow', Action: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'], Resource: queue }]);
    expect(sqsStatements('getOrder')).toEqual([]);
    // … and where createOrder finds it
    expect(resources.CreateOrderLambdaFunction!.Properties.Environment.Variables.ORDER_EVENTS_QUEUE_URL).toEqual({ Ref: 'OrderPlacedQueue' });
  });

  it('alarms on the consumer’s queue: its backlog’s age pages, its depth, dead letters and failed records warn', () => {
    // Assess
    const names = orderPlacedQueueNames('dev');
    const watched = (name: string) => {
      const alarm = alarmNamed(name);
      const stat = (alarm?.Metrics as { MetricStat?: { Metric: { MetricName: string; Dimensions: unknown } } }[] | undefined)?.find((q) => q.MetricStat !== undefined)?.MetricStat;
      return { metric: stat?.Metric.MetricName, dimensions: stat?.Metric.Dimensions, threshold: alarm?.Threshold };
    };
    expect(watched('orders-dev-fulfil-order-queue-age-critical')).toEqual({ metric: 'ApproximateAgeOfOldestMessage', dimensions: [{ Name: 'QueueName', Value: names.queue }], threshold: 120 });
    expect(watched('orders-dev-fulfil-order-queue-depth-warning')).toEqual({ metric: 'ApproximateNumberOfMessagesVisible', dimensions: [{ Name: 'QueueName', Value: names.queue }], threshold: 500 });
    expect(watched('orders-dev-fulfil-order-dead-letters-warning')).toMatchObject({ metric: 'ApproximateNumberOfMessagesVisible', dimensions: [{ Name: 'QueueName', Value: names.deadLetterQueue }] });
    expect(watched('orders-dev-fulfil-order-dead-letter-age-warning')).toMatchObject({ metric: 'ApproximateAgeOfOldestMessage', dimensions: [{ Name: 'QueueName', Value: names.deadLetterQueue }] });
    expect(watched('orders-dev-fulfil-order-batch-failures-warning').metric).toBe('BatchItemFailures');
    // … each in its tier's composite
    expect(alarmNamed('orders-dev-critical')?.AlarmRule).toContain('ALARM("orders-dev-fulfil-order-queue-age-critical")');
    for (const signal of ['queue-depth', 'dead-letters', 'dead-letter-age', 'batch-failures'])
      expect(alarmNamed('orders-dev-warning')?.AlarmRule).toContain(`ALARM("orders-dev-fulfil-order-${signal}-warning")`);
  });

  it('grants least privilege: named actions only, and Resource "*" only where AWS requires it', () => {
    // Every statement of every policy in the template: role policies, managed policies, topic and key policies.
    const statements: { where: string; Effect: string; Action?: string | string[]; Resource?: unknown; Principal?: unknown; Sid?: string }[] = [];
    const collect = (value: unknown, where: string): void => {
      if (Array.isArray(value)) for (const item of value) collect(item, where);
      else if (value !== null && typeof value === 'object') {
        const statement = (value as { Statement?: unknown }).Statement;
        if (statement !== undefined) statements.push(...[statement].flat().map((s) => ({ where, ...(s as object) }) as (typeof statements)[number]));
        for (const child of Object.values(value)) collect(child, where);
      }
    };
    for (const [id, resource] of Object.entries(resources)) collect(resource.Properties, `${id} (${resource.Type})`);
    const actionsOf = (s: (typeof statements)[number]) => [s.Action ?? []].flat();
    const allows = statements.filter((s) => s.Effect === 'Allow');
    // A key policy's Resource is always "*" (it means "this key"); its administrators statement is the one AWS requires
    // so the account can still manage the key. Serverless' deployment bucket policy only denies.
    const keyPolicy = (s: (typeof statements)[number]) => s.where.includes('(AWS::KMS::Key)');

    expect(allows.length).toBeGreaterThan(15);
    expect(
      allows
        .filter((s) => !(keyPolicy(s) && s.Sid === 'AccountAdministers'))
        .flatMap((s) =>
          actionsOf(s)
            .filter((action) => action.includes('*'))
            .map((action) => `${s.where}: ${action}`),
        ),
    ).toEqual([]);
    const starResources = allows.filter((s) => s.Resource === '*' || (Array.isArray(s.Resource) && s.Resource.includes('*')));
    // None of these has resource-level permissions (the Service Authorization Reference lists no resource type for them).
    const allowedOnStar = new Set(['xray:PutTraceSegments', 'xray:PutTelemetryRecords', 'cloudwatch:PutMetricData', 'cloudwatch:GetMetricData']);
    expect(
      starResources
        .filter((s) => !keyPolicy(s))
        .flatMap((s) =>
          actionsOf(s)
            .filter((action) => !allowedOnStar.has(action))
            .map((action) => `${s.where}: ${action}`),
        ),
    ).toEqual([]);
    // The key is only usable by CloudWatch on behalf of this service's alarms, and the topics only take CloudWatch's publications.
    expect(allows.find((s) => keyPolicy(s) && s.Sid !== 'AccountAdministers')).toMatchObject({
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
      Condition: expect.any(Object),
    });
    expect(allows.filter((s) => s.where.includes('(AWS::SNS::TopicPolicy)')).map((s) => s.Principal)).toEqual([{ Service: 'cloudwatch.amazonaws.com' }, { Service: 'cloudwatch.amazonaws.com' }]);
  });

  it('holds no secret: no Slack webhook, token, access key or private key in the template or the packaged code', () => {
    // Prepare
    const SECRET = /hooks\.slack\.com\/services\/|xox[abpr]-[0-9A-Za-z-]+|AKIA[0-9A-Z]{16}|-----BEGIN [A-Z ]*PRIVATE KEY-----/;
    const artifacts = readdirSync(out).filter((name) => name.endsWith('.zip'));

    // Assess
    expect(JSON.stringify(run.template)).not.toMatch(SECRET);
    // The webhook comes from SSM at run time; no function is given it in its environment.
    expect(JSON.stringify(run.template)).not.toContain('SLACK_WEBHOOK_URL');
    expect(JSON.stringify(run.state)).not.toMatch(SECRET);
    expect(artifacts.length).toBeGreaterThan(0);
    for (const artifact of artifacts) {
      const listing = execFileSync('unzip', ['-Z1', join(out, artifact)], { encoding: 'utf8' })
        .split('\n')
        .filter(Boolean);
      for (const file of listing) {
        const content = execFileSync('unzip', ['-p', join(out, artifact), file], { maxBuffer: 64 * 1024 * 1024 }).toString('latin1');
        expect({ file: `${artifact}:${file}`, secret: SECRET.exec(content)?.[0] }).toEqual({ file: `${artifact}:${file}`, secret: undefined });
      }
    }
  });

  it('creates the idempotency records table POST /orders uses, with the key and TTL Powertools idempotency expects', () => {
    expect(resources.IdempotencyTable!.Properties).toMatchObject({
      BillingMode: 'PAY_PER_REQUEST',
      SSESpecification: { SSEEnabled: true },
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      TimeToLiveSpecification: { AttributeName: 'expiration', Enabled: true },
    });
    expect(resources.CreateOrderLambdaFunction!.Properties.Environment.Variables).toMatchObject({ IDEMPOTENCY_TABLE_NAME: 'periscope-orders-dev-idempotency' });
    // Tagged periscope:monitor false: its failures are createOrder's, so it gets no alarms of its own.
    expect(JSON.stringify(ofType('AWS::CloudWatch::Alarm'))).not.toContain('periscope-orders-dev-idempotency');
  });

  it('creates the orders table on demand, with point-in-time recovery, encryption and the customer index the code queries', () => {
    const table = resources.OrdersTable!;
    expect(table.Properties).toMatchObject({
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true },
      KeySchema: [{ AttributeName: ORDERS_TABLE.partitionKey, KeyType: 'HASH' }],
      GlobalSecondaryIndexes: [
        {
          IndexName: ORDERS_TABLE.customerIndex.name,
          KeySchema: [
            { AttributeName: ORDERS_TABLE.customerIndex.partitionKey, KeyType: 'HASH' },
            { AttributeName: ORDERS_TABLE.customerIndex.sortKey, KeyType: 'RANGE' },
          ],
        },
      ],
    });
  });

  it('adds alarms on Lambda, API Gateway, DynamoDB and the catalog’s metrics, with burn-rate pairs and one composite per routed tier', () => {
    const namespaces = new Set(
      ofType('AWS::CloudWatch::Alarm').flatMap(([, alarm]) =>
        (alarm.Properties.Metrics as { MetricStat?: { Metric: { Namespace: string } } }[]).flatMap((q) => (q.MetricStat ? [q.MetricStat.Metric.Namespace] : [])),
      ),
    );
    expect([...namespaces].sort()).toEqual(['AWS/ApiGateway', 'AWS/DynamoDB', 'AWS/Lambda', 'AWS/SNS', 'AWS/SQS', catalog.namespace, 'Periscope/Deployments'].sort());
    expect(alarmNamed('orders-dev-orders-api-fast-burn-critical')?.AlarmRule).toBe('ALARM("orders-dev-orders-api-fast-burn-1h-critical") AND ALARM("orders-dev-orders-api-fast-burn-5m-critical")');
    expect(alarmNamed('orders-dev-critical')?.AlarmActions).toEqual([{ Ref: 'PeriscopeOrdersDevCriticalTopic' }]);
    expect(alarmNamed('orders-dev-warning')?.AlarmActions).toEqual([{ Ref: 'PeriscopeOrdersDevWarningTopic' }]);
    // The dimensions are the deployed names osls gave the function, API and table.
    expect(alarmNamed('orders-dev-create-order-errors-warning')?.Metrics[0].MetricStat.Metric.Dimensions).toEqual([
      { Name: 'FunctionName', Value: resources.CreateOrderLambdaFunction!.Properties.FunctionName },
    ]);
    expect(alarmNamed('orders-dev-api-5xx-rate-critical')?.Metrics[0].MetricStat.Metric.Dimensions).toEqual([
      { Name: 'ApiName', Value: resources.ApiGatewayRestApi!.Properties.Name },
      { Name: 'Stage', Value: 'dev' },
    ]);
    expect(
      alarmNamed('orders-dev-dynamodb-orders-system-errors-warning')
        ?.Metrics.filter((q: { MetricStat?: unknown }) => q.MetricStat)
        .map((q: any) => q.MetricStat.Metric.Dimensions[1].Value),
    ).toEqual(['GetItem', 'PutItem', 'Query', 'UpdateItem']);
    // The index's own throttle events, by the name the template gives it
    expect(alarmNamed('orders-dev-dynamodb-orders-by-customer-read-throttles-warning')?.Metrics[0].MetricStat.Metric.Dimensions).toEqual([
      { Name: 'TableName', Value: resources.OrdersTable!.Properties.TableName },
      { Name: 'GlobalSecondaryIndexName', Value: ORDERS_TABLE.customerIndex.name },
    ]);
    // createOrder's reservation, as osls compiles it, is what its concurrency alarm compares with (80% of 20)
    expect(resources.CreateOrderLambdaFunction!.Properties.ReservedConcurrentExecutions).toBe(20);
    expect(alarmNamed('orders-dev-create-order-concurrency-warning')?.Threshold).toBe(16);
  });

  it('routes tiers through KMS-encrypted SNS topics with the Slack notifier subscribed, its failures kept in a dead letter queue', () => {
    expect(ofType('AWS::SNS::Topic').map(([, t]) => t.Properties.KmsMasterKeyId)).toEqual([{ Ref: 'PeriscopeOrdersDevAlertsKey' }, { Ref: 'PeriscopeOrdersDevAlertsKey' }]);
    const notifierSubscriptions = ofType('AWS::SNS::Subscription').filter(([, s]) => s.Properties.Protocol === 'lambda');
    expect(notifierSubscriptions.map(([, s]) => s.Properties.Endpoint)).toEqual([{ 'Fn::GetAtt': ['SlackNotifierLambdaFunction', 'Arn'] }, { 'Fn::GetAtt': ['SlackNotifierLambdaFunction', 'Arn'] }]);
    expect(ofType('AWS::Lambda::EventInvokeConfig')[0]![1].Properties.DestinationConfig.OnFailure.Destination).toEqual({ 'Fn::GetAtt': ['PeriscopeOrdersDevAlertsDeadLetterQueue', 'Arn'] });
    const notifier = resources.SlackNotifierLambdaFunction!.Properties;
    expect(notifier.Environment.Variables).toMatchObject({ SLACK_WEBHOOK_PARAMETER: '/periscope/orders/dev/slack/{tier}', POWERTOOLS_SERVICE_NAME: 'slack-notifier' });
    expect(JSON.stringify(run.template)).not.toMatch(/hooks\.slack\.com|SLACK_WEBHOOK_URL/);
  });

  it('pages no one at dev: its tier topics’ only subscriptions are the Slack notifier’s, and it says so', () => {
    // Assess
    expect(subscriptionsOf(resources)).toEqual(['PeriscopeOrdersDevCriticalTopic lambda', 'PeriscopeOrdersDevWarningTopic lambda']);
    expect(run.output).toContain("Periscope: pages no one at this stage: alerts go to Slack only (the catalog's `stages` say which stages page)");
  });

  it('pages at prod through the critical tier’s email and pager, beside the Slack notifier on both topics', () => {
    // Prepare
    const prodResources = prod.template!.Resources;

    // Assess
    expect(subscriptionsOf(prodResources).sort()).toEqual([
      'PeriscopeOrdersProdCriticalTopic email',
      'PeriscopeOrdersProdCriticalTopic https',
      'PeriscopeOrdersProdCriticalTopic lambda',
      'PeriscopeOrdersProdWarningTopic lambda',
    ]);
    expect(ofType('AWS::SNS::Subscription', prodResources).find(([, s]) => s.Properties.Protocol === 'https')?.[1].Properties.Endpoint).toBe(catalog.tiers.critical.notify?.https?.[0]);
    expect(Object.values(prodResources).find((r) => r.Properties.AlarmName === 'orders-prod-critical')?.Properties.AlarmActions).toEqual([{ Ref: 'PeriscopeOrdersProdCriticalTopic' }]);
    expect(prod.output).toContain('Periscope: pages through orders-prod-critical (1 email, 1 https)');
  });

  it('shifts each function’s traffic at prod through a canary deployment group that rolls back on its gate alarms, the queue’s consumer included', () => {
    // Prepare
    const prodResources = prod.template!.Resources;
    const apiFunctions = ['CreateOrder', 'GetOrder', 'ListOrders', 'RouteNotFound'];

    // Act
    const groups = ofType('AWS::CodeDeploy::DeploymentGroup', prodResources).map(([, g]) => g.Properties);
    const gateNames = ofType('AWS::CloudWatch::Alarm', prodResources)
      .map(([, a]) => a.Properties.AlarmName)
      .filter((name) => typeof name === 'object');

    // Assess
    expect(groups.map((g) => [g.DeploymentGroupName, g.DeploymentConfigName, g.AutoRollbackConfiguration.Events])).toEqual(
      ['create-order', 'get-order', 'list-orders', 'fulfil-order', 'route-not-found'].map((fn) => [
        `orders-prod-${fn}`,
        'CodeDeployDefault.LambdaCanary10Percent5Minutes',
        ['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_ALARM'],
      ]),
    );
    for (const fn of apiFunctions) {
      // The API invokes the alias, never the function's $LATEST
      const alias = prodResources[`${fn}LambdaAliasLive`]!;
      expect(alias.Properties.Name).toBe('live');
      const version = (alias.Properties.FunctionVersion as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
      expect(prodResources[version]?.Type).toBe('AWS::Lambda::Version');
      expect(prodResources[`${fn}LambdaPermissionApiGateway`]?.Properties.FunctionName).toEqual({ Ref: `${fn}LambdaAliasLive` });
      // Gate alarms named with the version this deploy publishes
      expect(gateNames).toContainEqual({ 'Fn::Sub': expect.stringContaining(`-deploy-errors-gate-v\${${version}.Version}`) });
    }
    for (const [, method] of ofType('AWS::ApiGateway::Method', prodResources)) expect(method.Properties.Integration.Uri['Fn::Sub']).toMatch(/\/functions\/\$\{\w+LambdaAliasLive\}\/invocations$/);
    // The queue's event source mapping invokes fulfilOrder's alias too, so its canary takes a tenth of the batches
    expect(ofType('AWS::Lambda::EventSourceMapping', prodResources).map(([, mapping]) => mapping.Properties.FunctionName)).toEqual([{ Ref: 'FulfilOrderLambdaAliasLive' }]);
    expect(prodResources.DeployHookLambdaFunction?.Properties.Environment.Variables.PERISCOPE_SMOKE_TESTS['Fn::Sub']).toContain('"orders-prod-get-order":{"function":"getOrder"');
    expect(prod.output).toContain(
      'Periscope: traffic shifting through alias live: createOrder, getOrder, listOrders, fulfilOrder, routeNotFound Canary10Percent5Minutes; 10 gate alarms roll back a bad version; smoke-tested first: getOrder, listOrders',
    );
    expect(prod.output).toMatch(/Periscope: alarms \(10 gate alarms included\) cost about \$\d+\.\d\d\/month/);
  });

  it('deploys all at once at dev, as the catalog says: no alias, no CodeDeploy, the API calling the functions', () => {
    // Assess
    expect(ofType('AWS::CodeDeploy::DeploymentGroup')).toEqual([]);
    expect(ofType('AWS::Lambda::Alias')).toEqual([]);
    expect(resources.CreateOrderLambdaPermissionApiGateway?.Properties.FunctionName).toEqual({ 'Fn::GetAtt': ['CreateOrderLambdaFunction', 'Arn'] });
    expect(run.output).toContain('Periscope: every function deploys all at once at this stage');
  });

  it('prints what it added and what the alarms cost a month', () => {
    expect(run.output).toMatch(/Periscope: added \d+ alarms \(\d+ critical, \d+ warning, \d+ info; \d+ composite\)/);
    expect(run.output).toMatch(/Periscope: alarms cost about \$\d+\.\d\d\/month at us-east-1 list prices/);
  });

  it('ships the executive, operations and developer dashboards, their bodies resolved per stack', () => {
    const dashboards = ofType('AWS::CloudWatch::Dashboard').map(([, d]) => d.Properties);
    expect(dashboards.map((d) => d.DashboardName)).toEqual(['orders-dev-executive', 'orders-dev-operations', 'orders-dev-developer']);
    for (const dashboard of dashboards) {
      const body = JSON.parse(dashboard.DashboardBody['Fn::Sub']);
      expect(body.widgets.length).toBeGreaterThan(5);
    }
    expect(run.output).toContain('Periscope: added dashboards orders-dev-executive, orders-dev-operations, orders-dev-developer');
  });

  it('ships the saved Logs Insights queries the runbooks, dashboards and Slack links run, over the functions’ log groups', () => {
    const queries = ofType('AWS::Logs::QueryDefinition').map(([, q]) => q.Properties);
    expect(queries.map((q) => q.Name)).toEqual([
      'orders-dev/Errors with correlation ids',
      'orders-dev/Slowest requests',
      'orders-dev/Cold starts with init duration',
      'orders-dev/One request by correlation id',
    ]);
    expect(queries[0]?.LogGroupNames).toEqual(expect.arrayContaining(['/aws/lambda/periscope-orders-dev-createOrder', '/aws/lambda/periscope-orders-dev-slackNotifier']));
    expect(run.output).toContain('Periscope: added saved Logs Insights queries orders-dev/Errors with correlation ids, ');
  });

  it('deploys the resources `npm run dashboards` and the local preview assume', () => {
    const { functions, provider } = run.state!.service as unknown as { functions: Record<string, any>; provider: Record<string, any> };
    const read = readServiceResources({
      template: run.template!,
      stage: 'dev',
      defaultTimeoutSeconds: provider.timeout,
      functions,
      functionLogicalId: (key) => `${key.charAt(0).toUpperCase()}${key.slice(1)}LambdaFunction`,
      notifierKey: 'slackNotifier',
      preTrafficHookKey: 'deployHook',
      deliveryKey: 'deliveryMetrics',
      stackName: 'periscope-orders-dev',
    });
    expect(read).toEqual(ordersServiceResources('dev'));
  });

  it('records deliveries at prod: its table, four rules into the delivery-metrics function on its own role, and the function told its configuration', () => {
    // Prepare
    const prodResources = prod.template!.Resources;
    const deliveryFunction = prodResources.DeliveryMetricsLambdaFunction!.Properties;

    // Act
    const rules = ofType('AWS::Events::Rule', prodResources).filter(([, rule]) => rule.Properties.Name.includes('-delivery-'));
    const config = JSON.parse(deliveryFunction.Environment.Variables.PERISCOPE_DELIVERY);
    const policy = prodResources.PeriscopeOrdersProdDeliveryPolicy!;

    // Assess
    expect(prodResources.PeriscopeOrdersProdDelivery?.Properties).toMatchObject({
      TableName: 'orders-prod-delivery',
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true },
    });
    expect(rules.map(([, rule]) => [rule.Properties.Name, rule.Properties.EventPattern.source])).toEqual([
      ['orders-prod-delivery-stack-updates', ['aws.cloudformation']],
      ['orders-prod-delivery-deployments', ['aws.codedeploy']],
      ['orders-prod-delivery-alarms', ['aws.cloudwatch']],
      ['orders-prod-delivery-changes', ['periscope.delivery']],
    ]);
    for (const [, rule] of rules) expect(rule.Properties.Targets.map((t: { Arn: unknown }) => t.Arn)).toEqual([{ 'Fn::GetAtt': ['DeliveryMetricsLambdaFunction', 'Arn'] }]);
    expect(deliveryFunction.Role).toEqual({ 'Fn::GetAtt': ['DeliveryMetricsRole', 'Arn'] });
    expect(deliveryFunction.Environment.Variables.POWERTOOLS_SERVICE_NAME).toBe('delivery-metrics');
    // What the resources `npm run dashboards` assumes generate, for the function as deployed
    const assumed = ordersServiceResources('prod');
    expect(config).toEqual(generateDelivery(catalog, { ...assumed, delivery: assumed.delivery!, stackName: assumed.stackName! }).config);
    expect(config).toMatchObject({
      service: 'orders',
      stage: 'prod',
      table: 'orders-prod-delivery',
      stackName: 'periscope-orders-prod',
      application: 'orders-prod',
      incidentAlarm: 'orders-prod-critical',
    });
    expect(policy.Type).toBe('AWS::IAM::Policy');
    expect(policy.Properties.Roles).toEqual([{ Ref: 'DeliveryMetricsRole' }]);
    expect(policy.Properties.PolicyDocument.Statement.map((s: { Action: unknown }) => s.Action)).toEqual([
      ['dynamodb:PutItem', 'dynamodb:Query'],
      ['cloudwatch:GetDashboard', 'cloudwatch:PutDashboard'],
      'cloudwatch:GetMetricData',
      'sqs:SendMessage',
    ]);
    expect(prod.output).toContain(
      'Periscope: delivery metrics from 4 EventBridge rules (orders-prod-delivery-stack-updates, orders-prod-delivery-deployments, orders-prod-delivery-alarms, orders-prod-delivery-changes) into table orders-prod-delivery',
    );
  });

  it('records deliveries at dev without a CodeDeploy rule, as nothing shifts traffic there', () => {
    // Act
    const rules = ofType('AWS::Events::Rule').filter(([, rule]) => rule.Properties.Name.includes('-delivery-'));

    // Assess
    expect(rules.map(([, rule]) => rule.Properties.Name)).toEqual(['orders-dev-delivery-stack-updates', 'orders-dev-delivery-alarms', 'orders-dev-delivery-changes']);
    expect(JSON.parse(resources.DeliveryMetricsLambdaFunction!.Properties.Environment.Variables.PERISCOPE_DELIVERY)).not.toHaveProperty('application');
  });

  it('shows the five delivery numbers on the executive dashboard, against the catalog’s targets', () => {
    // Prepare
    const executive = ofType('AWS::CloudWatch::Dashboard', prod.template!.Resources).find(([, d]) => d.Properties.DashboardName === 'orders-prod-executive')![1];

    // Act
    const body = JSON.parse(executive.Properties.DashboardBody['Fn::Sub']);
    const titles: string[] = body.widgets.map((w: { properties: { title?: string } }) => w.properties.title ?? '');

    // Assess
    for (const name of ['Deployment frequency', 'Change lead time', 'Change fail rate', 'Failed deployment recovery time', 'Deployment rework rate']) {
      expect(titles.filter((title) => title.startsWith(`${name} (target: `))).toHaveLength(1);
    }
    expect(titles).toContain('Change lead time (target: at most 24 h)');
    expect(JSON.stringify(body)).toContain('Periscope/Delivery');
  });

  const version = cfnLintVersion();
  if (version === undefined) process.stderr.write('cfn-lint is not installed: skipping the CloudFormation schema check of the packaged template\n');
  (version ? it : it.skip)(`is valid CloudFormation for every resource, at dev and at prod, by ${version ?? 'cfn-lint'}`, () => {
    const templates = { dev: join(out, 'cloudformation-template-update-stack.json'), prod: join(prodOut, 'cloudformation-template-update-stack.json') };
    const findings = cfnLint(templates.dev, templates.prod);
    // No finding at all, informational ones included: the plugin drops osls's W3005 (a function's own role in its DependsOn beside
    // the GetAtt), rewrites its empty-delimiter joins as Fn::Sub (I1022) and sets the deletion policies of its log groups (I3011).
    const stageOf = (file: string) => (file === templates.prod ? 'prod' : 'dev');
    expect(findings.map((f) => `${stageOf(f.Filename)} ${findingLine(f)}`)).toEqual([]);
  });
});
