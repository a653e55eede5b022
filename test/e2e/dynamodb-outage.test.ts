import { ensureOrdersTable, type LocalDynamoDb, startDynalite } from '../../tools/emulators/dynamodb-local/dynalite';
import { localDynamoDbEnv } from '../../tools/emulators/lambda-sandbox/lambda-context';
import { type LocalOrderQueues, startOrderQueues } from '../../tools/stack/order-queues';
import { type CapturedOutput, captureOutput } from '../support/capture-stdout';
import { apiEvent, lambdaContext } from '../support/lambda';
import { takeQueuedMessages } from '../support/queued-messages';

/** When DynamoDB itself fails, and only then, the API answers 5xx: a 503 the client may retry, with nothing internal in it. */
describe('orders API while DynamoDB is down', () => {
  let dynamo: LocalDynamoDb;
  let queues: LocalOrderQueues;
  let output: CapturedOutput;

  beforeAll(async () => {
    dynamo = await startDynalite(0);
    await ensureOrdersTable(dynamo.endpoint, 'orders-outage');
    queues = await startOrderQueues();
    process.env.ORDERS_TABLE_NAME = 'orders-outage';
    Object.assign(process.env, localDynamoDbEnv(dynamo.endpoint), queues.env);
  });
  afterAll(async () => {
    await queues?.close();
  });
  beforeEach(() => {
    output = captureOutput();
  });
  afterEach(() => output.restore());

  it('answers 503 with Retry-After and the correlation id, logs the real error, counts it as no rejection and announces nothing', async () => {
    // Prepare: a real outage, the DynamoDB server stops after the handler was built.
    const { createOrder } = await import('../../handlers/orders/handler');
    const event = apiEvent({
      method: 'POST',
      resource: '/orders',
      path: '/orders',
      body: JSON.stringify({ customerId: 'c-1', currency: 'USD', items: [{ sku: 'a', quantity: 1, unitPrice: 1 }] }),
      headers: { 'Content-Type': 'application/json', 'x-correlation-id': 'outage-1' },
    });
    await dynamo.close();

    // Act
    const response = await createOrder(event, lambdaContext('createOrder'));

    // Assess
    expect(response.statusCode).toBe(503);
    expect(response.headers).toMatchObject({ 'retry-after': '1', 'content-type': 'application/json; charset=utf-8' });
    expect(JSON.parse(response.body)).toEqual({
      error: { code: 'ServiceUnavailable', message: expect.stringContaining('cannot be reached'), details: { correlationId: 'outage-1', retryAfterSeconds: 1 } },
    });
    expect(response.body).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|stack/i);
    const failure = output.json().find((line) => line.message === 'request failed');
    expect(failure).toMatchObject({ level: 'ERROR', correlation_id: 'outage-1', error: { message: expect.stringMatching(/ECONNREFUSED|connect/i) } });
    expect(output.json().find((line) => line.message === 'request completed')).toMatchObject({ statusCode: 503, outcome: 'server_error' });
    expect(output.emf().some((doc) => 'OrderRejected' in doc || 'OrderCreated' in doc)).toBe(false);
    const client = queues.client();
    expect(await takeQueuedMessages(client, queues.queueUrl)).toEqual([]);
    client.destroy();
  });
});
