import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { APIGatewayProxyResult, SQSBatchResponse } from 'aws-lambda';
import { ORDER_PLACED_QUEUE } from '../../handlers/orders/adapters/order-queue';
import { ensureOrdersTable, type LocalDynamoDb, startDynalite } from '../../tools/emulators/dynamodb-local/dynalite';
import { localDynamoDbEnv } from '../../tools/emulators/lambda-sandbox/lambda-context';
import { createSqsEventSource, type SqsBatchOutcome, type SqsEventSource } from '../../tools/emulators/sqs-lambda';
import { type LocalOrderQueues, startOrderQueues } from '../../tools/stack/order-queues';
import { type CapturedOutput, captureOutput } from '../support/capture-stdout';
import { apiEvent, lambdaContext } from '../support/lambda';
import { takeQueuedMessages } from '../support/queued-messages';

type Orders = typeof import('../../handlers/orders/handler');
type Fulfilment = typeof import('../../handlers/orders/fulfil-order');

const TABLE = 'orders-fulfilment';
const FUNCTION = { createOrder: 'periscope-orders-dev-createOrder', getOrder: 'periscope-orders-dev-getOrder', fulfilOrder: 'periscope-orders-dev-fulfilOrder' } as const;
const order = (customerId: string) => ({ customerId, currency: 'EUR', items: [{ sku: 'book-1', quantity: 2, unitPrice: 12.5 }] });

/**
 * The asynchronous leg on real parts: orders placed by the real `createOrder` (dynalite, the
 * OrderPlaced queue on the local SQS server, created as serverless.yml creates it), fulfilled by the
 * real `fulfilOrder` as Lambda's SQS event source mapping invokes it (`createSqsEventSource`,
 * reporting batch item failures), read back through the real `getOrder`. The queue's clock is moved
 * on by hand to skip visibility timeouts; everything else runs in real time.
 */
