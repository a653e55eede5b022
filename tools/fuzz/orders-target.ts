import { createSocket, type Socket } from 'node:dgram';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { LAMBDA_SANDBOX_ENV } from '../drill/lambda-sandbox';
import { ensureOrdersTable, type LocalDynamoDb, startDynalite } from '../emulators/dynamodb-local/dynalite';
import { type CapturedWrite, captureWrites, type Settled } from '../emulators/lambda-sandbox/capture-output';
import { LOCAL_LAMBDA_ENV, lambdaContext, localDynamoDbEnv, withInvocationEnv } from '../emulators/lambda-sandbox/lambda-context';
import { type LocalOrderQueues, startOrderQueues } from '../stack/order-queues';
import type { FuzzCase, OrdersRoute } from './orders-cases';
import type { KnownOrders } from './request-parameters';

type ApiHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

/** What one invocation did: how it ended and everything it wrote. */
export interface Invocation {
  readonly settled: Settled<APIGatewayProxyResult | undefined>;
  readonly writes: readonly CapturedWrite[];
}

/** The real orders handlers, loaded in this process against dynalite and the local SQS server, as the fuzzer drives them. */
export interface OrdersTarget {
  /** The orders created before fuzzing, for reads that find something. */
  readonly known: KnownOrders;
  /** Runs one case through its handler, as Lambda would (a context, a sampled trace), capturing what it writes. */
  invoke(fuzzCase: FuzzCase): Promise<Invocation>;
  /** Stops dynalite, the queues and the X-Ray sink. */
  close(): Promise<void>;
}

/** Thrown when the orders handlers cannot be set up for fuzzing; the message says why. */
export class OrdersTargetError extends Error {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'OrdersTargetError';
  }
}

/** Options of {@link startOrdersTarget}. */
export interface OrdersTargetOptions {
  /** @default 'periscope-orders-fuzz-orders' */
  readonly tableName?: string;
}

/** The customer whose orders exist before fuzzing (three of them, so `limit=1` pages twice). */
export const KNOWN_CUSTOMER_ID = 'c-fuzz-known';

/** The handlers read their configuration once, when first loaded: the endpoint they were loaded with. */
let loadedFor: string | undefined;

/** A UDP socket that takes the handlers' X-Ray datagrams and drops them, as a daemon that is up. */
function startXRaySink(): Promise<Socket> {
  const socket = createSocket('udp4');
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => resolve(socket));
  });
}

const handlerSetting = (route: OrdersRoute): string => `handlers/orders/handler.${route}`;

/** The orders functions' timeout in serverless.yml: an invocation still running then has failed. */
export const INVOCATION_TIMEOUT_MS = 10_000;

/** What an invocation that ran past {@link INVOCATION_TIMEOUT_MS} settles with: Lambda would end it, and API Gateway answer 502. */
export class InvocationTimeoutError extends Error {
  public constructor(timeoutMs: number) {
    super(`no answer within the function's ${timeoutMs} ms timeout: Lambda would end the invocation and API Gateway answer 502`);
    this.name = 'InvocationTimeoutError';
  }
}

/** `work`, or an {@link InvocationTimeoutError} once it has run `timeoutMs`, so a handler that hangs fails its case instead of the run. */
async function withinTimeout<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new InvocationTimeoutError(timeoutMs)), timeoutMs);
    timer.unref();
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function invokeHandler(handlers: Record<OrdersRoute, ApiHandler>, route: OrdersRoute, event: APIGatewayProxyEvent, requestId: string): Promise<Invocation> {
  const functionName = `periscope-orders-fuzz-${route}`;
  const context = lambdaContext({ functionName, requestId, timeoutMs: INVOCATION_TIMEOUT_MS });
  const { settled, writes } = await captureWrites(() => withInvocationEnv({ handler: handlerSetting(route) }, () => withinTimeout(handlers[route](event, context), INVOCATION_TIMEOUT_MS)));
  return { settled, writes };
}

