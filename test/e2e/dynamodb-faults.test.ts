import { randomBytes } from 'node:crypto';
import { createDocumentClient, createTelemetry, withObservability } from 'periscope';
import { DynamoDbOrderRepository } from '../../handlers/orders/adapters/dynamodb-order-repository';
import { SqsOrderEvents } from '../../handlers/orders/adapters/sqs-order-events';
import { OrderService } from '../../handlers/orders/domain/order-service';
import { createOrderRoute } from '../../handlers/orders/http/create-order-route';
import { ORDER_ERROR_MAPPINGS } from '../../handlers/orders/http/error-mappings';
import { catalog } from '../../observability.config';
import { ensureOrdersTable, type LocalDynamoDb, startDynalite } from '../../tools/emulators/dynamodb-local/dynalite';
import { type DynamoDbFault, type DynamoDbFaultProxy, startDynamoDbFaultProxy } from '../../tools/emulators/dynamodb-local/fault-proxy';
import { localDynamoDbEnv } from '../../tools/emulators/lambda-sandbox/lambda-context';
import { startXRayCollector, type XRayCollector } from '../../tools/emulators/xray-daemon';
import { type LocalOrderQueues, startOrderQueues } from '../../tools/stack/order-queues';
import { type CapturedOutput, captureOutput } from '../support/capture-stdout';
import { apiEvent, lambdaContext } from '../support/lambda';
import { readOrderPlaced, takeQueuedMessages } from '../support/queued-messages';

const TABLE = 'orders-faults';
const order = { customerId: 'c-1', currency: 'EUR', items: [{ sku: 'book-1', quantity: 1, unitPrice: 10 }] };
type Handlers = typeof import('../../handlers/orders/handler');

/**
 * DynamoDB faults made on the wire (the fault proxy between the real SDK and dynalite), through the
 * real createOrder (publishing to the OrderPlaced queue on the local SQS server): the client is told
 * to retry (503 + Retry-After), nothing is announced, and the request is counted and traced as a
 * server-side fault. One attempt per call (AWS_MAX_ATTEMPTS=1), so a fault surfaces at once.
 */
