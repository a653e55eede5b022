import { type CompiledTemplate, type ReadInput, ResourceReadError, readServiceResources } from '../../../plugin/read-resources';

const logicalId = (key: string): string => `${key.charAt(0).toUpperCase()}${key.slice(1)}LambdaFunction`;

/** What osls compiles for a small service, changed per test. */
function input(change: { resources?: CompiledTemplate['Resources']; functions?: ReadInput['functions']; notifierKey?: string; deliveryKey?: string; stackName?: string | null } = {}): ReadInput {
  const stackName = change.stackName === undefined ? 'payments-dev' : change.stackName;
  return {
    template: { Resources: change.resources ?? {} },
    stage: 'dev',
    defaultTimeoutSeconds: 6,
    functions: change.functions ?? { charge: { name: 'payments-dev-charge', timeout: 20 } },
    functionLogicalId: logicalId,
    ...(change.notifierKey === undefined ? {} : { notifierKey: change.notifierKey }),
    ...(change.deliveryKey === undefined ? {} : { deliveryKey: change.deliveryKey }),
    ...(stackName === null ? {} : { stackName }),
  };
}

/** A function as osls compiles it, on `role` (osls's shared `IamRoleLambdaExecution` when serverless.yml sets no `role:`). */
const lambdaOn = (role: string) => ({ Type: 'AWS::Lambda::Function', Properties: { Role: { 'Fn::GetAtt': [role, 'Arn'] } } });

const table = (name: unknown, tags?: unknown) => ({ Type: 'AWS::DynamoDB::Table', Properties: { TableName: name, ...(tags === undefined ? {} : { Tags: tags }) } });