/** Creates three orders of {@link KNOWN_CUSTOMER_ID} through the real handler and pages through them. */
async function seedKnownOrders(handlers: Record<OrdersRoute, ApiHandler>, template: APIGatewayProxyEvent): Promise<KnownOrders> {
  const answer = async (route: OrdersRoute, change: Partial<APIGatewayProxyEvent>): Promise<Record<string, unknown>> => {
    const { settled, writes } = await invokeHandler(handlers, route, { ...template, ...change }, `seed-${route}-${Date.now()}`);
    const body = settled.ok && settled.value && settled.value.statusCode < 300 ? (JSON.parse(settled.value.body) as Record<string, unknown>) : undefined;
    if (!body) throw new OrdersTargetError(`seeding the orders table failed at ${route}: ${settled.ok ? JSON.stringify(settled.value) : String(settled.error)}\n${writes.map((w) => w.text).join('')}`);
    return body;
  };
  const orderIds: string[] = [];
  for (const sku of ['book-1', 'book-2', 'book-3']) {
    const body = JSON.stringify({ customerId: KNOWN_CUSTOMER_ID, currency: 'EUR', items: [{ sku, quantity: 1, unitPrice: 9.99 }] });
    const order = await answer('createOrder', { httpMethod: 'POST', resource: '/orders', path: '/orders', headers: { 'content-type': 'application/json' }, body });
    orderIds.push(String(order.orderId));
    await new Promise((resolve) => setTimeout(resolve, 2)); // distinct createdAt, so pages have a stable order
  }
  const nextTokens: string[] = [];
  let nextToken: string | undefined;
  do {
    const query: Record<string, string> = { customerId: KNOWN_CUSTOMER_ID, limit: '1', ...(nextToken ? { nextToken } : {}) };
    const page = await answer('listOrders', { httpMethod: 'GET', resource: '/orders', path: '/orders', queryStringParameters: query });
    nextToken = typeof page.nextToken === 'string' ? page.nextToken : undefined;
    if (nextToken) nextTokens.push(nextToken);
  } while (nextToken);
  return { orderIds, customerId: KNOWN_CUSTOMER_ID, nextTokens };
}

/**
 * Starts dynalite with the orders table and the local SQS server with the OrderPlaced queue (every
 * order created is published there; nothing consumes it), makes this process a Lambda sandbox for
 * the orders handlers (their environment, X-Ray on and sampled, datagrams to a local sink), loads the
 * real handlers and creates the {@link KnownOrders}. One target per module registry: the handlers
 * read their table, queue and endpoints once, when first loaded.
 *
 * @param template - a real API Gateway event, for the seeding requests
 * @throws {@link OrdersTargetError} when the handlers were already loaded for another endpoint, or seeding fails
 * @example
 * ```ts
 * const target = await startOrdersTarget(loadFixtureEvents()[0]!.event);
 * const { settled } = await target.invoke(fuzzCase);
 * await target.close();
 * ```
 */
export async function startOrdersTarget(template: APIGatewayProxyEvent, options: OrdersTargetOptions = {}): Promise<OrdersTarget> {
  if (loadedFor !== undefined) throw new OrdersTargetError(`the orders handlers are already loaded for ${loadedFor}; start one fuzz target per process (or jest test file)`);
  const tableName = options.tableName ?? 'periscope-orders-fuzz-orders';
  const dynamo: LocalDynamoDb = await startDynalite(0);
  let queues: LocalOrderQueues | undefined;
  let sink: Socket | undefined;
  try {
    await ensureOrdersTable(dynamo.endpoint, tableName);
    queues = await startOrderQueues();
    sink = await startXRaySink();
    sink.on('message', () => undefined);
    Object.assign(process.env, LAMBDA_SANDBOX_ENV, LOCAL_LAMBDA_ENV, {
      ORDERS_TABLE_NAME: tableName,
      ...localDynamoDbEnv(dynamo.endpoint),
      ...queues.env,
      POWERTOOLS_SERVICE_NAME: 'orders',
      POWERTOOLS_METRICS_NAMESPACE: 'Periscope/Orders',
      AWS_XRAY_DAEMON_ADDRESS: `127.0.0.1:${(sink.address() as AddressInfo).port}`,
    });
    loadedFor = dynamo.endpoint;
    // Loaded only now: the handlers read their configuration when they are first required.
    const handlers = (await import('../../handlers/orders/handler')) as unknown as Record<OrdersRoute, ApiHandler>;
    const known = await seedKnownOrders(handlers, template);
    let invocations = 0;
    const openSink = sink;
    const openQueues = queues;
    return {
      known,
      invoke: (fuzzCase) => invokeHandler(handlers, fuzzCase.route, fuzzCase.event, `00000000-0000-4000-8000-${(++invocations).toString(16).padStart(12, '0')}`),
      close: async () => {
        openSink.close();
        await openQueues.close();
        await dynamo.close();
      },
    };
  } catch (error) {
    sink?.close();
    await queues?.close();
    await dynamo.close();
    throw error;
  }
}
