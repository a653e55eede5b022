import { GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageBatchCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { ORDER_PLACED_QUEUE } from '../../handlers/orders/adapters/order-queue';
import { LogQueries } from '../../src/runtime/log-queries';
import { type CompletedTrace, renderTraceTree, type TraceNode } from '../../tools/emulators/xray-daemon';
import { LogBuffer } from '../../tools/preview/log-buffer';
import { runLogQuery } from '../../tools/preview/log-query';
import { type LocalStack, startLocalStack } from '../../tools/stack/stack';
import { CHECKOUT_LOCK_WAIT_MS, lockCheckout } from '../support/checkout-lock';
import { freePort } from '../support/ports';

type JsonLine = Record<string, any>;

const validOrder = { customerId: 'c-stack', currency: 'EUR', items: [{ sku: 'book-1', quantity: 2, unitPrice: 12.5 }] };

/** Every node of a trace, depth first. */
const nodesOf = (trace: CompletedTrace): TraceNode[] => {
  const all: TraceNode[] = [];
  const walk = (node: TraceNode): void => {
    all.push(node);
    node.children.forEach(walk);
  };
  trace.roots.forEach(walk);
  return all;
};

const annotated =
  (correlationId: string) =>
  (trace: CompletedTrace): boolean =>
    nodesOf(trace).some((node) => node.document.annotations?.['CorrelationId'] === correlationId);

const dynamoDbCall = (trace: CompletedTrace, operation: string): TraceNode | undefined =>
  nodesOf(trace).find((node) => node.document.namespace === 'aws' && node.document.aws?.operation === operation);

/**
 * `npm start`'s stack as a user meets it: serverless-offline in front of the bundled handlers, dynalite
 * behind them, the handlers' tracer sending to the local collector — all driven over HTTP.
 */
describe('the local stack over HTTP', () => {
  let stack: LocalStack;
  const lines: JsonLine[] = [];
  // The SQS server's clock: moved on past the visibility timeout to see a failed message come back at once.
  let sqsClockOffsetMs = 0;
  const skipVisibilityTimeout = (): void => {
    sqsClockOffsetMs += (ORDER_PLACED_QUEUE.visibilityTimeoutSeconds + 1) * 1000;
  };

  /** The lines one correlation id finds: its own, and an SQS consumer's batch lines that list it. */
  const logFor = (correlationId: string): JsonLine[] =>
    lines.filter((line) => line['correlation_id'] === correlationId || (Array.isArray(line['correlation_ids']) && line['correlation_ids'].includes(correlationId)));
  const emf = (): JsonLine[] => lines.filter((line) => line['_aws'] !== undefined);

  const request = async (method: string, path: string, init: { body?: string; headers?: Record<string, string> } = {}) => {
    const response = await fetch(`${stack.apiUrl}${path}`, { method, ...init });
    const text = await response.text();
    return { status: response.status, headers: response.headers, text, json: text === '' ? undefined : JSON.parse(text) };
  };
  const post = (body: unknown, headers: Record<string, string> = {}) =>
    request('POST', '/orders', { body: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'content-type': 'application/json', ...headers } });

  /** Lines arrive on the child's stdout slightly after the HTTP response; wait for the one we need. */
  const eventually = async <T>(find: () => T | undefined | Promise<T | undefined>, what: string, timeoutMs = 5000): Promise<T> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = await find();
      if (found !== undefined) return found;
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  // Parallel jest workers: this suite builds or runs serverless in the checkout, which others do too.
  let releaseCheckout: (() => void) | undefined;

  beforeAll(async () => {
    releaseCheckout = await lockCheckout();
    stack = await startLocalStack({
      httpPort: await freePort(),
      lambdaPort: await freePort(),
      dynamoDbPort: await freePort(),
      sqsPort: 0,
      sqsClock: () => Date.now() + sqsClockOffsetMs,
      xrayPort: 0,
      stage: 'e2e',
      onLine: (line) => {
        if (!line.startsWith('{')) return;
        try {
          lines.push(JSON.parse(line) as JsonLine);
        } catch {
          // serverless-offline's own lines may start with a brace too; only the handlers' JSON matters here.
        }
      },
    });
  }, CHECKOUT_LOCK_WAIT_MS + 180_000);
  afterAll(async () => {
    await stack?.close();
    releaseCheckout?.();
  });

  it('creates an order: 201 with the correlation id echoed, a JSON log line with it, OrderCreated as EMF and a trace with the PutItem', async () => {
    // Act
    const response = await post(validOrder, { 'x-correlation-id': 'e2e-create-1' });

    // Assess
    expect(response.status).toBe(201);
    expect(response.headers.get('x-correlation-id')).toBe('e2e-create-1');
    expect(response.json).toMatchObject({ orderId: expect.any(String), total: 25, status: 'PLACED' });
    const completed = await eventually(() => logFor('e2e-create-1').find((line) => line['message'] === 'request completed'), 'the request log line');
    expect(completed).toMatchObject({ level: 'INFO', service: 'orders', route: 'POST /orders', statusCode: 201, outcome: 'success', function_name: 'periscope-orders-e2e-createOrder' });
    await eventually(() => emf().find((line) => line['OrderCreated'] === 1), 'OrderCreated EMF');
    expect(emf()).toContainEqual(
      expect.objectContaining({
        OrderCreated: 1,
        _aws: expect.objectContaining({
          CloudWatchMetrics: expect.arrayContaining([{ Namespace: 'Periscope/Orders', Dimensions: [['service']], Metrics: [{ Name: 'OrderCreated', Unit: 'Count' }] }]),
        }),
      }),
    );
    const trace = await stack.collector.waitForTrace(annotated('e2e-create-1'), 10_000);
    expect(trace.roots[0]?.document.annotations).toMatchObject({ Service: 'orders', Route: 'POST /orders', Outcome: 'success' });
    expect(dynamoDbCall(trace, 'PutItem')?.document.aws).toMatchObject({ table_name: 'periscope-orders-e2e-orders' });
    expect(renderTraceTree(trace, { color: false })).toMatch(/handler\.createOrder[\s\S]*DynamoDB PutItem/);
  });

  it('reads the order back and lists it newest first, each request traced down to its DynamoDB call', async () => {
    // Prepare
    const first = await post(validOrder);
    const second = await post({ ...validOrder, currency: 'USD' });

    // Act
    const got = await request('GET', `/orders/${first.json.orderId}`, { headers: { 'x-correlation-id': 'e2e-get-1' } });
    const listed = await request('GET', `/orders?customerId=${validOrder.customerId}&limit=2`, { headers: { 'x-correlation-id': 'e2e-list-1' } });

    // Assess: the same order (fulfilled by now, or about to be)
    expect(got.status).toBe(200);
    expect({ ...got.json, status: 'PLACED', fulfilledAt: undefined }).toEqual({ ...first.json, fulfilledAt: undefined });
    expect(listed.status).toBe(200);
    expect(listed.json.items.map((order: JsonLine) => order['orderId'])[0]).toBe(second.json.orderId);
    expect(listed.json.nextToken).toEqual(expect.any(String));
    expect(dynamoDbCall(await stack.collector.waitForTrace(annotated('e2e-get-1'), 10_000), 'GetItem')).toBeDefined();
    expect(dynamoDbCall(await stack.collector.waitForTrace(annotated('e2e-list-1'), 10_000), 'Query')).toBeDefined();
    await eventually(() => logFor('e2e-list-1').find((line) => line['route'] === 'GET /orders'), 'the list log line');
  });

  it('answers a POST repeated with the same Idempotency-Key with the same order, as serverless.yml wires it', async () => {
    // Act
    const body = { customerId: 'c-idempotent', currency: 'EUR', items: [{ sku: 'book-9', quantity: 1, unitPrice: 9 }] };
    const first = await post(body, { 'Idempotency-Key': 'e2e-key-1' });
    const again = await post(body, { 'Idempotency-Key': 'e2e-key-1' });
    const other = await post({ ...body, customerId: 'c-other' }, { 'Idempotency-Key': 'e2e-key-1' });

    // Assess
    expect([first.status, again.status, other.status]).toEqual([201, 201, 422]);
    expect(again.json).toEqual(first.json);
  });

  it('gives a request without a correlation id one of its own, returns it and logs under it', async () => {
    // Act
    const response = await request('GET', '/orders/not-there');

    // Assess
    expect(response.status).toBe(404);
    expect(response.json).toEqual({ error: { code: 'OrderNotFound', message: expect.stringContaining('not-there') } });
    const correlationId = response.headers.get('x-correlation-id');
    expect(correlationId).toEqual(expect.any(String));
    await eventually(() => logFor(correlationId!).find((line) => line['statusCode'] === 404), 'the 404 log line');
  });

  it('refuses an order with a bad field with a 400 that names the field, and counts the rejection', async () => {
    // Act
    const response = await post({ ...validOrder, items: [{ sku: 'book-1', quantity: 0, unitPrice: 12.5 }] });

    // Assess
    expect(response.status).toBe(400);
    expect(response.json.error.code).toBe('ValidationFailed');
    expect(JSON.stringify(response.json.error.details)).toContain('items[0].quantity');
    await eventually(() => emf().find((line) => line['OrderRejected'] === 1), 'OrderRejected EMF');
  });

  it.each([
    ['malformed JSON', 400, 'MalformedJson', () => post('{"customerId":')],
    ['an empty body', 400, 'MissingBody', () => post('')],
    ['a body that is not JSON by content type', 415, 'UnsupportedMediaType', () => request('POST', '/orders', { body: 'a=b', headers: { 'content-type': 'text/plain' } })],
    ['a body over 64 KiB', 413, 'PayloadTooLarge', () => post({ ...validOrder, note: 'x'.repeat(70 * 1024) })],
    ['an unknown route', 404, 'RouteNotFound', () => request('DELETE', '/nothing/here')],
    ['a bad page token', 400, 'InvalidNextToken', () => request('GET', '/orders?customerId=c-stack&nextToken=garbage')],
    ['a limit out of range', 400, 'ValidationFailed', () => request('GET', '/orders?customerId=c-stack&limit=100000')],
  ])('answers %s with a %i %s JSON error, never a 5xx', async (_what, status, code, send) => {
    // Act
    const response = await send();

    // Assess
    expect(response.status).toBe(status);
    expect(response.json).toEqual({ error: expect.objectContaining({ code, message: expect.any(String) }) });
  });

  describe('the OrderPlaced queue and fulfilOrder', () => {
    const batchesOf = (functionName: string): JsonLine[] => lines.filter((line) => line['message'] === 'batch completed' && line['function_name'] === functionName);
    const fulfilOrder = 'periscope-orders-e2e-fulfilOrder';
    const orderPlaced = (orderId: string) => JSON.stringify({ type: 'OrderPlaced', orderId, customerId: 'c-stack', currency: 'EUR', total: 25, placedAt: new Date().toISOString() });
    const visibleIn = async (queueUrl: string): Promise<number> => {
      const { Attributes } = await stack.queues.client().send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }));
      return Number(Attributes?.ApproximateNumberOfMessages ?? 0);
    };
    /** Until no message waits or is being processed: the earlier tests' orders are fulfilled. */
    const queueIdle = () =>
      eventually(
        async () => {
          const { Attributes } = await stack.queues
            .client()
            .send(new GetQueueAttributesCommand({ QueueUrl: stack.queues.queueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }));
          return Attributes?.ApproximateNumberOfMessages === '0' && Attributes?.ApproximateNumberOfMessagesNotVisible === '0' ? true : undefined;
        },
        'the OrderPlaced queue idle',
        15_000,
      );

    it("fulfils a placed order: GET shows it FULFILLED, the consumer's batch line lists the request's correlation id, and one trace spans both functions", async () => {
      // Prepare: a batch alone, as Lambda continues a batch's trace only when all its messages come from one (else it links them)
      await queueIdle();

      // Act
      const placed = await post(validOrder, { 'x-correlation-id': 'e2e-async-1' });
      const fulfilled = await eventually(
        async () => {
          const got = await request('GET', `/orders/${placed.json.orderId}`);
          return got.json.status === 'FULFILLED' ? got : undefined;
        },
        'the order to be fulfilled',
        15_000,
      );

      // Assess: the order
      expect(fulfilled.json).toMatchObject({ orderId: placed.json.orderId, status: 'FULFILLED', fulfilledAt: expect.any(String) });
      // … the logs: the producer's request and the consumer's batch found by one id
      const handled = await eventually(() => logFor('e2e-async-1').find((line) => line['message'] === 'batch completed'), "the consumer's batch line");
      expect(handled).toMatchObject({ function_name: fulfilOrder, level: 'INFO', failed: 0 });
      // … as the saved query "One request by correlation id" finds them, run by the preview's Logs Insights engine
      const buffer = new LogBuffer();
      for (const line of lines) buffer.add(JSON.stringify(line));
      const sources = ['periscope-orders-e2e-createOrder', fulfilOrder].map((name) => `SOURCE '/aws/lambda/${name}'`).join(' | ');
      const story = runLogQuery(`${sources} | ${LogQueries.request('e2e-async-1').replaceAll('\n', ' ')}`, buffer);
      expect(story.rows.map((row) => row[story.columns.indexOf('message')])).toEqual(expect.arrayContaining(['request completed', 'batch completed']));
      expect(logFor('e2e-async-1').map((line) => line['function_name'])).toEqual(expect.arrayContaining(['periscope-orders-e2e-createOrder', fulfilOrder]));
      // … and the trace: the consumer's handler in the producer's trace, under its handler, as Lambda continues an SQS
      // message's trace (the collector prints it as one tree when both parts arrive within its quiet period, as in npm start)
      const consumerPart = (trace: CompletedTrace) => nodesOf(trace).find((node) => node.document.name.includes('fulfil-order'));
      const consumer = await stack.collector.waitForTrace((t) => consumerPart(t) !== undefined && logFor('e2e-async-1').some((line) => line['xray_trace_id'] === t.traceId), 15_000);
      const producer = await stack.collector.waitForTrace((t) => t.traceId === consumer.traceId && annotated('e2e-async-1')(t), 15_000);
      const producerNodes = nodesOf(producer).map((node) => node.id);
      expect(producerNodes).toContain(consumerPart(consumer)?.parentId);
      expect(dynamoDbCall(consumer, 'UpdateItem')).toBeDefined();
      expect(renderTraceTree(producer, { color: false })).toMatch(/handler\.createOrder[\s\S]*DynamoDB PutItem[\s\S]*SQS SendMessage/);
    });

    it('retries a message fulfilOrder can never process, then moves it to the dead letter queue after its 3 receives', async () => {
      // Prepare
      const before = lines.filter((line) => line['message'] === 'record failed').length;

      // Act: a message that is no OrderPlaced event, received, failed, and made visible again each time
      await stack.queues.client().send(new SendMessageCommand({ QueueUrl: stack.queues.queueUrl, MessageBody: '{"type":"Nonsense"}' }));
      for (let receive = 1; receive <= ORDER_PLACED_QUEUE.maxReceiveCount; receive += 1) {
        await eventually(() => (lines.filter((line) => line['message'] === 'record failed').length >= before + receive ? true : undefined), `failure ${receive}`, 15_000);
        skipVisibilityTimeout();
      }

      // Assess
      await eventually(async () => ((await visibleIn(stack.queues.deadLetterQueueUrl)) === 1 ? true : undefined), 'the message in the dead letter queue', 15_000);
      const failures = lines.filter((line) => line['message'] === 'record failed').slice(before);
      expect(failures).toHaveLength(ORDER_PLACED_QUEUE.maxReceiveCount);
      expect(failures[0]).toMatchObject({ level: 'ERROR', function_name: fulfilOrder, error: expect.objectContaining({ name: 'InvalidOrderPlacedError' }) });
      const { Messages = [] } = await stack.queues.client().send(new ReceiveMessageCommand({ QueueUrl: stack.queues.deadLetterQueueUrl, MessageSystemAttributeNames: ['ApproximateReceiveCount'] }));
      expect(Messages.map((message) => message.Body)).toEqual(['{"type":"Nonsense"}']);
    });

    it('fails only the bad record of a batch of 10: 9 done and deleted, the bad one retried alone', async () => {
      // Prepare: 9 stored orders (fulfilled already: fulfilling them again is harmless) and one poison message
      const processed = () => batchesOf(fulfilOrder).reduce((done, line) => done + Number(line['records']) - Number(line['failed']), 0);
      const processedBefore = processed();
      const orders = await Promise.all(Array.from({ length: 9 }, () => post(validOrder)));
      // Their own OrderPlaced messages consumed first, so the batch below is only the 10 sent at once
      await eventually(() => (processed() >= processedBefore + 9 ? true : undefined), 'the orders fulfilled', 15_000);
      await eventually(async () => ((await visibleIn(stack.queues.queueUrl)) === 0 ? true : undefined), 'the queue empty', 15_000);
      const bodies = [...orders.map((placed) => orderPlaced(placed.json.orderId)), '{"type":"OrderPlaced","orderId":""}'];
      const batchesBefore = batchesOf(fulfilOrder).length;

      // Act
      await stack.queues.client().send(new SendMessageBatchCommand({ QueueUrl: stack.queues.queueUrl, Entries: bodies.map((body, i) => ({ Id: `m${i}`, MessageBody: body })) }));

      // Assess: one invocation with the 10 records, one failed
      const batch = await eventually(
        () =>
          batchesOf(fulfilOrder)
            .slice(batchesBefore)
            .find((line) => line['records'] === 10),
        'the batch of 10',
        15_000,
      );
      expect(batch).toMatchObject({ failed: 1, outcome: 'partial_failure' });
      await eventually(() => emf().find((line) => line['BatchRecords'] === 10 && line['BatchItemFailures'] === 1), 'BatchRecords and BatchItemFailures EMF');
      // … the 9 deleted, the bad one back alone after its visibility timeout
      skipVisibilityTimeout();
      const retry = await eventually(
        () =>
          batchesOf(fulfilOrder)
            .slice(batchesBefore)
            .find((line) => line['records'] === 1 && line['failed'] === 1),
        'the bad record retried alone',
        15_000,
      );
      expect(retry.outcome).toBe('failure');
    });
  });
});
