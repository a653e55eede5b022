import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import type { WarmRequestHandlers } from '../../../../tools/bench/support/warm-request-handlers';
import { ensureOrdersTable, type LocalDynamoDb, startDynalite } from '../../../../tools/emulators/dynamodb-local/dynalite';
import { localDynamoDbEnv } from '../../../../tools/emulators/lambda-sandbox/lambda-context';
import { type LocalOrderQueues, startOrderQueues } from '../../../../tools/stack/order-queues';
import { type CapturedOutput, captureOutput } from '../../../support/capture-stdout';
import { apiEvent, lambdaContext } from '../../../support/lambda';
import { readOrderPlaced, takeQueuedMessages } from '../../../support/queued-messages';

type Handler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

/** Bad requests a client can send, and the error code the sample answers each with. */
const BAD_ORDERS: readonly [string, string, string][] = [
  ['breaks every rule', JSON.stringify({ customerId: '', currency: 'XXX', items: [{ sku: 'a b', quantity: 0, unitPrice: -1, gift: true }], coupon: 'FREE' }), 'ValidationFailed'],
  ['prices in more decimals than its currency has', JSON.stringify({ customerId: 'c-42', currency: 'JPY', items: [{ sku: 'tea', quantity: 1, unitPrice: 1.5 }] }), 'ValidationFailed'],
  ['is not an object', JSON.stringify([1]), 'ValidationFailed'],
  ['is not JSON', '{"customerId": "c-42",', 'MalformedJson'],
];
const GOOD_ORDER = JSON.stringify({ customerId: 'c-42', currency: 'EUR', items: [{ sku: 'book-1', quantity: 2, unitPrice: 12.5 }] });

const createOrderEvent = (body: string, correlationId?: string): APIGatewayProxyEvent =>
  apiEvent({ method: 'POST', resource: '/orders', path: '/orders', body, headers: { 'Content-Type': 'application/json', ...(correlationId ? { 'x-correlation-id': correlationId } : {}) } });

/**
 * The benchmark's variants do the sample's work, so a bad order gets from each of them the 400 the
 * sample's own `createOrder` answers, and a good one is stored and announced on the OrderPlaced queue
 * with the message the sample publishes. Every variant runs on dynalite and the local SQS server (the
 * warm ones with a real HTTP request handler in place of the bench's in-memory ones).
 */
describe('the benchmark variants do what the sample does', () => {
  let dynamo: LocalDynamoDb;
  let queues: LocalOrderQueues;
  let sample: Handler;
  let variants: [string, Handler][];
  let output: CapturedOutput;
  const saved = { ...process.env };

  beforeAll(async () => {
    dynamo = await startDynalite(0);
    await ensureOrdersTable(dynamo.endpoint, 'orders-bench-unit');
    queues = await startOrderQueues();
    // What Lambda and serverless.yml set, which the handlers read when they load.
    Object.assign(process.env, { ORDERS_TABLE_NAME: 'orders-bench-unit', ...localDynamoDbEnv(dynamo.endpoint), ...queues.env });
    const network = (): WarmRequestHandlers => ({ dynamoDb: new NodeHttpHandler(), sqs: new NodeHttpHandler() });
    sample = (await import('../../../../handlers/orders/handler')).createOrder;
    variants = [
      ['bare', (await import('../../../../tools/bench/variants/bare')).createOrder],
      ['powertools', (await import('../../../../tools/bench/variants/powertools')).createOrder],
      ['warm-bare', (await import('../../../../tools/bench/variants/warm-bare')).createWarmHandler(network())],
      ['warm-periscope', (await import('../../../../tools/bench/variants/warm-periscope')).createWarmHandler(network())],
      ['warm-powertools', (await import('../../../../tools/bench/variants/warm-powertools')).createWarmHandler(network())],
    ];
  });
  afterAll(async () => {
    process.env = saved;
    await queues?.close();
    await dynamo?.close();
  });
  beforeEach(() => {
    output = captureOutput();
  });
  afterEach(() => output.restore());

  it.each(BAD_ORDERS)('answers an order that %s with the sample’s 400 body', async (_case, body, code) => {
    // Prepare
    const expected = await sample(createOrderEvent(body), lambdaContext());
    expect([expected.statusCode, JSON.parse(expected.body).error.code]).toEqual([400, code]);

    // Act
    const answers: [string, number, unknown][] = [];
    for (const [name, handler] of variants) {
      const response = await handler(createOrderEvent(body), lambdaContext());
      answers.push([name, response.statusCode, JSON.parse(response.body)]);
    }

    // Assess
    expect(answers).toEqual(variants.map(([name]) => [name, 400, JSON.parse(expected.body)]));
  });

  it('stores a good order and publishes the OrderPlaced message the sample publishes: body, correlation id and event type', async () => {
    // Prepare
    const client = queues.client();
    await takeQueuedMessages(client, queues.queueUrl);
    const requestIds = new Map<string, string>();
    const published = async (name: string, handler: Handler) => {
      const context = lambdaContext();
      requestIds.set(name, context.awsRequestId);
      const response = await handler(createOrderEvent(GOOD_ORDER, `bench-${name}`), context);
      const messages = (await takeQueuedMessages(client, queues.queueUrl)).map(readOrderPlaced);
      const { orderId, createdAt } = JSON.parse(response.body);
      // The order's own id and time aside, the message as published.
      return messages.map(({ event, correlationId, eventType, message }) => ({
        status: response.statusCode,
        event: { ...event, orderId: event.orderId === orderId ? '<the order>' : event.orderId, placedAt: event.placedAt === createdAt ? '<its createdAt>' : event.placedAt },
        correlationId,
        eventType,
        attributes: Object.keys(message.MessageAttributes ?? {}).sort(),
      }));
    };

    // Act
    const expected = await published('sample', sample);
    const answers: [string, unknown][] = [];
    for (const [name, handler] of variants) answers.push([name, await published(name, handler)]);
    client.destroy();

    // Assess
    expect(expected).toEqual([
      {
        status: 201,
        event: { type: 'OrderPlaced', orderId: '<the order>', customerId: 'c-42', currency: 'EUR', total: 25, placedAt: '<its createdAt>' },
        correlationId: 'bench-sample',
        eventType: 'OrderPlaced',
        attributes: ['event-type', 'x-correlation-id'],
      },
    ]);
    // warm-bare runs the sample's route without Periscope's wrapper, which is what resolves the request's
    // correlation id: outside it, `correlationOf` answers with the Lambda request id (still one attribute, as much work).
    const correlationOf = (name: string) => (name === 'warm-bare' ? requestIds.get(name) : `bench-${name}`);
    expect(answers).toEqual(variants.map(([name]) => [name, [{ ...expected[0], correlationId: correlationOf(name) }]]));
  });
});
