/**
 * One IAM role per function, each allowed only the DynamoDB actions that function needs, on the
 * orders table or its customer index, and only the SQS actions it needs on the OrderPlaced queue. Generated here rather than written out four times in
 * serverless.yml so the rules can't drift apart; `test/unit/deploy/packaged-template.test.ts`
 * checks the packaged result.
 *
 * Resolved by serverless as `${file(./deploy/function-roles.js):roles}`.
 */

/** What each function may do to the table: `table` or `index` (the byCustomer GSI). */
const ACCESS = {
  createOrder: { actions: ['dynamodb:PutItem'], on: 'table', idempotency: true, publishes: true },
  getOrder: { actions: ['dynamodb:GetItem'], on: 'table' },
  listOrders: { actions: ['dynamodb:Query'], on: 'index' },
  // Reads the OrderPlaced queue (the event source mapping polls with the function's role) and updates the order.
  fulfilOrder: { actions: ['dynamodb:UpdateItem'], on: 'table', consumes: true },
  routeNotFound: null,
  // Its dead letter queue and webhook parameters are granted by the Periscope plugin, which creates them.
  slackNotifier: null,
  // What it invokes (the new versions) and where it reports (CodeDeploy) is granted by the Periscope plugin.
  deployHook: null,
  // Its table, dashboard, metrics reads and dead letter queue are granted by the Periscope plugin, which creates them.
  deliveryMetrics: null,
};

const logicalId = (functionName) => `${functionName.charAt(0).toUpperCase()}${functionName.slice(1)}Role`;

function role({ service, stage, functionName, access }) {
  const logGroup = { 'Fn::Sub': `arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:/aws/lambda/${service}-${stage}-${functionName}:*` };
  const statements = [
    { Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: [logGroup] },
    // X-Ray does not support resource-level permissions for these actions.
    { Effect: 'Allow', Action: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], Resource: '*' },
  ];
  if (access) {
    const table = { 'Fn::GetAtt': ['OrdersTable', 'Arn'] };
    const resource = access.on === 'index' ? { 'Fn::Join': ['/', [table, 'index', 'byCustomer']] } : table;
    statements.push({ Effect: 'Allow', Action: access.actions, Resource: [resource] });
  }
  if (access?.idempotency) {
    // Powertools idempotency: claims a key (PutItem), reads it (GetItem), completes it (UpdateItem) or releases it on failure (DeleteItem).
    statements.push({
      Effect: 'Allow',
      Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
      Resource: [{ 'Fn::GetAtt': ['IdempotencyTable', 'Arn'] }],
    });
  }
  const queue = { 'Fn::GetAtt': ['OrderPlacedQueue', 'Arn'] };
  if (access?.publishes) statements.push({ Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: [queue] });
  if (access?.consumes) statements.push({ Effect: 'Allow', Action: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'], Resource: [queue] });
  return {
    Type: 'AWS::IAM::Role',
    Properties: {
      AssumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: ['lambda.amazonaws.com'] }, Action: ['sts:AssumeRole'] }],
      },
      Policies: [{ PolicyName: `${service}-${stage}-${functionName}`, PolicyDocument: { Version: '2012-10-17', Statement: statements } }],
    },
  };
}

/** @returns the CloudFormation resources of every function's role, keyed `<Function>Role`. */
module.exports.roles = async ({ resolveVariable }) => {
  const service = await resolveVariable('self:service');
  const stage = await resolveVariable('sls:stage');
  return Object.fromEntries(Object.entries(ACCESS).map(([functionName, access]) => [logicalId(functionName), role({ service, stage, functionName, access })]));
};

module.exports.ACCESS = ACCESS;
