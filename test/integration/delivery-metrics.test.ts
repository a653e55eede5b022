import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Context } from 'aws-lambda';
import { generateDelivery } from '../../alarms';
import { ordersServiceResources } from '../../deploy/service-resources';
import stackFixture from '../../events/cloudformation-stack-status-change.json';
import { createDeliveryMetrics, DELIVERY_CONFIG_VARIABLE } from '../../handlers/delivery/delivery-metrics';
import { DeliveryConfigError } from '../../handlers/delivery/errors';
import { catalog } from '../../observability.config';
import { codeDeployDeploymentEvent, stackIdOf, stackStatusChangeEvent } from '../../tools/emulators/codedeploy/events';
import { type LocalDynamoDb, startDynalite } from '../../tools/emulators/dynamodb-local/dynalite';
import { lambdaContext } from '../../tools/emulators/lambda-sandbox/lambda-context';
import { captureOutput } from '../support/capture-stdout';

/**
 * The delivery-metrics function as Lambda runs it (middy, Powertools logger and metrics), on a real
 * DynamoDB (dynalite) with the table Periscope generates: what it writes, once, whatever EventBridge
 * delivers; what it does with events it cannot use; and that it fails loudly when its store does.
 */
const origin = { region: 'us-east-1', accountId: '123456789012' };
const resources = ordersServiceResources('prod');
const generated = generateDelivery(catalog, { ...resources, delivery: resources.delivery!, stackName: resources.stackName! });
const stackId = stackIdOf(resources.stackName!, origin, '5b1d6a50-c9e1-11f0-9c3a-0a8e4c1f2b3d');
const context = (): Context => lambdaContext({ functionName: resources.delivery!.functionName, requestId: randomUUID(), timeoutMs: 30_000 });

let dynamo: LocalDynamoDb;
let table = 0;

/** A handler on a fresh table (and with the dashboard and impact reads left out: no CloudWatch here). */
async function freshHandler(endpoint = dynamo.endpoint) {
  table += 1;
  const config = { ...generated.config, table: `${generated.config.table}-${table}` };
  if (endpoint === dynamo.endpoint) {
    const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    const properties = Object.values(generated.resources).find((r) => r.Type === 'AWS::DynamoDB::Table')!.Properties as Record<string, never>;
    await client.send(new CreateTableCommand({ TableName: config.table, KeySchema: properties.KeySchema, AttributeDefinitions: properties.AttributeDefinitions, BillingMode: 'PAY_PER_REQUEST' }));
  }
  process.env.AWS_ENDPOINT_URL_DYNAMODB = endpoint;
  return createDeliveryMetrics({
    env: { [DELIVERY_CONFIG_VARIABLE]: JSON.stringify(config), AWS_REGION: 'us-east-1' },
    ports: { annotator: { annotate: async () => false }, impact: { read: async () => ({ requests: 0, failedRequests: 0, errorRatePercent: 0 }) } },
  });
}

const stackEvent = (status: 'UPDATE_IN_PROGRESS' | 'UPDATE_COMPLETE' | 'UPDATE_ROLLBACK_COMPLETE', at: number) =>
  stackStatusChangeEvent(
    { stackId, status, reason: status === 'UPDATE_ROLLBACK_COMPLETE' ? 'The following resource(s) failed to update: [CreateOrderLambdaAliasLive].' : '', clientRequestToken: 't', at },
    origin,
  );

const deliveryMetricsOf = (emf: Record<string, any>[]) =>
  emf
    .filter((doc) => doc._aws.CloudWatchMetrics[0].Namespace === 'Periscope/Delivery' && doc.service === 'orders')
    .map((doc) => ({ stage: doc.stage, at: doc._aws.Timestamp, metrics: doc._aws.CloudWatchMetrics[0].Metrics.map((m: { Name: string }) => `${m.Name}=${doc[m.Name]}`).sort() }));

const functionCounts = (emf: Record<string, any>[]) =>
  emf.filter((doc) => doc.service === 'delivery-metrics').flatMap((doc) => doc._aws.CloudWatchMetrics[0].Metrics.map((m: { Name: string }) => `${m.Name}=${doc[m.Name]}`));