describe('fulfilOrder behind the OrderPlaced queue', () => {
  let dynamo: LocalDynamoDb;
  let queues: LocalOrderQueues;
  let sqs: SQSClient;
  let orders: Orders;
  let fulfilment: Fulfilment;
  let mapping: SqsEventSource;
  let output: CapturedOutput;
  /** How far the queue's clock is ahead of real time. */
  let skippedMs = 0;

  /** Moves the queue's clock past the visibility timeout, so what failed is received again. */
  const skipVisibilityTimeout = (): void => {
    skippedMs += (ORDER_PLACED_QUEUE.visibilityTimeoutSeconds + 1) * 1000;
  };

  beforeAll(async () => {
    dynamo = await startDynalite(0);
    await ensureOrdersTable(dynamo.endpoint, TABLE);
    queues = await startOrderQueues({ now: () => Date.now() + skippedMs });
    sqs = queues.client();
    Object.assign(process.env, { ORDERS_TABLE_NAME: TABLE, ...localDynamoDbEnv(dynamo.endpoint), ...queues.env, AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand' });
    orders = await import('../../handlers/orders/handler');
    fulfilment = await import('../../handlers/orders/fulfil-order');
    // serverless.yml's event source mapping: batches of 10, a 1 s batching window, batch item failures reported.
    mapping = createSqsEventSource({
      client: sqs,
      queueUrl: queues.queueUrl,
      batchSize: ORDER_PLACED_QUEUE.batchSize,
      maximumBatchingWindowSeconds: ORDER_PLACED_QUEUE.maximumBatchingWindowSeconds,
      functionResponseType: 'ReportBatchItemFailures',
      waitTimeSeconds: 0,
      invoke: (event) => fulfilment.handler(event, lambdaContext(FUNCTION.fulfilOrder)),
    });
  });
  afterAll(async () => {
    sqs?.destroy();
    await queues?.close();
    await dynamo?.close();
  });
  beforeEach(async () => {
    // Each test starts from empty queues: what an earlier one left in flight is visible again, and taken.
    skipVisibilityTimeout();
    await takeQueuedMessages(sqs, queues.queueUrl);
    await takeQueuedMessages(sqs, queues.deadLetterQueueUrl);
    output = captureOutput();
  });
  afterEach(() => output.restore());

  const placeOrder = async (customerId: string, correlationId: string): Promise<{ orderId: string; createdAt: string }> => {
    const response = await orders.createOrder(
      apiEvent({ method: 'POST', resource: '/orders', path: '/orders', body: JSON.stringify(order(customerId)), headers: { 'Content-Type': 'application/json', 'x-correlation-id': correlationId } }),
      lambdaContext(FUNCTION.createOrder),
    );
    if (response.statusCode !== 201) throw new Error(`createOrder answered ${response.statusCode}: ${response.body}`);
    return JSON.parse(response.body);
  };
  const getOrder = async (orderId: string): Promise<APIGatewayProxyResult & { json: any }> => {
    const response = await orders.getOrder(apiEvent({ method: 'GET', resource: '/orders/{orderId}', path: `/orders/${orderId}`, pathParameters: { orderId } }), lambdaContext(FUNCTION.getOrder));
    return { ...response, json: JSON.parse(response.body) };
  };
  const send = (body: string, correlationId?: string) =>
    sqs.send(
      new SendMessageCommand({
        QueueUrl: queues.queueUrl,
        MessageBody: body,
        ...(correlationId === undefined ? {} : { MessageAttributes: { 'x-correlation-id': { DataType: 'String', StringValue: correlationId } } }),
      }),
    );
  /** The fulfilOrder function's log lines (JSON), in the order written. */
  const consumerLines = () => output.json().filter((line) => line.function_name === FUNCTION.fulfilOrder);
  const failuresOf = (outcome: SqsBatchOutcome) => (outcome.response as SQSBatchResponse | undefined)?.batchItemFailures;

  it("fulfils an order placed through the API, which GET then shows, its batch line listing the producer's correlation id", async () => {
    // Prepare
    const placed = await placeOrder('c-fulfil-1', 'fulfil-e2e-1');

    // Act
    const outcome = await mapping.pollOnce();
    const read = await getOrder(placed.orderId);

    // Assess: one record, fulfilled and deleted …
    expect(outcome.records.map((record) => JSON.parse(record.body).orderId)).toEqual([placed.orderId]);
    expect({ failures: failuresOf(outcome), deleted: outcome.deleted }).toEqual({ failures: [], deleted: 1 });
    // … GET shows it fulfilled, after it was placed …
    expect(read.statusCode).toBe(200);
    expect(read.json).toMatchObject({ orderId: placed.orderId, status: 'FULFILLED', createdAt: placed.createdAt, fulfilledAt: expect.any(String) });
    expect(Date.parse(read.json.fulfilledAt)).toBeGreaterThanOrEqual(Date.parse(placed.createdAt));
    // … and the consumer's batch line lists the producer's correlation id, which the producer's own lines carry.
    expect(output.json().find((line) => line.function_name === FUNCTION.createOrder && line.message === 'request completed')).toMatchObject({ correlation_id: 'fulfil-e2e-1', statusCode: 201 });
    expect(consumerLines().filter((line) => line.level !== 'DEBUG' && line.message !== undefined)).toEqual([
      expect.objectContaining({ level: 'INFO', message: 'batch completed', records: 1, failed: 0, outcome: 'success', correlation_ids: ['fulfil-e2e-1'] }),
    ]);
    expect(output.emf()).toContainEqual(expect.objectContaining({ function_name: FUNCTION.fulfilOrder, OrderFulfilled: 1, BatchRecords: 1, BatchItemFailures: 0 }));
  });

  it(`retries a message that is not an OrderPlaced event ${ORDER_PLACED_QUEUE.maxReceiveCount} times, then leaves it in the dead letter queue`, async () => {
    // Prepare
    const poison = await send('{"type":"OrderShipped","orderId":"o-1"}', 'poison-1');

    // Act: receive it, fail it, let its visibility timeout pass — until SQS moves it
    const outcomes: SqsBatchOutcome[] = [];
    for (let receive = 1; receive <= ORDER_PLACED_QUEUE.maxReceiveCount + 1; receive += 1) {
      outcomes.push(await mapping.pollOnce());
      skipVisibilityTimeout();
    }
    const deadLetters = await takeQueuedMessages(sqs, queues.deadLetterQueueUrl);

    // Assess: three receives, each reported failed and left on the queue; none the fourth time …
    expect(outcomes.map((outcome) => outcome.records.map((record) => [record.messageId, record.attributes.ApproximateReceiveCount]))).toEqual([
      [[poison.MessageId, '1']],
      [[poison.MessageId, '2']],
      [[poison.MessageId, '3']],
      [],
    ]);
    expect(outcomes.slice(0, 3).map((outcome) => [failuresOf(outcome), outcome.deleted])).toEqual(Array(3).fill([[{ itemIdentifier: poison.MessageId }], 0]));
    // … the message in the dead letter queue, unchanged …
    expect(deadLetters.map((message) => [message.MessageId, message.Body])).toEqual([[poison.MessageId, '{"type":"OrderShipped","orderId":"o-1"}']]);
    // … and a `record failed` line per receive, under the message's correlation id, saying why.
    const failed = consumerLines().filter((line) => line.message === 'record failed');
    expect(failed).toHaveLength(ORDER_PLACED_QUEUE.maxReceiveCount);
    for (const line of failed) {
      expect(line).toMatchObject({
        level: 'ERROR',
        correlation_id: 'poison-1',
        message_id: poison.MessageId,
        error: { name: 'InvalidOrderPlacedError', message: expect.stringContaining('not "OrderPlaced"') },
      });
    }
  });

  it('fulfils the nine good records of a batch of ten, reports the bad one alone, and gets it back after the visibility timeout', async () => {
    // Prepare: nine orders placed through the API, and an OrderPlaced for an order that was never stored
    const placed: string[] = [];
    for (let i = 1; i <= 9; i += 1) placed.push((await placeOrder(`c-batch-${i}`, `batch-${i}`)).orderId);
    const stray = await send(JSON.stringify({ type: 'OrderPlaced', orderId: 'never-stored', customerId: 'c-0', currency: 'EUR', total: 1, placedAt: new Date().toISOString() }), 'batch-stray');

    // Act
    const batch = await mapping.pollOnce();
    skipVisibilityTimeout();
    const retry = await mapping.pollOnce();

    // Assess: one batch of ten; the stray record reported alone, the nine others deleted …
    expect(batch.records).toHaveLength(ORDER_PLACED_QUEUE.batchSize);
    expect({ failures: failuresOf(batch), deleted: batch.deleted }).toEqual({ failures: [{ itemIdentifier: stray.MessageId }], deleted: 9 });
    // … the nine fulfilled, and no order written for the stray one …
    const read = await Promise.all([...placed, 'never-stored'].map(getOrder));
    expect(read.map((response) => [response.statusCode, response.json.status ?? response.json.error.code])).toEqual([...Array(9).fill([200, 'FULFILLED']), [404, 'OrderNotFound']]);
    // … the batch counted in one EMF document, and summed up in one line …
    expect(output.emf()).toContainEqual(expect.objectContaining({ service: 'orders', function_name: FUNCTION.fulfilOrder, BatchRecords: 10, BatchItemFailures: 1 }));
    expect(consumerLines().find((line) => line.message === 'batch completed')).toMatchObject({ records: 10, failed: 1, outcome: 'partial_failure' });
    // … and only the stray record came back once its visibility timeout had passed, for its second receive …
    expect(retry.records.map((record) => [record.messageId, record.attributes.ApproximateReceiveCount])).toEqual([[stray.MessageId, '2']]);
    expect(failuresOf(retry)).toEqual([{ itemIdentifier: stray.MessageId }]);
    // … failing again: one `record failed` line per receive, under its own correlation id.
    expect(consumerLines().filter((line) => line.message === 'record failed')).toEqual(
      Array(2).fill(expect.objectContaining({ correlation_id: 'batch-stray', message_id: stray.MessageId, error: expect.objectContaining({ name: 'OrderNotFoundError' }) })),
    );
  });
});
