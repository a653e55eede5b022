import { type CompiledTemplate, ResourceReadError, readServiceResources } from '../../../plugin/read-resources';
import { readTriggers } from '../../../plugin/read-triggers';

const logicalId = (key: string): string => `${key.charAt(0).toUpperCase()}${key.slice(1)}LambdaFunction`;
const arnOf = (key: string) => ({ 'Fn::GetAtt': [logicalId(key), 'Arn'] });

/**
 * What osls 4 compiles for a shop's events (read from `serverless package` of a scratch service):
 * `httpApi`, `url: true`, `sqs` (a queue of the template with a dead letter queue, and a literal ARN),
 * `sns` (a topic by name, and a topic ARN), `destinations.onFailure`, `eventBridge` on a custom bus,
 * `schedule` (a rule, and `method: scheduler`), and `http` for the REST API.
 */
const compiled: CompiledTemplate['Resources'] = {
  ApiGatewayMethodCheckoutPost: {
    Type: 'AWS::ApiGateway::Method',
    Properties: {
      HttpMethod: 'POST',
      Integration: {
        Type: 'AWS_PROXY',
        Uri: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':apigateway:', { Ref: 'AWS::Region' }, ':lambda:path/2015-03-31/functions/', arnOf('checkout'), '/invocations']] },
      },
    },
  },
  ApiGatewayMethodCheckoutOptions: {
    Type: 'AWS::ApiGateway::Method',
    Properties: {
      HttpMethod: 'OPTIONS',
      Integration: {
        Type: 'AWS_PROXY',
        Uri: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':apigateway:', { Ref: 'AWS::Region' }, ':lambda:path/2015-03-31/functions/', arnOf('checkout'), '/invocations']] },
      },
    },
  },
  HttpApi: { Type: 'AWS::ApiGatewayV2::Api', Properties: { Name: 'dev-shop', ProtocolType: 'HTTP' } },
  HttpApiStage: { Type: 'AWS::ApiGatewayV2::Stage', Properties: { ApiId: { Ref: 'HttpApi' }, StageName: '$default', AutoDeploy: true } },
  HttpApiIntegrationSearch: {
    Type: 'AWS::ApiGatewayV2::Integration',
    Properties: { ApiId: { Ref: 'HttpApi' }, IntegrationType: 'AWS_PROXY', IntegrationUri: arnOf('search'), PayloadFormatVersion: '2.0', TimeoutInMillis: 30000 },
  },
  ReceiptLambdaFunctionUrl: { Type: 'AWS::Lambda::Url', Properties: { AuthType: 'NONE', TargetFunctionArn: arnOf('receipt') } },
  OrdersQueue: {
    Type: 'AWS::SQS::Queue',
    Properties: { QueueName: 'shop-dev-orders', RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': ['OrdersDeadLetterQueue', 'Arn'] }, maxReceiveCount: 3 } },
  },
  OrdersDeadLetterQueue: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'shop-dev-orders-dlq' } },
  FulfilEventSourceMappingSQSOrdersQueue: {
    Type: 'AWS::Lambda::EventSourceMapping',
    Properties: { BatchSize: 10, EventSourceArn: { 'Fn::GetAtt': ['OrdersQueue', 'Arn'] }, FunctionName: arnOf('fulfil'), Enabled: true, FunctionResponseTypes: ['ReportBatchItemFailures'] },
  },
  AuditEventSourceMappingSQSShopdevaudit: {
    Type: 'AWS::Lambda::EventSourceMapping',
    Properties: { BatchSize: 10, EventSourceArn: 'arn:aws:sqs:us-east-1:123456789012:shop-dev-audit', FunctionName: arnOf('audit'), Enabled: true },
  },
  SNSTopicShopdevorders: { Type: 'AWS::SNS::Topic', Properties: { TopicName: 'shop-dev-orders', Subscription: [{ Endpoint: arnOf('notify'), Protocol: 'lambda' }] } },
  NotifySnsSubscriptionRefunds: { Type: 'AWS::SNS::Subscription', Properties: { TopicArn: 'arn:aws:sns:us-east-1:123456789012:refunds', Protocol: 'lambda', Endpoint: arnOf('notify') } },
  NotifyLambdaEvConf: {
    Type: 'AWS::Lambda::EventInvokeConfig',
    Properties: {
      FunctionName: { Ref: 'NotifyLambdaFunction' },
      DestinationConfig: { OnFailure: { Destination: 'arn:aws:sqs:us-east-1:123456789012:shop-dev-notify-failures' } },
      Qualifier: '$LATEST',
    },
  },
  ShopDasheventsEventBridgeEventBus: { Type: 'AWS::Events::EventBus', Properties: { Name: 'shop-events' } },
  Shopdevreactrule1EventBridgeRule: {
    Type: 'AWS::Events::Rule',
    Properties: {
      EventBusName: 'shop-events',
      EventPattern: { source: ['shop'] },
      Name: 'shop-dev-react-rule-1',
      State: 'ENABLED',
      Targets: [{ Arn: arnOf('react'), Id: 'shop-dev-react-rule-1-target' }],
    },
  },
  NightlyEventsRuleSchedule1: { Type: 'AWS::Events::Rule', Properties: { ScheduleExpression: 'rate(1 day)', State: 'ENABLED', Targets: [{ Arn: arnOf('nightly'), Id: 'nightlySchedule' }] } },
  NightlySchedulerSchedule2: {
    Type: 'AWS::Scheduler::Schedule',
    Properties: {
      ScheduleExpression: 'rate(1 hour)',
      State: 'ENABLED',
      Target: { Arn: arnOf('nightly'), RoleArn: { 'Fn::GetAtt': ['IamRoleLambdaExecution', 'Arn'] } },
      FlexibleTimeWindow: { Mode: 'OFF' },
    },
  },
};

