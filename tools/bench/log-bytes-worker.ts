/**
 * Child process of the `logs` section (tools/bench/logs.ts): hosts the real orders handlers against
 * dynalite and the OrderPlaced queue on the local SQS server, configured as serverless.yml deploys
 * them, sends successful POST /orders and GET /orders/{orderId} requests through them, then lets
 * Lambda's event source mapping (`createSqsEventSource`) hand the orders' OrderPlaced messages to the
 * real fulfilOrder in batches of 1 and of 10, and reports over IPC every line each invocation wrote
 * to stdout and stderr. A process of its own because the handlers read their environment once, when
 * first imported, and the orchestrator's process hosts other sections' handlers.
 */
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context, SQSEvent } from 'aws-lambda';
import { ordersServiceResources } from '../../deploy/service-resources';
import { ORDER_PLACED_QUEUE } from '../../handlers/orders/adapters/order-queue';
import { apiEventOf } from '../drill/api-events';
import { captureLines } from '../drill/capture';
import type { DrillRequest } from '../drill/traffic';
import { ensureOrdersTable, startDynalite } from '../emulators/dynamodb-local/dynalite';
import { LOCAL_LAMBDA_ENV, lambdaContext, localDynamoDbEnv, withInvocationEnv } from '../emulators/lambda-sandbox/lambda-context';
import { batchTraceHeader, createSqsEventSource, type SqsBatchOutcome } from '../emulators/sqs-lambda';
import { startOrderQueues } from '../stack/order-queues';

/** How many requests of each route, and fulfilOrder batches of each size, the worker sends. */
export interface LogBytesPlan {
  readonly warmups: number;
  readonly samples: number;
  /** Measured fulfilOrder batches of one message, after one unmeasured (cold start) batch of one. */
  readonly singleBatches: number;
  /** Measured fulfilOrder batches of {@link FULL_BATCH} messages, the event source mapping's batch size. */
  readonly fullBatches: number;
}

/** The OrderPlaced event source mapping's batch size (serverless.yml). */
export const FULL_BATCH = ORDER_PLACED_QUEUE.batchSize;

/** One API request the worker sent and what it wrote. */
export interface CapturedApiRequest {
  readonly route: 'post' | 'get';
  /** Warm-up requests come first (the cold start lands in one); only measured ones are averaged. */
  readonly measured: boolean;
  readonly status: number;
  readonly lines: readonly string[];
}

/** One fulfilOrder invocation the worker's event source mapping made, and what it wrote. */
export interface CapturedBatch {
  readonly route: 'fulfil';
  /** The first batch is a warm-up (the cold start lands in it); only measured ones are averaged. */
  readonly measured: boolean;
  /** Messages in the batch. */
  readonly records: number;
  /** Records it reported failed (none, for a batch of the API's own orders). */
  readonly failed: number;
  readonly lines: readonly string[];
}

/** An invocation the worker made and what it wrote. */
export type CapturedRequest = CapturedApiRequest | CapturedBatch;

/** What the worker sends its parent: the invocations, or why it could not make them. */
export type LogBytesReport = { readonly requests: readonly CapturedRequest[] } | { readonly error: string };

type ApiHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;
type SqsHandler = (event: SQSEvent, context: Context) => Promise<unknown>;

const TABLE_NAME = 'periscope-bench-log-bytes';
const ORDER: DrillRequest = { kind: 'create', customerId: 'c-ada', currency: 'EUR', quantity: 2, unitPrice: 12.5 };

/**
 * serverless.yml's environment at INFO (no DEBUG sampling), local endpoints and placeholder
 * credentials. Tracing is off (the tracer writes nothing to stdout), but each invocation gets a
 * trace header as Lambda with active tracing sets it, which the logger adds to every line.
 */
const HANDLER_ENV: Readonly<Record<string, string>> = {
  ...LOCAL_LAMBDA_ENV,
  POWERTOOLS_SERVICE_NAME: 'orders',
  POWERTOOLS_METRICS_NAMESPACE: 'Periscope/Orders',
  POWERTOOLS_LOG_LEVEL: 'INFO',
  LOG_LEVEL: 'INFO',
  POWERTOOLS_LOGGER_SAMPLE_RATE: '0',
  POWERTOOLS_TRACE_ENABLED: 'false',
};

function parsePlan(argument: string | undefined): LogBytesPlan {
  const plan = JSON.parse(argument ?? 'null') as Partial<LogBytesPlan> | null;
  const count = (value: unknown): value is number => Number.isInteger(value) && (value as number) >= 0;
  if (plan === null || !count(plan.warmups) || !count(plan.samples) || plan.samples < 1 || !count(plan.singleBatches) || plan.singleBatches < 1 || !count(plan.fullBatches) || plan.fullBatches < 1) {
    throw new Error(`the log bytes worker needs '{"warmups":<n>,"samples":<n ≥ 1>,"singleBatches":<n ≥ 1>,"fullBatches":<n ≥ 1>}' as its argument, got ${argument ?? 'nothing'}`);
  }
  return { warmups: plan.warmups, samples: plan.samples, singleBatches: plan.singleBatches, fullBatches: plan.fullBatches };
}