describe('reading what a service deploys from its compiled template', () => {
  it('reads functions with their timeouts, the API, the tables and the DynamoDB operations the roles allow on each', () => {
    // Prepare
    const resources = {
      ApiGatewayRestApi: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'dev-payments' } },
      ChargesTable: table('payments-dev-charges'),
      AuditTable: table('payments-dev-audit', [{ Key: 'periscope:monitor', Value: 'false' }]),
      ChargeRole: {
        Type: 'AWS::IAM::Role',
        Properties: {
          Policies: [
            { PolicyDocument: { Statement: [{ Action: ['dynamodb:PutItem', 'dynamodb:GetItem', 'dynamodb:DescribeTable', 's3:GetObject'], Resource: { 'Fn::GetAtt': ['ChargesTable', 'Arn'] } }] } },
          ],
        },
      },
      ReadPolicy: { Type: 'AWS::IAM::Policy', Properties: { PolicyDocument: { Statement: [{ Action: 'dynamodb:Query', Resource: 'arn:aws:dynamodb:us-east-1:1:table/payments-dev-charges' }] } } },
    };

    // Act
    const read = readServiceResources(input({ resources, functions: { charge: { name: 'payments-dev-charge', timeout: 20 }, refund: { name: 'payments-dev-refund' } } }));

    // Assess
    expect(read).toEqual({
      stage: 'dev',
      functions: [
        { name: 'charge', functionName: 'payments-dev-charge', timeoutSeconds: 20, triggers: [] },
        { name: 'refund', functionName: 'payments-dev-refund', timeoutSeconds: 6, triggers: [] },
      ],
      api: { name: 'dev-payments', stage: 'dev' },
      tables: [{ logicalId: 'ChargesTable', tableName: 'payments-dev-charges', operations: ['GetItem', 'PutItem', 'Query'] }],
      stackName: 'payments-dev',
    });
  });

  it('reads each function’s reserved concurrency as osls compiles it, and each table’s global secondary indexes', () => {
    // Prepare
    const resources = {
      ChargeLambdaFunction: { Type: 'AWS::Lambda::Function', Properties: { ReservedConcurrentExecutions: 25 } },
      RefundLambdaFunction: { Type: 'AWS::Lambda::Function', Properties: {} },
      ChargesTable: { Type: 'AWS::DynamoDB::Table', Properties: { TableName: 'payments-dev-charges', GlobalSecondaryIndexes: [{ IndexName: 'byCard' }, { IndexName: 'byMerchant' }] } },
    };

    // Act
    const read = readServiceResources(input({ resources, functions: { charge: { name: 'payments-dev-charge' }, refund: { name: 'payments-dev-refund' } } }));

    // Assess
    expect(read.functions).toEqual([
      { name: 'charge', functionName: 'payments-dev-charge', timeoutSeconds: 6, reservedConcurrency: 25, triggers: [] },
      { name: 'refund', functionName: 'payments-dev-refund', timeoutSeconds: 6, triggers: [] },
    ]);
    expect(read.tables).toEqual([{ logicalId: 'ChargesTable', tableName: 'payments-dev-charges', operations: [], globalSecondaryIndexes: ['byCard', 'byMerchant'] }]);
  });

  it('reads the notifier apart from the functions it alarms on, with its role and webhook parameter', () => {
    // Prepare
    const resources = { SlackNotifierLambdaFunction: { Type: 'AWS::Lambda::Function', Properties: { Role: { 'Fn::GetAtt': ['SlackNotifierRole', 'Arn'] } } } };
    const functions = { charge: { name: 'payments-dev-charge' }, slackNotifier: { name: 'payments-dev-slackNotifier', environment: { SLACK_WEBHOOK_PARAMETER: '/payments/dev/slack/{tier}' } } };

    // Act
    const read = readServiceResources(input({ resources, functions, notifierKey: 'slackNotifier' }));

    // Assess
    expect(read.functions.map((fn) => fn.name)).toEqual(['charge']);
    expect(read.notifier).toEqual({
      functionLogicalId: 'SlackNotifierLambdaFunction',
      roleLogicalId: 'SlackNotifierRole',
      functionName: 'payments-dev-slackNotifier',
      webhookParameter: '/payments/dev/slack/{tier}',
    });
  });

  it('reads the delivery-metrics function apart from the functions it watches, with its own role', () => {
    // Prepare
    const resources = { ChargeLambdaFunction: lambdaOn('ChargeRole'), DeliveryMetricsLambdaFunction: lambdaOn('DeliveryMetricsRole') };
    const functions = { charge: { name: 'payments-dev-charge' }, deliveryMetrics: { name: 'payments-dev-deliveryMetrics', timeout: 30 } };

    // Act
    const read = readServiceResources(input({ resources, functions, deliveryKey: 'deliveryMetrics' }));

    // Assess
    expect(read.functions.map((fn) => fn.name)).toEqual(['charge']);
    expect(read.delivery).toEqual({ functionLogicalId: 'DeliveryMetricsLambdaFunction', roleLogicalId: 'DeliveryMetricsRole', functionName: 'payments-dev-deliveryMetrics' });
    expect(read.stackName).toBe('payments-dev');
  });

  it('reads no delivery-metrics function when the service names none', () => {
    // Act
    const read = readServiceResources(input({ resources: { ChargeLambdaFunction: lambdaOn('ChargeRole') } }));

    // Assess
    expect(read).not.toHaveProperty('delivery');
  });

  it.each([
    [
      'a table named at deploy time',
      input({ resources: { ChargesTable: table({ Ref: 'AWS::StackName' }) } }),
      'table ChargesTable needs a literal TableName for its alarms\' TableName dimension (found {"Ref":"AWS::StackName"})',
    ],
    [
      'two REST APIs',
      input({ resources: { A: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'a' } }, B: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'b' } } } }),
      'found 2 REST APIs (A, B); Periscope alarms on one',
    ],
    [
      'an API named at deploy time',
      input({ resources: { Api: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: { Ref: 'x' } } } } }),
      "REST API Api needs a literal Name for its alarms' ApiName dimension",
    ],
    [
      'a notifier that is not a function of the service',
      input({ notifierKey: 'slackNotifier' }),
      "custom.periscope.notifier is 'slackNotifier', but serverless.yml has no function 'slackNotifier' (functions: charge)",
    ],
    [
      'a notifier without its own role',
      input({ notifierKey: 'charge', resources: { ChargeLambdaFunction: { Type: 'AWS::Lambda::Function', Properties: {} } } }),
      "the notifier function 'charge' needs its own role in this template (set `role:` to a role resource) so it can be granted its dead letter queue",
    ],
    [
      'a notifier on the role osls gives every function without one',
      input({
        notifierKey: 'slackNotifier',
        functions: { charge: { name: 'payments-dev-charge' }, slackNotifier: { name: 'payments-dev-slackNotifier', environment: { SLACK_WEBHOOK_PARAMETER: '/payments/dev/slack/{tier}' } } },
        resources: { ChargeLambdaFunction: lambdaOn('IamRoleLambdaExecution'), SlackNotifierLambdaFunction: lambdaOn('IamRoleLambdaExecution') },
      }),
      "the notifier function 'slackNotifier' needs its own role in this template (set `role:` to a role resource) so it can be granted its dead letter queue; it shares IamRoleLambdaExecution with ChargeLambdaFunction",
    ],
    [
      'a notifier without its webhook parameter',
      input({ notifierKey: 'charge', resources: { ChargeLambdaFunction: { Type: 'AWS::Lambda::Function', Properties: { Role: { 'Fn::GetAtt': ['ChargeRole', 'Arn'] } } } } }),
      "the notifier function 'charge' needs environment SLACK_WEBHOOK_PARAMETER, the SSM parameter path of the Slack webhook ('/periscope/<service>/<stage>/slack/{tier}')",
    ],
    [
      'a delivery-metrics function that is not a function of the service',
      input({ deliveryKey: 'deliveryMetrics' }),
      "custom.periscope.delivery is 'deliveryMetrics', but serverless.yml has no function 'deliveryMetrics' (functions: charge)",
    ],
    [
      'a delivery-metrics function without a role in the template',
      input({ deliveryKey: 'charge', resources: { ChargeLambdaFunction: { Type: 'AWS::Lambda::Function', Properties: { Role: 'arn:aws:iam::123456789012:role/shared' } } } }),
      "the delivery-metrics function 'charge' needs its own role in this template (set `role:` to a role resource) so it can be granted its table, its dashboard and its dead letter queue",
    ],
    [
      'a delivery-metrics function on the role osls gives every function without one',
      input({
        deliveryKey: 'deliveryMetrics',
        functions: { charge: { name: 'payments-dev-charge' }, deliveryMetrics: { name: 'payments-dev-deliveryMetrics' } },
        resources: { ChargeLambdaFunction: lambdaOn('IamRoleLambdaExecution'), DeliveryMetricsLambdaFunction: lambdaOn('IamRoleLambdaExecution') },
      }),
      "the delivery-metrics function 'deliveryMetrics' needs its own role in this template (set `role:` to a role resource) so it can be granted its table, its dashboard and its dead letter queue; it shares IamRoleLambdaExecution with ChargeLambdaFunction",
    ],
    [
      'a delivery-metrics function sharing another function’s role',
      input({
        deliveryKey: 'deliveryMetrics',
        functions: { charge: { name: 'payments-dev-charge' }, deliveryMetrics: { name: 'payments-dev-deliveryMetrics' } },
        resources: { ChargeLambdaFunction: lambdaOn('ServiceRole'), DeliveryMetricsLambdaFunction: lambdaOn('ServiceRole') },
      }),
      "the delivery-metrics function 'deliveryMetrics' needs its own role in this template (set `role:` to a role resource) so it can be granted its table, its dashboard and its dead letter queue; it shares ServiceRole with ChargeLambdaFunction",
    ],
    [
      'a delivery-metrics function without the stack it records',
      input({ deliveryKey: 'charge', stackName: null, resources: { ChargeLambdaFunction: lambdaOn('ChargeRole') } }),
      'the delivery-metrics function needs the stack name, which the provider did not give',
    ],
    [
      'a reserved concurrency set at deploy time',
      input({ resources: { ChargeLambdaFunction: { Type: 'AWS::Lambda::Function', Properties: { ReservedConcurrentExecutions: { Ref: 'Reserved' } } } } }),
      'function \'charge\' needs a literal whole reservedConcurrency for its concurrency alarm (found {"Ref":"Reserved"} on ChargeLambdaFunction)',
    ],
    [
      'an index named at deploy time',
      input({
        resources: { ChargesTable: { Type: 'AWS::DynamoDB::Table', Properties: { TableName: 'charges', GlobalSecondaryIndexes: [{ IndexName: { 'Fn::Sub': '${AWS::StackName}-byCard' } }] } } },
      }),
      'table ChargesTable needs a literal IndexName for each global secondary index (found {"Fn::Sub":"${AWS::StackName}-byCard"})',
    ],
  ])('refuses %s, saying what to change', (_case, given, message) => {
    expect(() => readServiceResources(given)).toThrow(new ResourceReadError(message));
  });
});
