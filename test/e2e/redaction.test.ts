import { randomBytes } from 'node:crypto';
import { maskSensitiveText } from '../../src/runtime/redact';
import { ensureOrdersTable, type LocalDynamoDb, startDynalite } from '../../tools/emulators/dynamodb-local/dynalite';
import { localDynamoDbEnv } from '../../tools/emulators/lambda-sandbox/lambda-context';
import { startXRayCollector, type XRayCollector } from '../../tools/emulators/xray-daemon';
import { type LocalOrderQueues, startOrderQueues } from '../../tools/stack/order-queues';
import { type CapturedOutput, captureOutput } from '../support/capture-stdout';
import { apiEvent, lambdaContext } from '../support/lambda';

/** What a client may send that must never be stored in logs or traces. */
const SECRETS = {
  bearer: `Bearer tok-${randomBytes(8).toString('hex')}`,
  cookie: `session=ck-${randomBytes(8).toString('hex')}`,
  apiKey: `key-${randomBytes(8).toString('hex')}`,
  email: 'ann.lee@example.com',
  card: '4111 1111 1111 1111',
  cardDigits: '4111111111111111',
  cardDashed: '4111-1111-1111-1111',
} as const;

type Handlers = typeof import('../../handlers/orders/handler');

/**
 * Drives every order route, happy and failing, with credentials, an email and a card number in
 * headers, body, path, query and correlation id — at DEBUG, so whole events are logged — and scans
 * every line written and every X-Ray document received for them.
 */
