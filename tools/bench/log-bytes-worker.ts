/**
 * Child process of the `logs` section (tools/bench/logs.ts): hosts the real orders handlers against
 * dynalite, configured as serverless.yml deploys them, sends successful POST /orders and
 * GET /orders/{orderId} requests through them, and reports over IPC every line each one wrote to
 * stdout and stderr. A process of its own because the handlers read their environment once, when
 * first imported, and the orchestrator's process hosts other sections' handlers.
 */
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { ordersServiceResources } from '../../deploy/service-resources';
import { apiEventOf } from '../drill/api-events';
import { captureLines } from '../drill/capture';
import type { DrillRequest } from '../drill/traffic';
import { ensureOrdersTable, startDynalite } from '../emulators/dynamodb-local/dynalite';
import { LOCAL_LAMBDA_ENV, lambdaContext, localDynamoDbEnv, withInvocationEnv } from '../emulators/lambda-sandbox/lambda-context';

/** How many requests of each route the worker sends. */
export interface LogBytesPlan {
  readonly warmups: number;
  readonly samples: number;
}

/** One request the worker sent and what it wrote. */
export interface CapturedRequest {
  readonly route: 'post' | 'get';
  /** Warm-up requests come first (the cold start lands in one); only measured ones are averaged. */
  readonly measured: boolean;
  readonly status: number;
  readonly lines: readonly string[];
}

/** What the worker sends its parent: the requests, or why it could not send them. */
export type LogBytesReport = { readonly requests: readonly CapturedRequest[] } | { readonly error: string };

type ApiHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

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
  if (plan === null || !count(plan.warmups) || !count(plan.samples) || plan.samples < 1) {
    throw new Error(`the log bytes worker needs '{"warmups":<n>,"samples":<n ≥ 1>}' as its argument, got ${argument ?? 'nothing'}`);
  }
  return { warmups: plan.warmups, samples: plan.samples };
}

async function sendRequests(plan: LogBytesPlan): Promise<CapturedRequest[]> {
  const dynamo = await startDynalite(0);
  await ensureOrdersTable(dynamo.endpoint, TABLE_NAME);
  Object.assign(process.env, HANDLER_ENV, { ORDERS_TABLE_NAME: TABLE_NAME, ...localDynamoDbEnv(dynamo.endpoint) });
  // Imported only now: the handlers read their configuration when first loaded.
  const handlers = (await import('../../handlers/orders/handler')) as unknown as Record<'createOrder' | 'getOrder', ApiHandler>;
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
  for (let i = 0; i < total; i++) {
    const requestId = randomUUID();
    const { result, lines } = await invoke('createOrder', apiEventOf(ORDER, requestId, Date.now(), undefined), requestId);
    requests.push({ route: 'post', measured: i >= plan.warmups, status: result.statusCode, lines });
    const orderId = result.statusCode === 201 ? (JSON.parse(result.body) as { orderId?: string }).orderId : undefined;
    if (orderId === undefined) throw new Error(`POST /orders answered ${result.statusCode} ${result.body}; the benchmark needs it to succeed (201 with an orderId)`);
    orderIds.push(orderId);
  }
  for (let i = 0; i < total; i++) {
    const requestId = randomUUID();
    const { result, lines } = await invoke('getOrder', apiEventOf({ kind: 'get' }, requestId, Date.now(), orderIds[i]), requestId);
    requests.push({ route: 'get', measured: i >= plan.warmups, status: result.statusCode, lines });
  }
  // Not closed: the SDK's keep-alive sockets would hold dynalite's close; the process exits instead.
  return requests;
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