describe('orders API when DynamoDB throttles, fails, hangs or drops the connection', () => {
  const saved = { ...process.env };
  let dynamo: LocalDynamoDb;
  let proxy: DynamoDbFaultProxy;
  let queues: LocalOrderQueues;
  let collector: XRayCollector;
  let handlers: Handlers;
  let output: CapturedOutput;

  beforeAll(async () => {
    dynamo = await startDynalite(0);
    await ensureOrdersTable(dynamo.endpoint, TABLE);
    proxy = await startDynamoDbFaultProxy({ target: dynamo.endpoint });
    queues = await startOrderQueues();
    collector = await startXRayCollector({ port: 0, quietMs: 100 });
    Object.assign(process.env, {
      ORDERS_TABLE_NAME: TABLE,
      ...localDynamoDbEnv(proxy.endpoint),
      ...queues.env,
      DYNAMODB_REQUEST_TIMEOUT_MS: '300',
      AWS_MAX_ATTEMPTS: '1',
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
      LAMBDA_TASK_ROOT: process.cwd(),
      AWS_XRAY_DAEMON_ADDRESS: `127.0.0.1:${collector.address.port}`,
      _HANDLER: 'handler.createOrder',
    });
    handlers = await import('../../handlers/orders/handler');
  });
  beforeEach(() => {
    output = captureOutput();
  });
  afterEach(() => {
    output.restore();
    proxy.setFault(undefined);
  });
  afterAll(async () => {
    process.env = saved;
    await proxy?.close();
    await collector?.close();
    await queues?.close();
    await dynamo?.close();
  });

  /** What was announced on the OrderPlaced queue since the last call. */
  const announced = async () => {
    const client = queues.client();
    try {
      return (await takeQueuedMessages(client, queues.queueUrl)).map(readOrderPlaced);
    } finally {
      client.destroy();
    }
  };

  /** POSTs an order in a fresh sampled trace; returns the response and the trace id. */
  const placeOrder = async (correlationId: string) => {
    const traceId = `1-${Math.floor(Date.now() / 1000).toString(16)}-${randomBytes(12).toString('hex')}`;
    process.env._X_AMZN_TRACE_ID = `Root=${traceId};Parent=${randomBytes(8).toString('hex')};Sampled=1`;
    const event = apiEvent({ method: 'POST', resource: '/orders', path: '/orders', body: JSON.stringify(order), headers: { 'Content-Type': 'application/json', 'x-correlation-id': correlationId } });
    const response = await handlers.createOrder(event, lambdaContext('periscope-orders-dev-createOrder'));
    return { response, traceId };
  };

  it.each<[string, DynamoDbFault, string, string]>([
    ['a throttled PutItem', { kind: 'throttle', operations: ['PutItem'] }, '2', 'more requests than we can store'],
    ['a PutItem DynamoDB fails on its side (500)', { kind: 'server-error', operations: ['PutItem'] }, '1', 'is failing right now'],
    ['a PutItem that never answers', { kind: 'hang', operations: ['PutItem'] }, '1', 'did not answer in time'],
    ['a connection DynamoDB resets', { kind: 'reset', operations: ['PutItem'] }, '1', 'cannot be reached'],
  ])('answers %s with 503 and Retry-After, announces nothing, logs it as a failure and traces it as a fault', async (_case, fault, retryAfter, message) => {
    // Prepare
    await announced();
    proxy.setFault(fault);

    // Act
    const { response, traceId } = await placeOrder(`fault-${fault.kind}`);

    // Assess: what the client sees
    expect(response.statusCode).toBe(503);
    expect(response.headers).toMatchObject({ 'retry-after': retryAfter });
    const body = JSON.parse(response.body);
    expect(body).toEqual({
      error: { code: 'ServiceUnavailable', message: expect.stringContaining(message), details: { correlationId: `fault-${fault.kind}`, retryAfterSeconds: Number(retryAfter) } },
    });
    expect(response.body).not.toMatch(/127\.0\.0\.1|Exception|stack|ECONN/);
    // … what the logs count: a failure, a 5xx, no rejection and no order
    expect(output.json().find((line) => line.message === 'request failed')).toMatchObject({ level: 'ERROR', correlation_id: `fault-${fault.kind}` });
    expect(output.json().find((line) => line.message === 'request completed')).toMatchObject({ statusCode: 503, outcome: 'server_error' });
    expect(output.emf().some((doc) => 'OrderRejected' in doc || 'OrderCreated' in doc)).toBe(false);
    // … no OrderPlaced for an order that was not stored …
    expect(await announced()).toEqual([]);
    // … and what X-Ray shows: the handler's fault, under it the failed DynamoDB call and no SQS call
    const trace = await collector.waitForTrace((t) => t.traceId === traceId, 5_000);
    const handler = trace.roots[0]?.document;
    expect(handler).toMatchObject({ name: '## handler.createOrder', fault: true, annotations: { Outcome: 'server_error', CorrelationId: `fault-${fault.kind}` } });
    expect(trace.roots[0]?.children.map((node) => node.document.name)).toEqual(['DynamoDB']);
    const call = trace.roots[0]?.children[0]?.document;
    expect(call).toMatchObject({ name: 'DynamoDB', namespace: 'aws', aws: { operation: 'PutItem', table_name: TABLE } });
    if (fault.kind === 'throttle') expect(call).toMatchObject({ error: true, throttle: true, http: { response: { status: 400 } } });
    else expect(call).toMatchObject({ fault: true });
  });

  it('answers 409 when the conditional write loses to an order already stored under the same id, and overwrites nothing', async () => {
    // Prepare: the sample's route, adapters and middleware on the real table and queue, with an id generator that repeats itself
    const telemetry = createTelemetry(catalog);
    const orders = new OrderService({
      repository: new DynamoDbOrderRepository(createDocumentClient(telemetry.tracer), TABLE),
      events: new SqsOrderEvents(telemetry.tracer.captureAWSv3Client(queues.client()), queues.queueUrl),
      newId: () => 'order-twice',
    });
    const createOrder = withObservability(createOrderRoute(orders, telemetry.businessMetrics), { telemetry, errors: ORDER_ERROR_MAPPINGS });
    const post = (customerId: string) =>
      createOrder(
        apiEvent({ method: 'POST', resource: '/orders', path: '/orders', body: JSON.stringify({ ...order, customerId }), headers: { 'Content-Type': 'application/json' } }),
        lambdaContext('periscope-orders-dev-createOrder'),
      );
    expect((await post('first-customer')).statusCode).toBe(201);
    await announced();

    // Act
    const second = await post('second-customer');

    // Assess
    expect(second.statusCode).toBe(409);
    expect(JSON.parse(second.body)).toEqual({ error: { code: 'OrderAlreadyExists', message: "Order 'order-twice' already exists." } });
    expect(output.emf()).toContainEqual(expect.objectContaining({ reason: 'conflict', OrderRejected: 1 }));
    const stored = await handlers.getOrder(
      apiEvent({ method: 'GET', resource: '/orders/{orderId}', path: '/orders/order-twice', pathParameters: { orderId: 'order-twice' } }),
      lambdaContext('periscope-orders-dev-getOrder'),
    );
    expect(JSON.parse(stored.body)).toMatchObject({ orderId: 'order-twice', customerId: 'first-customer' });
    expect(await announced()).toEqual([]);
  });

  it('stores, announces and answers again as soon as DynamoDB recovers', async () => {
    // Prepare
    await announced();
    proxy.setFault({ kind: 'throttle', operations: ['PutItem'] });
    expect((await placeOrder('before-recovery')).response.statusCode).toBe(503);

    // Act
    proxy.setFault(undefined);
    const { response, traceId } = await placeOrder('after-recovery');

    // Assess: the order is announced once, under the request's correlation id and trace
    expect(response.statusCode).toBe(201);
    const placed = await announced();
    expect(placed.map(({ event, correlationId }) => [event.orderId, correlationId])).toEqual([[JSON.parse(response.body).orderId, 'after-recovery']]);
    expect(placed[0]?.traceHeader).toMatch(new RegExp(`^Root=${traceId};Parent=[0-9a-f]{16};Sampled=1$`));
  });
});
