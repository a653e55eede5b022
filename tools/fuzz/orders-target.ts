import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { type CapturedWrite, captureWrites, type Settled } from '../emulators/lambda-sandbox/capture-output';
import { lambdaContext, withInvocationEnv } from '../emulators/lambda-sandbox/lambda-context';
import type { FuzzCase, OrdersRoute } from './orders-cases';
import { INVOCATION_TIMEOUT_MS, startOrdersSandbox, withinTimeout } from './orders-sandbox';
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

const handlerSetting = (route: OrdersRoute): string => `handlers/orders/handler.${route}`;

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
  const sandbox = await startOrdersSandbox(options.tableName ?? 'periscope-orders-fuzz-orders', (message) => new OrdersTargetError(message));
  try {
    // Loaded only now: the handlers read their configuration when they are first required.
    const handlers = (await import('../../handlers/orders/handler')) as unknown as Record<OrdersRoute, ApiHandler>;
    const known = await seedKnownOrders(handlers, template);
    let invocations = 0;
    return {
      known,
      invoke: (fuzzCase) => invokeHandler(handlers, fuzzCase.route, fuzzCase.event, `00000000-0000-4000-8000-${(++invocations).toString(16).padStart(12, '0')}`),
      close: () => sandbox.close(),
    };
  } catch (error) {
    await sandbox.close();
    throw error;
  }
}