beforeAll(async () => {
  Object.assign(process.env, { AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', POWERTOOLS_METRICS_DISABLED: 'false' });
  dynamo = await startDynalite();
});
afterAll(async () => {
  await dynamo.close();
});

describe('the delivery-metrics function', () => {
  const start = Date.UTC(2026, 10, 30, 10, 0);

  it('writes Deployments once, at the deployment end, with the service and stage as dimensions', async () => {
    // Arrange
    const handler = await freshHandler();
    const output = captureOutput();
    // Act
    try {
      await handler(stackEvent('UPDATE_IN_PROGRESS', start), context());
      await handler(stackEvent('UPDATE_COMPLETE', start + 8 * 60_000), context());
    } finally {
      output.restore();
    }
    // Assert
    expect(deliveryMetricsOf(output.emf())).toEqual([{ stage: 'prod', at: start + 8 * 60_000, metrics: ['Deployments=1'] }]);
    expect(functionCounts(output.emf())).toEqual(['EventsRecorded=1', 'EventsRecorded=1']);
  });

  it('changes nothing when EventBridge delivers the same event twice, even at the same time', async () => {
    const handler = await freshHandler();
    const begin = stackEvent('UPDATE_IN_PROGRESS', start);
    const end = stackEvent('UPDATE_ROLLBACK_COMPLETE', start + 9 * 60_000);
    const output = captureOutput();
    try {
      await handler(begin, context());
      await Promise.all([handler(end, context()), handler(end, context()), handler(end, context())]);
      await handler(begin, context());
    } finally {
      output.restore();
    }
    expect(deliveryMetricsOf(output.emf())).toEqual([
      { stage: 'prod', at: start + 9 * 60_000, metrics: ['Deployments=1'] },
      { stage: 'prod', at: start + 9 * 60_000, metrics: ['ChangeFailed=1', 'FailedDeploymentRecoverySeconds=540'] },
    ]);
    expect(functionCounts(output.emf()).sort()).toEqual(['EventsDuplicate=1', 'EventsDuplicate=1', 'EventsDuplicate=1', 'EventsRecorded=1', 'EventsRecorded=1']);
  });

  it('logs and counts an event it cannot read, and an event about another service, without failing', async () => {
    const handler = await freshHandler();
    const foreign = { ...stackFixture, id: randomUUID(), detail: { ...stackFixture.detail, 'stack-id': stackIdOf('periscope-inventory-prod', origin) } };
    const output = captureOutput();
    try {
      await handler({ id: 'e-1', source: 'aws.s3', 'detail-type': 'Object Created', detail: {} }, context());
      await handler({ ...stackFixture, id: randomUUID(), detail: { 'status-details': { status: 'UPDATE_COMPLETE' } } }, context());
      await handler(foreign, context());
      await handler(null, context());
    } finally {
      output.restore();
    }
    const warnings = output.json().filter((line) => line.message === 'Delivery event rejected');
    expect(warnings.map((line) => line.reason)).toEqual([
      expect.stringContaining("'Object Created' from aws.s3"),
      expect.stringContaining('has no stack-id'),
      expect.stringContaining('not an EventBridge event'),
    ]);
    expect(output.json().find((line) => line.message === 'Delivery event ignored')?.reason).toContain('periscope-inventory-prod is not periscope-orders-prod');
    expect(functionCounts(output.emf()).sort()).toEqual(['EventsIgnored=1', 'EventsRejected=1', 'EventsRejected=1', 'EventsRejected=1']);
    expect(deliveryMetricsOf(output.emf())).toEqual([]);
  });

  it("folds a deploy's CodeDeploy traffic shifts into the one deployment", async () => {
    const handler = await freshHandler();
    const shift = (state: 'START' | 'SUCCESS', at: number, group: string) =>
      codeDeployDeploymentEvent({ application: 'orders-prod', deploymentGroup: group, deploymentId: `d-${group.slice(-9).toUpperCase().replace(/-/g, 'X')}`, state, at }, origin);
    const output = captureOutput();
    try {
      await handler(stackEvent('UPDATE_IN_PROGRESS', start), context());
      for (const group of ['orders-prod-create-order', 'orders-prod-get-order']) {
        await handler(shift('START', start + 60_000, group), context());
        await handler(shift('SUCCESS', start + 7 * 60_000, group), context());
      }
      await handler(stackEvent('UPDATE_COMPLETE', start + 8 * 60_000), context());
    } finally {
      output.restore();
    }
    expect(deliveryMetricsOf(output.emf())).toEqual([{ stage: 'prod', at: start + 8 * 60_000, metrics: ['Deployments=1'] }]);
  });

  it('fails the invocation when its table cannot be reached, so Lambda retries the event', async () => {
    const closed = await new Promise<number>((resolve) => {
      const server = createServer();
      server.listen(0, '127.0.0.1', () => {
        const { port } = server.address() as AddressInfo;
        server.close(() => resolve(port));
      });
    });
    const handler = await freshHandler(`http://127.0.0.1:${closed}`);
    const output = captureOutput();
    try {
      await expect(handler(stackEvent('UPDATE_IN_PROGRESS', start), context())).rejects.toThrow();
    } finally {
      output.restore();
    }
  });

  it('refuses to start without its configuration, naming the variable', () => {
    expect(() => createDeliveryMetrics({ env: {} })).toThrow(DeliveryConfigError);
    expect(() => createDeliveryMetrics({ env: { [DELIVERY_CONFIG_VARIABLE]: '{"service":"orders"}' } })).toThrow(`${DELIVERY_CONFIG_VARIABLE}.stage must be a non-empty string`);
    expect(() => createDeliveryMetrics({ env: { [DELIVERY_CONFIG_VARIABLE]: 'not json' } })).toThrow(`${DELIVERY_CONFIG_VARIABLE} is not JSON`);
  });
});