async function sendRequests(plan: LogBytesPlan): Promise<CapturedRequest[]> {
  const dynamo = await startDynalite(0);
  await ensureOrdersTable(dynamo.endpoint, TABLE_NAME);
  const queues = await startOrderQueues();
  Object.assign(process.env, HANDLER_ENV, { ORDERS_TABLE_NAME: TABLE_NAME, ...localDynamoDbEnv(dynamo.endpoint), ...queues.env });
  // Imported only now: the handlers read their configuration when first loaded.
  const handlers = (await import('../../handlers/orders/handler')) as unknown as Record<'createOrder' | 'getOrder', ApiHandler>;
  const fulfilment = (await import('../../handlers/orders/fulfil-order')) as unknown as { handler: SqsHandler };
  const functionNames = new Map(ordersServiceResources('dev').functions.map((fn) => [fn.name, fn.functionName]));
  const functionName = (key: string): string => {
    const name = functionNames.get(key);
    if (name === undefined) throw new Error(`the sample deploys no function ${key} (deploy/service-resources.ts)`);
    return name;
  };

  const invoke = async (key: 'createOrder' | 'getOrder', event: APIGatewayProxyEvent, requestId: string): Promise<{ result: APIGatewayProxyResult; lines: string[] }> =>
    captureLines(() => withInvocationEnv({ handler: `handlers/orders/handler.${key}` }, () => handlers[key](event, lambdaContext({ functionName: functionName(key), requestId }))));

  const requests: CapturedRequest[] = [];
  const orderIds: string[] = [];
  const total = plan.warmups + plan.samples;
  // Enough orders for every fulfilOrder batch: the extra ones are POSTed as warm-ups, after the measured ones.
  const posts = Math.max(total, 1 + plan.singleBatches + plan.fullBatches * FULL_BATCH);
  for (let i = 0; i < posts; i++) {
    const requestId = randomUUID();
    const { result, lines } = await invoke('createOrder', apiEventOf(ORDER, requestId, Date.now(), undefined), requestId);
    requests.push({ route: 'post', measured: i >= plan.warmups && i < total, status: result.statusCode, lines });
    const orderId = result.statusCode === 201 ? (JSON.parse(result.body) as { orderId?: string }).orderId : undefined;
    if (orderId === undefined) throw new Error(`POST /orders answered ${result.statusCode} ${result.body}; the benchmark needs it to succeed (201 with an orderId)`);
    orderIds.push(orderId);
  }
  for (let i = 0; i < total; i++) {
    const requestId = randomUUID();
    const { result, lines } = await invoke('getOrder', apiEventOf({ kind: 'get' }, requestId, Date.now(), orderIds[i]), requestId);
    requests.push({ route: 'get', measured: i >= plan.warmups, status: result.statusCode, lines });
  }
  requests.push(...(await fulfilOrders(fulfilment.handler, queues, functionName('fulfilOrder'), plan)));
  // Not closed: the SDK's keep-alive sockets would hold dynalite's close; the process exits instead.
  return requests;
}

/**
 * Hands the queued OrderPlaced messages to fulfilOrder as Lambda's event source mapping would, each
 * invocation in the trace its batch continues: one warm-up batch of one (the cold start), then the
 * measured batches of one and of {@link FULL_BATCH}.
 */
async function fulfilOrders(handler: SqsHandler, queues: Awaited<ReturnType<typeof startOrderQueues>>, functionName: string, plan: LogBytesPlan): Promise<CapturedBatch[]> {
  const client = queues.client();
  const batches: CapturedBatch[] = [];
  const poll = async (batchSize: number, measured: boolean): Promise<void> => {
    let lines: string[] = [];
    const mapping = createSqsEventSource({
      client,
      queueUrl: queues.queueUrl,
      batchSize,
      waitTimeSeconds: 0,
      functionResponseType: 'ReportBatchItemFailures',
      invoke: async (event) => {
        const requestId = randomUUID();
        const traceHeader = batchTraceHeader(event);
        const captured = await captureLines(() =>
          withInvocationEnv({ handler: 'handlers/orders/fulfil-order.handler', ...(traceHeader === undefined ? {} : { traceHeader }) }, () =>
            handler(event, lambdaContext({ functionName, requestId })),
          ),
        );
        lines = captured.lines;
        return captured.result;
      },
    });
    const outcome: SqsBatchOutcome = await mapping.pollOnce();
    if (outcome.records.length !== batchSize) throw new Error(`fulfilOrder was handed ${outcome.records.length} messages where the benchmark queued at least ${batchSize}`);
    batches.push({ route: 'fulfil', measured, records: outcome.records.length, failed: outcome.failedIds.length, lines });
  };
  try {
    await poll(1, false);
    for (let i = 0; i < plan.singleBatches; i++) await poll(1, true);
    for (let i = 0; i < plan.fullBatches; i++) await poll(FULL_BATCH, true);
    return batches;
  } finally {
    client.destroy();
  }
}

async function main(): Promise<void> {
  if (process.send === undefined) throw new Error('tools/bench/log-bytes-worker.ts runs as a child of tools/bench/logs.ts (with an IPC channel), not on its own');
  let report: LogBytesReport;
  try {
    report = { requests: await sendRequests(parsePlan(process.argv[2])) };
  } catch (error) {
    report = { error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  process.send(report, () => process.exit(0));
}

if (require.main === module) void main();