const KEYS = ['checkout', 'search', 'receipt', 'fulfil', 'audit', 'notify', 'react', 'nightly', 'report'];

describe('reading what invokes each function from the compiled template', () => {
  it('reads every trigger osls compiles, with the names their alarms need', () => {
    // Act
    const { functions } = readServiceResources({
      template: { Resources: compiled },
      stage: 'dev',
      defaultTimeoutSeconds: 6,
      functions: Object.fromEntries(KEYS.map((key) => [key, { name: `shop-dev-${key}` }])),
      functionLogicalId: logicalId,
    });

    // Assess
    expect(Object.fromEntries(functions.map((fn) => [fn.name, fn.keepsFailedEvents === true ? { triggers: fn.triggers, keepsFailedEvents: true } : fn.triggers]))).toEqual({
      checkout: [{ kind: 'rest-api' }],
      search: [{ kind: 'http-api', apiId: { Ref: 'HttpApi' }, stage: '$default' }],
      receipt: [{ kind: 'function-url' }],
      fulfil: [{ kind: 'sqs', queueName: 'shop-dev-orders', deadLetterQueueName: 'shop-dev-orders-dlq', reportsBatchItemFailures: true }],
      audit: [{ kind: 'sqs', queueName: 'shop-dev-audit', reportsBatchItemFailures: false }],
      notify: {
        triggers: [
          { kind: 'sns', topicName: 'shop-dev-orders' },
          { kind: 'sns', topicName: 'refunds' },
        ],
        keepsFailedEvents: true,
      },
      react: [{ kind: 'eventbridge', ruleName: 'shop-dev-react-rule-1', eventBusName: 'shop-events' }],
      // A rule osls leaves unnamed is named by its Ref; an EventBridge Scheduler schedule has no rule
      nightly: [{ kind: 'schedule', ruleName: { Ref: 'NightlyEventsRuleSchedule1' } }, { kind: 'schedule' }],
      report: [],
    });
  });

  it('reads a function that keeps its failed events in a dead letter queue (onError)', () => {
    // Prepare
    const template = { Resources: { ReportLambdaFunction: { Type: 'AWS::Lambda::Function', Properties: { DeadLetterConfig: { TargetArn: 'arn:aws:sqs:us-east-1:1:report-failures' } } } } };

    // Act
    const { functions } = readServiceResources({ template, stage: 'dev', defaultTimeoutSeconds: 6, functions: { report: { name: 'shop-dev-report' } }, functionLogicalId: logicalId });

    // Assess
    expect(functions).toEqual([{ name: 'report', functionName: 'shop-dev-report', timeoutSeconds: 6, triggers: [], keepsFailedEvents: true }]);
  });

  it('reads a REST API method whose join the plugin has written as an Fn::Sub', () => {
    // Prepare
    const template: CompiledTemplate = {
      Resources: {
        ApiGatewayMethodOrdersPost: {
          Type: 'AWS::ApiGateway::Method',
          Properties: { Integration: { Uri: { 'Fn::Sub': 'arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${CheckoutLambdaFunction.Arn}/invocations' } } },
        },
      },
    };

    // Act / Assess
    expect(readTriggers(template, logicalId('checkout'))).toEqual([{ kind: 'rest-api' }]);
    expect(readTriggers(template, logicalId('check'))).toEqual([]);
  });

  it('leaves out the event source mappings of streams, and the integrations of a WebSocket API', () => {
    // Prepare
    const template: CompiledTemplate = {
      Resources: {
        StreamMapping: { Type: 'AWS::Lambda::EventSourceMapping', Properties: { EventSourceArn: { 'Fn::ImportValue': 'orders-stream' }, StartingPosition: 'LATEST', FunctionName: arnOf('audit') } },
        TableStreamMapping: { Type: 'AWS::Lambda::EventSourceMapping', Properties: { EventSourceArn: 'arn:aws:dynamodb:us-east-1:1:table/orders/stream/2026', FunctionName: arnOf('audit') } },
        SocketApi: { Type: 'AWS::ApiGatewayV2::Api', Properties: { Name: 'dev-shop-websockets', ProtocolType: 'WEBSOCKET' } },
        SocketIntegration: { Type: 'AWS::ApiGatewayV2::Integration', Properties: { ApiId: { Ref: 'SocketApi' }, IntegrationUri: arnOf('audit') } },
      },
    };

    // Act / Assess
    expect(readTriggers(template, logicalId('audit'))).toEqual([]);
  });

  it('reads a custom bus of the template by its Ref, and a queue’s RedrivePolicy written as JSON text', () => {
    // Prepare
    const template: CompiledTemplate = {
      Resources: {
        Bus: { Type: 'AWS::Events::EventBus', Properties: { Name: 'shop-events' } },
        Rule: { Type: 'AWS::Events::Rule', Properties: { EventBusName: { Ref: 'Bus' }, Name: 'react', EventPattern: {}, Targets: [{ Arn: arnOf('react'), Id: 't' }] } },
        Queue: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'q', RedrivePolicy: '{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:1:q-dlq","maxReceiveCount":5}' } },
        Mapping: { Type: 'AWS::Lambda::EventSourceMapping', Properties: { EventSourceArn: { 'Fn::GetAtt': ['Queue', 'Arn'] }, FunctionName: arnOf('react') } },
      },
    };

    // Act / Assess
    expect(readTriggers(template, logicalId('react'))).toEqual([
      { kind: 'sqs', queueName: 'q', deadLetterQueueName: 'q-dlq', reportsBatchItemFailures: false },
      { kind: 'eventbridge', ruleName: 'react', eventBusName: { Ref: 'Bus' } },
    ]);
  });

  it.each<[string, CompiledTemplate['Resources'], string]>([
    [
      'a queue CloudFormation names',
      {
        Queue: { Type: 'AWS::SQS::Queue', Properties: {} },
        Mapping: { Type: 'AWS::Lambda::EventSourceMapping', Properties: { EventSourceArn: { 'Fn::GetAtt': ['Queue', 'Arn'] }, FunctionName: arnOf('fulfil') } },
      },
      "event source mapping Mapping reads queue Queue, which needs a literal QueueName for its alarms' QueueName dimension (set QueueName on Queue; found undefined)",
    ],
    [
      'a queue imported from another stack',
      { Mapping: { Type: 'AWS::Lambda::EventSourceMapping', Properties: { EventSourceArn: { 'Fn::ImportValue': 'orders-queue-arn' }, FunctionName: arnOf('fulfil') } } },
      'event source mapping Mapping needs its EventSourceArn as { "Fn::GetAtt": [<queue in this template>, "Arn"] } or a literal queue ARN, to name its alarms\' QueueName dimension (found {"Fn::ImportValue":"orders-queue-arn"})',
    ],
    [
      'a dead letter queue named at deploy time',
      {
        Dlq: { Type: 'AWS::SQS::Queue', Properties: { QueueName: { 'Fn::Sub': '${AWS::StackName}-dlq' } } },
        Queue: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'orders', RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': ['Dlq', 'Arn'] } } } },
        Mapping: { Type: 'AWS::Lambda::EventSourceMapping', Properties: { EventSourceArn: { 'Fn::GetAtt': ['Queue', 'Arn'] }, FunctionName: arnOf('fulfil') } },
      },
      'queue Queue\'s RedrivePolicy reads queue Dlq, which needs a literal QueueName for its alarms\' QueueName dimension (set QueueName on Dlq; found {"Fn::Sub":"${AWS::StackName}-dlq"})',
    ],
    [
      'a dead letter queue imported from another stack',
      {
        Queue: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'orders', RedrivePolicy: { deadLetterTargetArn: { 'Fn::ImportValue': 'dlq-arn' } } } },
        Mapping: { Type: 'AWS::Lambda::EventSourceMapping', Properties: { EventSourceArn: { 'Fn::GetAtt': ['Queue', 'Arn'] }, FunctionName: arnOf('fulfil') } },
      },
      'queue Queue\'s RedrivePolicy needs its deadLetterTargetArn as { "Fn::GetAtt": [<queue in this template>, "Arn"] } or a literal queue ARN, to name its alarms\' QueueName dimension (found {"Fn::ImportValue":"dlq-arn"})',
    ],
    [
      'an unnamed rule on a custom bus, whose Ref is not its name',
      { Rule: { Type: 'AWS::Events::Rule', Properties: { EventBusName: 'shop-events', EventPattern: {}, Targets: [{ Arn: arnOf('fulfil'), Id: 't' }] } } },
      "rule Rule is on a custom event bus and needs a literal Name for its alarm's RuleName dimension (its Ref there is '<bus>|<rule>'; found undefined)",
    ],
    [
      'an HTTP API imported from another stack',
      { Integration: { Type: 'AWS::ApiGatewayV2::Integration', Properties: { ApiId: { 'Fn::ImportValue': 'api-id' }, IntegrationUri: arnOf('fulfil') } } },
      'integration Integration needs its ApiId as a Ref to an HTTP API in this template or a literal id, for its alarms\' ApiId dimension (found {"Fn::ImportValue":"api-id"})',
    ],
    [
      'an HTTP API stage named at deploy time',
      {
        HttpApi: { Type: 'AWS::ApiGatewayV2::Api', Properties: { ProtocolType: 'HTTP' } },
        HttpApiStage: { Type: 'AWS::ApiGatewayV2::Stage', Properties: { ApiId: { Ref: 'HttpApi' }, StageName: { Ref: 'AWS::StackName' } } },
        Integration: { Type: 'AWS::ApiGatewayV2::Integration', Properties: { ApiId: { Ref: 'HttpApi' }, IntegrationUri: arnOf('fulfil') } },
      },
      'the stage of HTTP API {"Ref":"HttpApi"} needs a literal StageName for its alarms\' Stage dimension (found {"Ref":"AWS::StackName"})',
    ],
    [
      'a bus imported from another stack',
      { Rule: { Type: 'AWS::Events::Rule', Properties: { EventBusName: { 'Fn::ImportValue': 'bus' }, Name: 'r', Targets: [{ Arn: arnOf('fulfil'), Id: 't' }] } } },
      'rule Rule needs its EventBusName as a literal name or ARN, or a Ref to an event bus in this template, for its alarm\'s EventBusName dimension (found {"Fn::ImportValue":"bus"})',
    ],
  ])('refuses %s, saying what to set', (_case, resources, message) => {
    // Act
    const read = () => readTriggers({ Resources: resources }, logicalId('fulfil'));

    // Assess
    expect(read).toThrow(new ResourceReadError(message));
  });
});