describe('no credential, email or card number reaches a log line or a trace', () => {
  const saved = { ...process.env };
  let dynamo: LocalDynamoDb;
  let queues: LocalOrderQueues;
  let collector: XRayCollector;
  let handlers: Handlers;
  let output: CapturedOutput;
  const traceIds: string[] = [];

  beforeAll(async () => {
    dynamo = await startDynalite(0);
    await ensureOrdersTable(dynamo.endpoint, 'orders-redaction');
    queues = await startOrderQueues();
    collector = await startXRayCollector({ port: 0, quietMs: 100 });
    Object.assign(process.env, {
      ORDERS_TABLE_NAME: 'orders-redaction',
      ...localDynamoDbEnv(dynamo.endpoint),
      ...queues.env,
      LOG_LEVEL: 'DEBUG',
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
      LAMBDA_TASK_ROOT: process.cwd(),
      AWS_XRAY_DAEMON_ADDRESS: `127.0.0.1:${collector.address.port}`,
    });
    handlers = await import('../../handlers/orders/handler');
    output = captureOutput();
  });
  afterAll(async () => {
    output?.restore();
    process.env = saved;
    await collector?.close();
    await queues?.close();
    await dynamo?.close();
  });

  const headers = (extra: Record<string, string> = {}) => ({
    Authorization: SECRETS.bearer,
    Cookie: SECRETS.cookie,
    'X-Api-Key': SECRETS.apiKey,
    'Content-Type': 'application/json',
    // A client's correlation id is logged and annotated as sent, so one that is a card number must be masked there.
    'x-correlation-id': SECRETS.cardDashed,
    ...extra,
  });

  /** Invokes a handler in a fresh sampled trace. */
  const invoke = async (handler: keyof Handlers, change: Parameters<typeof apiEvent>[0]) => {
    const traceId = `1-${Math.floor(Date.now() / 1000).toString(16)}-${randomBytes(12).toString('hex')}`;
    traceIds.push(traceId);
    process.env._X_AMZN_TRACE_ID = `Root=${traceId};Parent=${randomBytes(8).toString('hex')};Sampled=1`;
    process.env._HANDLER = `handler.${handler}`;
    return handlers[handler](apiEvent(change), lambdaContext(`periscope-orders-dev-${handler}`));
  };

  it('masks them everywhere', async () => {
    // Act: the happy path, then every way a request can fail carrying the secrets
    const created = await invoke('createOrder', {
      method: 'POST',
      resource: '/orders',
      path: '/orders',
      headers: headers(),
      body: JSON.stringify({ customerId: 'c-1', currency: 'EUR', items: [{ sku: 'book-1', quantity: 1, unitPrice: 10 }] }),
    });
    const invalid = await invoke('createOrder', {
      method: 'POST',
      resource: '/orders',
      path: '/orders',
      headers: headers(),
      body: JSON.stringify({ customerId: SECRETS.email, currency: 'EUR', items: [{ sku: SECRETS.card, quantity: 1, unitPrice: 10 }], note: SECRETS.cardDigits }),
    });
    const malformed = await invoke('createOrder', { method: 'POST', resource: '/orders', path: '/orders', headers: headers(), body: `${SECRETS.email} ${SECRETS.card}` });
    const notFound = await invoke('getOrder', {
      method: 'GET',
      resource: '/orders/{orderId}',
      path: `/orders/${SECRETS.cardDigits}`,
      headers: headers(),
      pathParameters: { orderId: SECRETS.cardDigits },
    });
    const listed = await invoke('listOrders', { method: 'GET', resource: '/orders', path: '/orders', headers: headers(), query: { customerId: 'c-1', nextToken: SECRETS.email } });
    const unknownRoute = await invoke('routeNotFound', { method: 'GET', resource: '/{proxy+}', path: `/pay/${SECRETS.email}`, headers: headers() });
    const traces = await Promise.all(traceIds.map((traceId) => collector.waitForTrace((t) => t.traceId === traceId, 5_000)));

    // Assess: the requests went the ways intended …
    expect([created, invalid, malformed, notFound, listed, unknownRoute].map((response) => response.statusCode)).toEqual([201, 400, 400, 404, 400, 404]);
    // … the order's trace holds its DynamoDB and SQS calls, so the scan below covers what they record …
    expect(traces[0]?.roots[0]?.children.map((node) => node.document.name)).toEqual(['DynamoDB', 'SQS']);
    // … DEBUG logged whole events, so there was something to mask …
    expect(output.json().filter((line) => line.message === 'Lambda invocation event')).toHaveLength(6);
    // … and nothing secret was written or traced.
    const lines = [...output.stdout, ...output.stderr];
    expect(
      lines.filter((line) => {
        try {
          JSON.parse(line);
          return false;
        } catch {
          return true;
        }
      }),
    ).toEqual([]);
    const written = lines.join('\n');
    const traced = JSON.stringify(traces);
    for (const [name, secret] of Object.entries(SECRETS)) {
      expect({ name, inLogs: written.includes(secret) }).toEqual({ name, inLogs: false });
      expect({ name, inTraces: traced.includes(secret) }).toEqual({ name, inTraces: false });
    }
    expect(written).toContain('***@example.com');
    expect(written).toContain('****-****-****-1111');
    expect(traces.map((trace) => trace.roots[0]?.document.annotations?.['CorrelationId'])).toEqual(Array(6).fill('****-****-****-1111'));
  });
});

describe('maskSensitiveText', () => {
  it.each([
    ['a bearer token in a header map', '{"headers":{"Authorization":"Bearer abc"}}', '{"headers":{"Authorization":"[redacted]"}}'],
    ['cookies in a multi-value header map', '{"multiValueHeaders":{"cookie":["a=1","b=2"]}}', '{"multiValueHeaders":{"cookie":["[redacted]"]}}'],
    ['an already redacted value holding brackets, keeping the JSON valid', '{"Authorization":["[redacted]"],"Cookie":["a=]b"]}', '{"Authorization":["[redacted]"],"Cookie":["[redacted]"]}'],
    ['an email', 'from ann.lee@example.com', 'from ***@example.com'],
    ['a card number with spaces', 'card 4242 4242 4242 4242 ok', 'card ****-****-****-4242 ok'],
    ['a card sent as a JSON number, keeping the JSON valid', '{"card":4111111111111111}', '{"card":"****-****-****-1111"}'],
  ])('masks %s', (_case, text, masked) => {
    expect(maskSensitiveText(text)).toBe(masked);
  });

  it.each([
    ['a timestamp', '{"at":1795448649245}'],
    ['digits that fail the Luhn check', 'order 1234567890123'],
    ['a trace id', '1-6b045cb7-8fc042939f854cfac72077e9'],
  ])('leaves %s alone', (_case, text) => {
    expect(maskSensitiveText(text)).toBe(text);
  });
});
