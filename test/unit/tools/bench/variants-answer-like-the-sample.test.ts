import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { inMemoryRequestHandler } from '../../../../tools/bench/support/in-memory-dynamodb';
import { type CapturedOutput, captureOutput } from '../../../support/capture-stdout';
import { apiEvent, lambdaContext } from '../../../support/lambda';

type Handler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

/** Bad requests a client can send, and the error code the sample answers each with. */
const BAD_ORDERS: readonly [string, string, string][] = [
  ['breaks every rule', JSON.stringify({ customerId: '', currency: 'XXX', items: [{ sku: 'a b', quantity: 0, unitPrice: -1, gift: true }], coupon: 'FREE' }), 'ValidationFailed'],
  ['prices in more decimals than its currency has', JSON.stringify({ customerId: 'c-42', currency: 'JPY', items: [{ sku: 'tea', quantity: 1, unitPrice: 1.5 }] }), 'ValidationFailed'],
  ['is not an object', JSON.stringify([1]), 'ValidationFailed'],
  ['is not JSON', '{"customerId": "c-42",', 'MalformedJson'],
];

const createOrderEvent = (body: string): APIGatewayProxyEvent => apiEvent({ method: 'POST', resource: '/orders', path: '/orders', body, headers: { 'Content-Type': 'application/json' } });

/**
 * The benchmark's variants do the sample's work, so a bad order gets from each of them the 400 the
 * sample's own `createOrder` answers: the same validation, problems and body.
 */
describe('the benchmark variants answer a bad order as the sample does', () => {
  let sample: Handler;
  let variants: [string, Handler][];
  let output: CapturedOutput;
  // What Lambda sets and the handlers read when they load (the traced client resolves its region then).
  const lambdaEnv = { ORDERS_TABLE_NAME: 'orders-bench-unit', AWS_REGION: 'us-east-1' };
  const before = Object.fromEntries(Object.keys(lambdaEnv).map((key) => [key, process.env[key]]));

  beforeAll(async () => {
    Object.assign(process.env, lambdaEnv);
    sample = (await import('../../../../handlers/orders/handler')).createOrder;
    variants = [
      ['bare', (await import('../../../../tools/bench/variants/bare')).createOrder],
      ['powertools', (await import('../../../../tools/bench/variants/powertools')).createOrder],
      ['warm-bare', (await import('../../../../tools/bench/variants/warm-bare')).createWarmHandler(inMemoryRequestHandler())],
      ['warm-powertools', (await import('../../../../tools/bench/variants/warm-powertools')).createWarmHandler(inMemoryRequestHandler())],
    ];
  });
  afterAll(() => {
    for (const [key, value] of Object.entries(before)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
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
});
