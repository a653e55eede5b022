import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { ensureIdempotencyTable, ensureOrdersTable, type LocalDynamoDb, localDynamoDbClient, startDynalite } from '../../tools/emulators/dynamodb-local/dynalite';
import { localDynamoDbEnv } from '../../tools/emulators/lambda-sandbox/lambda-context';
import { type LocalOrderQueues, startOrderQueues } from '../../tools/stack/order-queues';
import { type CapturedOutput, captureOutput } from '../support/capture-stdout';
import { apiEvent, lambdaContext } from '../support/lambda';
import { readOrderPlaced, takeQueuedMessages } from '../support/queued-messages';

const ORDERS = 'orders-idempotency';
const RECORDS = 'orders-idempotency-records';
const order = (sku = 'book-1') => JSON.stringify({ customerId: 'c-idem', currency: 'EUR', items: [{ sku, quantity: 1, unitPrice: 10 }] });
type Handlers = typeof import('../../handlers/orders/handler');

/** `POST /orders` with an `Idempotency-Key`, through the real handler, on dynalite with a real records table (Powertools idempotency) and the OrderPlaced queue on the local SQS server. */
describe('POST /orders with an Idempotency-Key', () => {
  const saved = { ...process.env };
  let dynamo: LocalDynamoDb;
  let queues: LocalOrderQueues;
  let handlers: Handlers;
  let output: CapturedOutput;

  beforeAll(async () => {
    dynamo = await startDynalite(0);
    await ensureOrdersTable(dynamo.endpoint, ORDERS);
    await ensureIdempotencyTable(dynamo.endpoint, RECORDS);
    queues = await startOrderQueues();
    Object.assign(process.env, {
      ORDERS_TABLE_NAME: ORDERS,
      IDEMPOTENCY_TABLE_NAME: RECORDS,
      ...localDynamoDbEnv(dynamo.endpoint),
      ...queues.env,
      AWS_LAMBDA_FUNCTION_NAME: 'periscope-orders-dev-createOrder',
    });
    handlers = await import('../../handlers/orders/handler');
  });
  beforeEach(() => {
    output = captureOutput();
  });
  afterEach(() => output.restore());
  afterAll(async () => {
    process.env = saved;
    await queues?.close();
    await dynamo?.close();
  });

  const post = (body: string, key?: string) =>
    handlers.createOrder(
      apiEvent({ method: 'POST', resource: '/orders', path: '/orders', body, headers: { 'Content-Type': 'application/json', ...(key === undefined ? {} : { 'Idempotency-Key': key }) } }),
      lambdaContext('periscope-orders-dev-createOrder'),
    );
  /** The orders announced on the OrderPlaced queue since the last call, by id. */
  const published = async (): Promise<string[]> => {
    const client = queues.client();
    try {
      return (await takeQueuedMessages(client, queues.queueUrl)).map((message) => readOrderPlaced(message).event.orderId);
    } finally {
      client.destroy();
    }
  };
  /** Orders stored with this sku. */
  const stored = async (sku: string): Promise<number> => {
    const client = localDynamoDbClient(dynamo.endpoint);
    try {
      const { Items = [] } = await client.send(new ScanCommand({ TableName: ORDERS }));
      return Items.filter((item) => JSON.stringify(item).includes(`"${sku}"`)).length;
    } finally {
      client.destroy();
    }
  };

  it('answers a repeat with the same response, stores one order and announces it once', async () => {
    // Prepare
    await published();

    // Act
    const first = await post(order('sku-repeat'), 'key-repeat-1');
    const second = await post(order('sku-repeat'), 'key-repeat-1');

    // Assess
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(JSON.parse(second.body)).toEqual(JSON.parse(first.body));
    expect(second.headers?.location).toBe(first.headers?.location);
    expect(await stored('sku-repeat')).toBe(1);
    expect(await published()).toEqual([JSON.parse(first.body).orderId]);
    expect(output.emf().filter((doc) => 'OrderCreated' in doc)).toHaveLength(1);
  });

  it('stores and announces one order when five duplicates arrive at once, and answers them all the same', async () => {
    // Prepare
    await published();

    // Act
    const responses = await Promise.all(Array.from({ length: 5 }, () => post(order('sku-concurrent'), 'key-concurrent-1')));

    // Assess
    expect(responses.map((response) => response.statusCode)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(responses.map((response) => JSON.parse(response.body).orderId)).size).toBe(1);
    expect(await stored('sku-concurrent')).toBe(1);
    expect(await published()).toEqual([JSON.parse(responses[0]?.body ?? '{}').orderId]);
  });

  it('refuses a key reused with another body with a 422, storing nothing more', async () => {
    // Prepare
    await post(order('sku-first'), 'key-reused-1');

    // Act
    const reused = await post(order('sku-other'), 'key-reused-1');

    // Assess
    expect(reused.statusCode).toBe(422);
    expect(JSON.parse(reused.body)).toEqual({ error: { code: 'IdempotencyKeyReused', message: expect.stringContaining('another request body') } });
    expect(await stored('sku-other')).toBe(0);
  });

  it('lets a client retry with the same key after a refused request, since nothing was stored', async () => {
    // Prepare: the first attempt is invalid (400) …
    const refused = await post(JSON.stringify({ customerId: 'c-idem', currency: 'XXX', items: [] }), 'key-retry-1');

    // Act: … the corrected one, with the same key, still goes through
    const corrected = await post(order('sku-retry'), 'key-retry-1');

    // Assess
    expect(refused.statusCode).toBe(400);
    expect(corrected.statusCode).toBe(201);
  });

  it('creates an order per request without a key, and refuses a key that is not visible ASCII', async () => {
    expect([(await post(order('sku-nokey'))).statusCode, (await post(order('sku-nokey'))).statusCode]).toEqual([201, 201]);
    expect(await stored('sku-nokey')).toBe(2);
    const bad = await post(order('sku-badkey'), 'key with spaces');
    expect(bad.statusCode).toBe(400);
    expect(JSON.parse(bad.body).error.code).toBe('InvalidIdempotencyKey');
  });
});
