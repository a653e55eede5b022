import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { catalog } from '../../observability.config';
import { ORDERS_TABLE } from '../../handlers/orders/adapters/order-table';

const ROOT = resolve(__dirname, '../..');
type Resource = { Type: string; Properties: Record<string, any> };

/** `serverless package` as `npm run package` runs it: offline, with no AWS credentials at all. */
describe('serverless package', () => {
  const out = mkdtempSync(join(tmpdir(), 'periscope-package-'));
  let resources: Record<string, Resource>;
  let state: { service: { provider: Record<string, any> } };
  const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);

  beforeAll(async () => {
    const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('AWS_')));
    await promisify(execFile)(process.execPath, [require.resolve('serverless/bin/serverless.js'), 'package', '--package', out], { cwd: ROOT, env: { ...env, AWS_SDK_LOAD_CONFIG: '0', HOME: out } });
    resources = JSON.parse(readFileSync(join(out, 'cloudformation-template-update-stack.json'), 'utf8')).Resources;
    state = JSON.parse(readFileSync(join(out, 'serverless-state.json'), 'utf8'));
  }, 120_000);
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('deploys every catalog function on nodejs22.x with active tracing and the catalog’s names in its environment', () => {
    const functions = ofType('AWS::Lambda::Function');
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

  it('serves the routes the catalog declares, with API Gateway tracing on', () => {
    const methods = ofType('AWS::ApiGateway::Method').map(([, m]) => m.Properties.HttpMethod as string);
    expect(methods.sort()).toEqual(['ANY', 'GET', 'GET', 'POST']);
    // osls turns stage tracing on through the API Gateway API at deploy time, not in the template.
    expect(state.service.provider.tracing).toEqual({ lambda: true, apiGateway: true });
  });

  it('gives each function its own role with only the DynamoDB actions it needs', () => {
    const dynamoActions = (roleId: string) =>
      resources[roleId]!.Properties.Policies[0].PolicyDocument.Statement.filter((s: { Action: string[] }) => s.Action.some((a) => a.startsWith('dynamodb:')));
    const roleOf = (fn: string) => resources[`${fn.charAt(0).toUpperCase()}${fn.slice(1)}LambdaFunction`]!.Properties.Role['Fn::GetAtt'][0] as string;

    expect(new Set(catalog.functions.map((f) => roleOf(f.name))).size).toBe(catalog.functions.length);
    expect(dynamoActions(roleOf('createOrder'))).toEqual([{ Effect: 'Allow', Action: ['dynamodb:PutItem'], Resource: [{ 'Fn::GetAtt': ['OrdersTable', 'Arn'] }] }]);
    expect(dynamoActions(roleOf('getOrder'))).toEqual([{ Effect: 'Allow', Action: ['dynamodb:GetItem'], Resource: [{ 'Fn::GetAtt': ['OrdersTable', 'Arn'] }] }]);
    expect(dynamoActions(roleOf('listOrders'))).toEqual([
      { Effect: 'Allow', Action: ['dynamodb:Query'], Resource: [{ 'Fn::Join': ['/', [{ 'Fn::GetAtt': ['OrdersTable', 'Arn'] }, 'index', ORDERS_TABLE.customerIndex.name]] }] },
    ]);
    expect(dynamoActions(roleOf('routeNotFound'))).toEqual([]);
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
});
