import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:net';
import { CreateTableCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { jsonResponse } from '../../src/runtime/http-response';
import { type SegmentSink, XRayTracer } from '../../src/runtime/tracing';
import { withObservability } from '../../src/runtime/with-observability';
import { type LocalDynamoDb, localDynamoDbClient, startDynalite } from '../../tools/emulators/dynamodb-local/dynalite';
import { type CompletedTrace, startXRayCollector, type XRayCollector } from '../../tools/emulators/xray-daemon';
import { apiEvent, lambdaContext } from '../support/lambda';
import { shopTelemetry } from '../support/shop';

const TABLE = 'tracer-test';

/** What Lambda sets before an invocation: a fresh sampled (or not) trace header. */
const invocationEnv = (env: NodeJS.ProcessEnv, sampled = true): { traceId: string; facadeId: string } => {
  const traceId = `1-${Math.floor(Date.now() / 1000).toString(16)}-${randomBytes(12).toString('hex')}`;
  const facadeId = randomBytes(8).toString('hex');
  env._X_AMZN_TRACE_ID = `Root=${traceId};Parent=${facadeId};Sampled=${sampled ? 1 : 0}`;
  return { traceId, facadeId };
};

describe('XRayTracer sending to an X-Ray daemon (the local collector) about real DynamoDB calls', () => {
  let collector: XRayCollector;
  let dynamo: LocalDynamoDb;
  let env: NodeJS.ProcessEnv;
  let faults: unknown[];
  let tracer: XRayTracer;
  let client: DynamoDBClient;

  beforeAll(async () => {
    collector = await startXRayCollector({ port: 0, quietMs: 100 });
    dynamo = await startDynalite(0);
    const setup = localDynamoDbClient(dynamo.endpoint);
    await setup.send(
      new CreateTableCommand({
        TableName: TABLE,
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    setup.destroy();
  });

  beforeEach(() => {
    env = { AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x', AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand', AWS_XRAY_DAEMON_ADDRESS: `127.0.0.1:${collector.address.port}` };
    faults = [];
    tracer = new XRayTracer({ serviceName: 'orders', env, onFault: (error) => faults.push(error) });
    client = tracer.captureAWSv3Client(localDynamoDbClient(dynamo.endpoint));
  });

  afterEach(() => client.destroy());

  afterAll(async () => {
    await collector?.close();
    await dynamo?.close();
  });

  const put = (id: string, condition?: string) => client.send(new PutItemCommand({ TableName: TABLE, Item: { id: { S: id } }, ...(condition ? { ConditionExpression: condition } : {}) }));

  it('sends the handler subsegment under the Lambda facade and each DynamoDB call under the handler', async () => {
    // Prepare
    const { traceId, facadeId } = invocationEnv(env);

    // Act
    const span = tracer.beginInvocation('## handler.createOrder');
    tracer.putAnnotation('Route', 'POST /orders');
    await put('order-1');
    tracer.endInvocation(span!);
    const trace: CompletedTrace = await collector.waitForTrace((t) => t.traceId === traceId, 5_000);

    // Assess
    expect(trace.roots).toHaveLength(1);
    const handler = trace.roots[0]!;
    expect(handler.parentId).toBe(facadeId);
    expect(handler.document).toMatchObject({ name: '## handler.createOrder', type: 'subsegment', annotations: { ColdStart: true, Service: 'orders', Route: 'POST /orders' } });
    expect(handler.document.end_time).toBeGreaterThanOrEqual(handler.document.start_time);
    expect(handler.children.map((child) => child.document)).toEqual([
      expect.objectContaining({
        name: 'DynamoDB',
        namespace: 'aws',
        aws: expect.objectContaining({ operation: 'PutItem', region: 'us-east-1', table_name: TABLE, retries: 0, request_id: expect.any(String) }),
        http: { response: expect.objectContaining({ status: 200 }) },
      }),
    ]);
    expect(handler.children[0]?.document).not.toHaveProperty('fault');
    expect(faults).toEqual([]);
  });

  it('sends the invocation as one datagram, and a call that ends after its handler on its own under it', async () => {
    // Prepare
    const sink: SegmentSink & { sent: Record<string, unknown>[] } = {
      sent: [],
      send(document) {
        this.sent.push(document as Record<string, unknown>);
      },
    };
    const counted = new XRayTracer({ serviceName: 'orders', env, sink });
    const countedClient = counted.captureAWSv3Client(localDynamoDbClient(dynamo.endpoint));
    invocationEnv(env);

    // Act
    const span = counted.beginInvocation('## handler')!;
    await countedClient.send(new PutItemCommand({ TableName: TABLE, Item: { id: { S: 'in-time' } } }));
    const late = span.child('Slack'); // e.g. a call the handler did not await
    counted.endInvocation(span);
    late.end();
    countedClient.destroy();

    // Assess
    expect(sink.sent).toEqual([
      expect.objectContaining({ name: '## handler', type: 'subsegment', subsegments: [expect.objectContaining({ name: 'DynamoDB', aws: expect.objectContaining({ operation: 'PutItem' }) })] }),
      expect.objectContaining({ name: 'Slack', type: 'subsegment', parent_id: span.id, trace_id: span.traceId }),
    ]);
  });

  it('annotates only the first invocation as a cold start', async () => {
    // Prepare
    const first = invocationEnv(env);
    tracer.endInvocation(tracer.beginInvocation('## handler')!);
    await collector.waitForTrace((t) => t.traceId === first.traceId, 5_000);
    const second = invocationEnv(env);

    // Act
    tracer.endInvocation(tracer.beginInvocation('## handler')!);
    const trace = await collector.waitForTrace((t) => t.traceId === second.traceId, 5_000);

    // Assess
    expect(trace.roots[0]?.document.annotations).toMatchObject({ ColdStart: false });
  });

  it('records a refused call (4xx) as an error with the remote exception, and a call nobody answers as a fault', async () => {
    // Prepare
    const { traceId } = invocationEnv(env);
    await put('taken');
    const closedPort = await unusedPort();
    const unreachable = tracer.captureAWSv3Client(
      new DynamoDBClient({ endpoint: `http://127.0.0.1:${closedPort}`, region: 'us-east-1', maxAttempts: 1, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
    );

    // Act
    const span = tracer.beginInvocation('## handler');
    await expect(put('taken', 'attribute_not_exists(id)')).rejects.toThrow(/conditional request failed/);
    await expect(unreachable.send(new PutItemCommand({ TableName: TABLE, Item: { id: { S: 'x' } } }))).rejects.toThrow();
    tracer.endInvocation(span!);
    unreachable.destroy();
    const trace = await collector.waitForTrace((t) => t.traceId === traceId, 5_000);

    // Assess
    const [refused, unanswered] = trace.roots[0]!.children.map((child) => child.document);
    expect(refused).toMatchObject({ error: true, http: { response: { status: 400 } }, cause: { exceptions: [{ type: 'ConditionalCheckFailedException', remote: true }] } });
    expect(refused).not.toHaveProperty('fault');
    expect(refused).not.toHaveProperty('throttle');
    expect(unanswered).toMatchObject({ fault: true, cause: { exceptions: [{ remote: false }] } });
    expect(unanswered).not.toHaveProperty('http');
  });

  it('sends nothing for an invocation X-Ray did not sample, and its calls still work', async () => {
    // Prepare
    const sink: SegmentSink & { sent: object[] } = {
      sent: [],
      send(document) {
        this.sent.push(document);
      },
    };
    const quiet = new XRayTracer({ serviceName: 'orders', env, sink });
    const quietClient = quiet.captureAWSv3Client(localDynamoDbClient(dynamo.endpoint));
    invocationEnv(env, false);

    // Act
    const span = quiet.beginInvocation('## handler');
    const result = await quietClient.send(new PutItemCommand({ TableName: TABLE, Item: { id: { S: 'unsampled' } } }));
    quietClient.destroy();

    // Assess
    expect(span).toBeUndefined();
    expect(result.$metadata.httpStatusCode).toBe(200);
    expect(sink.sent).toEqual([]);
  });

  it('is off outside a Lambda execution environment and when POWERTOOLS_TRACE_ENABLED=false', () => {
    invocationEnv(env);
    expect(new XRayTracer({ serviceName: 'orders', env: { _X_AMZN_TRACE_ID: env._X_AMZN_TRACE_ID } }).beginInvocation('## handler')).toBeUndefined();
    expect(new XRayTracer({ serviceName: 'orders', env: { ...env, POWERTOOLS_TRACE_ENABLED: 'false' } }).isTracingEnabled()).toBe(false);
  });

  it('reports a sink that throws as a fault and never fails the call it traces', async () => {
    // Prepare
    const broken = new XRayTracer({
      serviceName: 'orders',
      env,
      sink: {
        send: () => {
          throw new Error('socket gone');
        },
      },
      onFault: (error) => faults.push(error),
    });
    const brokenClient = broken.captureAWSv3Client(localDynamoDbClient(dynamo.endpoint));
    invocationEnv(env);

    // Act
    const span = broken.beginInvocation('## handler');
    const result = await brokenClient.send(new PutItemCommand({ TableName: TABLE, Item: { id: { S: 'still-stored' } } }));
    broken.endInvocation(span!);
    brokenClient.destroy();

    // Assess
    expect(result.$metadata.httpStatusCode).toBe(200);
    expect(faults).toEqual([expect.objectContaining({ message: 'socket gone' })]);
  });

  it('records the response as handler metadata only when withObservability is asked to (traceResponse)', async () => {
    // Prepare: one handler as Powertools' captureResponse would trace it, one as Periscope does by default
    const telemetry = shopTelemetry({ tracer });
    const answer = async () => jsonResponse(200, { orderId: 'o-1' });
    const recording = withObservability(answer, { telemetry, traceResponse: true });
    const quiet = withObservability(answer, { telemetry });

    // Act
    const { traceId: recorded } = invocationEnv(env);
    await recording(apiEvent({ method: 'GET', resource: '/orders/{id}', path: '/orders/o-1' }), lambdaContext());
    const { traceId: unrecorded } = invocationEnv(env);
    await quiet(apiEvent({ method: 'GET', resource: '/orders/{id}', path: '/orders/o-1' }), lambdaContext());

    // Assess
    const withResponse = (await collector.waitForTrace((trace) => trace.traceId === recorded, 5_000)).roots[0]?.document;
    expect(withResponse?.metadata).toEqual({ shop: { 'handler response': expect.objectContaining({ statusCode: 200, body: '{"orderId":"o-1"}' }) } });
    const withoutResponse = (await collector.waitForTrace((trace) => trace.traceId === unrecorded, 5_000)).roots[0]?.document;
    expect(withoutResponse).toMatchObject({ name: '## handler', annotations: { Outcome: 'success' } });
    expect(withoutResponse?.metadata).toBeUndefined();
  });

  it('reports an unreadable AWS_XRAY_DAEMON_ADDRESS as a fault naming it, and sends nothing', () => {
    // Prepare
    const badEnv = { ...env, AWS_XRAY_DAEMON_ADDRESS: 'xray-daemon' };
    invocationEnv(badEnv);
    const bad = new XRayTracer({ serviceName: 'orders', env: badEnv, onFault: (error) => faults.push(error) });

    // Act
    bad.endInvocation(bad.beginInvocation('## handler')!);

    // Assess
    expect(faults).toEqual([expect.objectContaining({ name: 'DaemonAddressError', message: expect.stringContaining('"xray-daemon"') })]);
  });
});

/** A loopback port nothing listens on. */
async function unusedPort(): Promise<number> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
