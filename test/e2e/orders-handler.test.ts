import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { ensureOrdersTable, type LocalDynamoDb, startDynalite } from '../../tools/emulators/dynamodb-local/dynalite';
import { localDynamoDbEnv } from '../../tools/emulators/lambda-sandbox/lambda-context';
import { startXRayCollector } from '../../tools/emulators/xray-daemon';
import { type LocalOrderQueues, startOrderQueues } from '../../tools/stack/order-queues';
import { type CapturedOutput, captureOutput } from '../support/capture-stdout';
import { apiEvent, type EventChange, lambdaContext, loadPowertoolsEvent } from '../support/lambda';
import { startLambdaProcess } from '../support/lambda-process';
import { readOrderPlaced, takeQueuedMessages } from '../support/queued-messages';

type Handlers = typeof import('../../handlers/orders/handler');

const json = (body: unknown) => ({ body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } });
const validOrder = { customerId: 'c-e2e', currency: 'EUR', items: [{ sku: 'book-1', quantity: 2, unitPrice: 12.5 }] };

/**
 * The orders handlers as Lambda runs them, fed real API Gateway events (Powertools' fixtures, moved to
 * our routes), against a real DynamoDB API (dynalite) and the OrderPlaced queue on the local SQS server.
 */
describe('orders handlers on real API Gateway events', () => {
  let dynamo: LocalDynamoDb;
  let queues: LocalOrderQueues;
  let handlers: Handlers;
  let output: CapturedOutput;

  const call = async (name: keyof Handlers, change: EventChange, fixture?: string): Promise<APIGatewayProxyResult & { json: any }> => {
    const response = await handlers[name](apiEvent(change, fixture), lambdaContext(name));
    return { ...response, json: JSON.parse(response.body) };
  };
  const create = (body: Partial<EventChange> = json(validOrder), fixture?: string) => call('createOrder', { method: 'POST', resource: '/orders', path: '/orders', ...body }, fixture);

  beforeAll(async () => {
    dynamo = await startDynalite(0);
    await ensureOrdersTable(dynamo.endpoint, 'orders-e2e');
    queues = await startOrderQueues();
    process.env.ORDERS_TABLE_NAME = 'orders-e2e';
    Object.assign(process.env, localDynamoDbEnv(dynamo.endpoint), queues.env);
    process.env.AWS_LAMBDA_INITIALIZATION_TYPE = 'on-demand';
    handlers = await import('../../handlers/orders/handler');
  });
  afterAll(async () => {
    await queues?.close();
    await dynamo?.close();
  });
  beforeEach(() => {
    output = captureOutput();
  });
  afterEach(() => output.restore());

  it.each(['apigw-rest-no-auth.json', 'apigw-rest-iam-auth.json', 'apigw-rest-console-test-ui.json'])(
    'creates an order from a %s event: 201, the order, its location, and OrderCreated + OrderValue as EMF',
    async (fixture) => {
      // Act
      const response = await create(json(validOrder), fixture);

      // Assess
      expect(response.statusCode).toBe(201);
      expect(response.json).toEqual({ orderId: expect.any(String), ...validOrder, total: 25, status: 'PLACED', createdAt: expect.any(String) });
      expect(response.headers).toMatchObject({ location: `/orders/${response.json.orderId}`, 'x-correlation-id': expect.any(String) });
      const emf = output.emf();
      // One EMF document for the order: a directive per dimension set, the values side by side.
      expect(emf.filter((doc) => 'OrderCreated' in doc || 'OrderValue' in doc)).toEqual([
        expect.objectContaining({
          service: 'orders',
          OrderCreated: 1,
          currency: 'EUR',
          OrderValue: 25,
          _aws: expect.objectContaining({
            // The environment's first invocation carries ColdStart in the same document.
            CloudWatchMetrics: expect.arrayContaining([
              { Namespace: 'Periscope/Orders', Dimensions: [['service']], Metrics: [{ Name: 'OrderCreated', Unit: 'Count' }] },
              { Namespace: 'Periscope/Orders', Dimensions: [['service', 'currency']], Metrics: [{ Name: 'OrderValue', Unit: 'None' }] },
            ]),
          }),
        }),
      ]);
    },
  );

  it("publishes OrderPlaced on the queue with the request's correlation id, once per order created", async () => {
    // Prepare
    const client = queues.client();
    await takeQueuedMessages(client, queues.queueUrl);

    // Act
    const created = await create({ ...json(validOrder), headers: { 'Content-Type': 'application/json', 'x-correlation-id': 'e2e-placed-1' } });
    const refused = await create(json({ ...validOrder, items: [] }));
    const queued = (await takeQueuedMessages(client, queues.queueUrl)).map(readOrderPlaced);
    client.destroy();

    // Assess: one message, for the order created (none for the refused one)
    expect([created.statusCode, refused.statusCode]).toEqual([201, 400]);
    expect(queued.map(({ event, correlationId, eventType }) => ({ event, correlationId, eventType }))).toEqual([
      {
        event: { type: 'OrderPlaced', orderId: created.json.orderId, customerId: validOrder.customerId, currency: 'EUR', total: 25, placedAt: created.json.createdAt },
        correlationId: 'e2e-placed-1',
        eventType: 'OrderPlaced',
      },
    ]);
  });

  it("carries the request's trace on OrderPlaced when the function is traced: its handler subsegment is the message's parent", async () => {
    // Prepare: the module in an execution environment of its own with active tracing (the X-Ray SDK's patches stay there), segments to a local collector
    const collector = await startXRayCollector({ port: 0, quietMs: 100 });
    const client = queues.client();
    const fn = await startLambdaProcess({
      module: 'handlers/orders/handler',
      functionName: 'periscope-orders-dev-createOrder',
      xrayDaemonAddress: `127.0.0.1:${collector.address.port}`,
      env: { ORDERS_TABLE_NAME: 'orders-e2e', ...localDynamoDbEnv(dynamo.endpoint), ...queues.env },
    });
    try {
      await takeQueuedMessages(client, queues.queueUrl);

      // Act
      const { result, traceId } = await fn.invoke<APIGatewayProxyResult>(
        'createOrder',
        apiEvent({ method: 'POST', resource: '/orders', path: '/orders', body: JSON.stringify(validOrder), headers: { 'Content-Type': 'application/json', 'x-correlation-id': 'e2e-traced-1' } }),
      );
      const trace = await collector.waitForTrace((t) => t.traceId === traceId, 10_000);
      const [placed] = (await takeQueuedMessages(client, queues.queueUrl)).map(readOrderPlaced);

      // Assess: the message names the request's trace, with the handler subsegment as parent …
      expect(result.statusCode).toBe(201);
      const handler = trace.roots[0];
      expect(handler?.document.name).toBe('## handlers/orders/handler.createOrder');
      expect(placed).toMatchObject({ event: { orderId: JSON.parse(result.body).orderId }, correlationId: 'e2e-traced-1' });
      expect(placed?.traceHeader).toBe(`Root=${traceId};Parent=${handler?.id};Sampled=1`);
      // … and the SendMessage call is traced under it, after the PutItem, as the DynamoDB calls are.
      expect(handler?.children.map((node) => [node.document.name, node.document.aws?.operation])).toEqual([
        ['DynamoDB', 'PutItem'],
        ['SQS', 'SendMessage'],
      ]);
    } finally {
      await fn.stop();
      client.destroy();
      await collector.close();
    }
  });

  it('answers 500 when the queue refuses OrderPlaced, and leaves the order stored as PLACED', async () => {
    // Prepare: the functions as deployed with a queue that does not exist (SQS itself refuses: QueueDoesNotExist)
    process.env.ORDER_EVENTS_QUEUE_URL = queues.sqs.url('periscope-orders-dev-no-such-queue');
    let misconfigured: Handlers | undefined;
    try {
      await jest.isolateModulesAsync(async () => {
        misconfigured = await import('../../handlers/orders/handler');
      });
    } finally {
      process.env.ORDER_EVENTS_QUEUE_URL = queues.queueUrl;
    }
    const customerId = 'c-unpublished';

    // Act
    const response = await misconfigured!.createOrder(apiEvent({ method: 'POST', resource: '/orders', path: '/orders', ...json({ ...validOrder, customerId }) }), lambdaContext('createOrder'));
    const listed = await call('listOrders', { method: 'GET', resource: '/orders', path: '/orders', query: { customerId } });

    // Assess: the client is told it failed, with nothing internal in the answer …
    expect(response.statusCode).toBe(500);
    expect(JSON.parse(response.body)).toEqual({ error: { code: 'InternalError', message: expect.any(String), details: { correlationId: expect.any(String) } } });
    expect(response.body).not.toMatch(/QueueDoesNotExist|127\.0\.0\.1|stack/);
    expect(output.json().find((line) => line.message === 'request failed')).toMatchObject({ level: 'ERROR', error: { name: 'QueueDoesNotExist' } });
    expect(output.emf().some((doc) => 'OrderCreated' in doc)).toBe(false);
    // … and the order was stored before the publish failed: it stays PLACED, with nothing to fulfil it (no outbox).
    expect(listed.json.items).toEqual([expect.objectContaining({ customerId, status: 'PLACED' })]);
  });

  it('reads back a created order, and 404s an unknown one', async () => {
    // Prepare
    const created = await create();

    // Act
    const found = await call('getOrder', { method: 'GET', resource: '/orders/{orderId}', path: `/orders/${created.json.orderId}`, pathParameters: { orderId: created.json.orderId } });
    const missing = await call('getOrder', { method: 'GET', resource: '/orders/{orderId}', path: '/orders/nope', pathParameters: { orderId: 'nope' } });

    // Assess
    expect(found.statusCode).toBe(200);
    expect(found.json).toEqual(created.json);
    expect(missing.statusCode).toBe(404);
    expect(missing.json).toEqual({ error: { code: 'OrderNotFound', message: "Order 'nope' does not exist." } });
  });

  it("lists a customer's orders newest first, page by page with an opaque token", async () => {
    // Prepare
    const customerId = 'c-pages';
    const ids: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      ids.push((await create(json({ ...validOrder, customerId }))).json.orderId);
      await new Promise((resolve) => setTimeout(resolve, 5)); // distinct createdAt
    }
    const list = (query: Record<string, string>) => call('listOrders', { method: 'GET', resource: '/orders', path: '/orders', query: { customerId, ...query } });

    // Act
    const first = await list({ limit: '2' });
    const second = await list({ limit: '2', nextToken: first.json.nextToken });

    // Assess
    expect(first.statusCode).toBe(200);
    expect([...first.json.items, ...second.json.items].map((o: { orderId: string }) => o.orderId)).toEqual([...ids].reverse());
    expect(second.json.nextToken).toBeUndefined();
  });

  it.each<[string, Record<string, string>, string]>([
    ['no customerId', {}, 'customerId'],
    ['a limit of 0', { customerId: 'c', limit: '0' }, 'limit'],
    ['a limit of 1000', { customerId: 'c', limit: '1000' }, 'limit'],
    ['a limit that is not a number', { customerId: 'c', limit: 'ten' }, 'limit'],
  ])('answers a list with %s with a 400 naming the parameter', async (_case, query, field) => {
    const response = await call('listOrders', { method: 'GET', resource: '/orders', path: '/orders', query });
    expect(response.statusCode).toBe(400);
    expect(response.json.error).toMatchObject({ code: 'ValidationFailed', details: [expect.objectContaining({ field })] });
  });

  it('answers a tampered page token with a 400', async () => {
    const response = await call('listOrders', { method: 'GET', resource: '/orders', path: '/orders', query: { customerId: 'c', nextToken: 'eyJ2IjoxfQ' } });
    expect(response.statusCode).toBe(400);
    expect(response.json.error.code).toBe('InvalidNextToken');
  });

  it('answers an invalid order with a 400 naming each field, and counts the rejection by reason', async () => {
    // Act
    const response = await create(json({ customerId: 'c-1', currency: 'EUR', items: [{ sku: 'a', quantity: 0, unitPrice: 1 }] }));

    // Assess
    expect(response.statusCode).toBe(400);
    expect(response.json).toEqual({
      error: { code: 'ValidationFailed', message: 'Invalid order: items[0].quantity: must be at least 1', details: [{ field: 'items[0].quantity', message: 'must be at least 1' }] },
    });
    expect(output.emf()).toContainEqual(expect.objectContaining({ reason: 'invalid_order', OrderRejected: 1 }));
  });

  it.each<[string, number, Partial<EventChange>, string, string]>([
    ['malformed JSON', 400, { body: '{"customerId": "c-1",', headers: { 'Content-Type': 'application/json' } }, 'MalformedJson', 'malformed_json'],
    ['a form body', 415, { body: 'customerId=c-1', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }, 'UnsupportedMediaType', 'unsupported_media_type'],
    ['no body', 400, { body: null, headers: { 'Content-Type': 'application/json' } }, 'MissingBody', 'missing_body'],
    ['a 65 KiB body', 413, { body: JSON.stringify({ ...validOrder, pad: 'x'.repeat(65 * 1024) }), headers: { 'Content-Type': 'application/json' } }, 'PayloadTooLarge', 'payload_too_large'],
  ])('answers %s with a %i JSON error and counts the rejection', async (_case, status, change, code, reason) => {
    const response = await create(change);
    expect(response.statusCode).toBe(status);
    expect(response.json.error.code).toBe(code);
    expect(output.emf()).toContainEqual(expect.objectContaining({ reason, OrderRejected: 1 }));
  });

  it('answers an unknown route with a JSON 404', async () => {
    const response = await call('routeNotFound', { method: 'DELETE', resource: '/{proxy+}', path: '/orders/o-1/items', pathParameters: { proxy: 'orders/o-1/items' } });
    expect(response.statusCode).toBe(404);
    expect(response.json).toEqual({ error: { code: 'RouteNotFound', message: 'No route DELETE /orders/o-1/items.' } });
  });

  it('never answers 5xx to a request of any shape while DynamoDB is up', async () => {
    // Prepare: odd but possible requests, starting from the real "invalid" and console-test events.
    const odd: APIGatewayProxyEvent[] = [
      { ...loadPowertoolsEvent('apigw-rest-invalid.json'), resource: '/orders', path: '/orders', httpMethod: 'POST' },
      { ...loadPowertoolsEvent('apigw-rest-console-test-ui.json'), resource: '/orders', path: '/orders', httpMethod: 'POST', body: '{}' },
      apiEvent({ method: 'POST', resource: '/orders', path: '/orders', ...json(null) }),
      apiEvent({ method: 'POST', resource: '/orders', path: '/orders', ...json('a string') }),
      apiEvent({ method: 'POST', resource: '/orders', path: '/orders', ...json({ ...validOrder, items: [{ sku: 'a'.repeat(5000), quantity: 1e308, unitPrice: 1e308 }] }) }),
      apiEvent({ method: 'POST', resource: '/orders', path: '/orders', ...json({ ...validOrder, customerId: { $ne: null } }) }),
      apiEvent({ method: 'POST', resource: '/orders', path: '/orders', body: `{"__proto__":{"admin":true},${JSON.stringify(validOrder).slice(1)}`, headers: { 'Content-Type': 'application/json' } }),
      apiEvent({ method: 'POST', resource: '/orders', path: '/orders', body: Buffer.from([0xff, 0xfe, 0x00]).toString('base64'), headers: { 'Content-Type': 'application/json' } }),
      { ...apiEvent({ method: 'POST', resource: '/orders', path: '/orders', body: '{"a":1}' }), isBase64Encoded: true },
    ];
    const getters: APIGatewayProxyEvent[] = [
      apiEvent({ method: 'GET', resource: '/orders/{orderId}', path: '/orders/x', pathParameters: { orderId: 'x'.repeat(3000) } }),
      apiEvent({ method: 'GET', resource: '/orders/{orderId}', path: '/orders/', pathParameters: null }),
      apiEvent({ method: 'GET', resource: '/orders/{orderId}', path: '/orders/%00', pathParameters: { orderId: '\u0000' } }),
    ];
    const lists: APIGatewayProxyEvent[] = [
      { ...apiEvent({ method: 'GET', resource: '/orders', path: '/orders' }), queryStringParameters: null, headers: null as never },
      apiEvent({ method: 'GET', resource: '/orders', path: '/orders', query: { customerId: 'c', nextToken: 'x'.repeat(5000) } }),
      apiEvent({ method: 'GET', resource: '/orders', path: '/orders', query: { customerId: 'c', nextToken: Buffer.from(JSON.stringify({ v: 1, o: 'a', c: 'c', t: 7 })).toString('base64url') } }),
      apiEvent({ method: 'GET', resource: '/orders', path: '/orders', query: { customerId: 'c', limit: '-1' } }),
    ];

    // Act
    const responses = [
      ...(await Promise.all(odd.map((event) => handlers.createOrder(event, lambdaContext())))),
      ...(await Promise.all(getters.map((event) => handlers.getOrder(event, lambdaContext())))),
      ...(await Promise.all(lists.map((event) => handlers.listOrders(event, lambdaContext())))),
    ];

    // Assess
    const statuses = responses.map((response) => response.statusCode);
    expect(statuses.filter((status) => status >= 500)).toEqual([]);
    expect(statuses.every((status) => status >= 400)).toBe(true);
    for (const response of responses) expect(JSON.parse(response.body)).toHaveProperty('error.code');
  });
});
