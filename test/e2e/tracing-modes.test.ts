import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { ensureOrdersTable, startDynalite } from '../../tools/emulators/dynamodb-local/dynalite';
import { type DynamoDbFault, type DynamoDbFaultProxy, startDynamoDbFaultProxy } from '../../tools/emulators/dynamodb-local/fault-proxy';
import { localDynamoDbEnv } from '../../tools/emulators/lambda-sandbox/lambda-context';
import { type CompletedTrace, startXRayCollector, type TraceNode, type XRayCollector } from '../../tools/emulators/xray-daemon';
import { type LocalOrderQueues, startOrderQueues } from '../../tools/stack/order-queues';
import { apiEvent } from '../support/lambda';
import { type LambdaProcess, startLambdaProcess } from '../support/lambda-process';
import { type QueuedOrderPlaced, readOrderPlaced, takeQueuedMessages } from '../support/queued-messages';
import { compareTraces, type TraceDifference } from '../support/trace-diff';

type Mode = 'lean' | 'powertools';
type OrdersExport = keyof typeof import('../../handlers/orders/handler');

const TABLE = 'orders-tracing-modes';
const CUSTOMER = 'c-tracing';
const order = { customerId: CUSTOMER, currency: 'EUR', items: [{ sku: 'book-1', quantity: 2, unitPrice: 12.5 }] };

/** One request of the script both modes run, and how the orders API answers it. */
interface ScriptedRequest {
  readonly label: string;
  readonly exportName: OrdersExport;
  readonly event: (createdOrderId: string) => APIGatewayProxyEvent;
  /** Set on the fault proxy for this request only. */
  readonly fault?: DynamoDbFault;
  readonly status: number;
  /** The trace's subsegments, `name [operation]`, indented by depth: what both modes must show at least. */
  readonly outline: readonly string[];
}

const headers = (label: string) => ({ 'Content-Type': 'application/json', 'x-correlation-id': `tracing-modes-${label.replace(/\W+/g, '-')}` });
const post = (label: string, body: string) => apiEvent({ method: 'POST', resource: '/orders', path: '/orders', body, headers: headers(label) });
const get = (label: string, orderId: string) => apiEvent({ method: 'GET', resource: '/orders/{orderId}', path: `/orders/${orderId}`, pathParameters: { orderId }, headers: headers(label) });

/** A create whose PutItem the fault proxy fails: the API answers 503. */
function failedCreate(label: string, kind: 'throttle' | 'server-error'): ScriptedRequest {
  const outline = ['## handlers/orders/handler.createOrder', '  DynamoDB PutItem'];
  return { label, exportName: 'createOrder', event: () => post(label, JSON.stringify(order)), fault: { kind, operations: ['PutItem'] }, status: 503, outline };
}

const SCRIPT: readonly ScriptedRequest[] = [
  {
    label: 'create',
    exportName: 'createOrder',
    event: () => post('create', JSON.stringify(order)),
    status: 201,
    outline: ['## handlers/orders/handler.createOrder', '  DynamoDB PutItem', '  SQS SendMessage'],
  },
  { label: 'get', exportName: 'getOrder', event: (id) => get('get', id), status: 200, outline: ['## handlers/orders/handler.getOrder', '  DynamoDB GetItem'] },
  {
    label: 'list',
    exportName: 'listOrders',
    event: () => apiEvent({ method: 'GET', resource: '/orders', path: '/orders', query: { customerId: CUSTOMER }, headers: headers('list') }),
    status: 200,
    outline: ['## handlers/orders/handler.listOrders', '  DynamoDB Query'],
  },
  { label: 'bad body', exportName: 'createOrder', event: () => post('bad body', '{"customerId":'), status: 400, outline: ['## handlers/orders/handler.createOrder'] },
  { label: 'unknown order', exportName: 'getOrder', event: () => get('unknown order', 'no-such-order'), status: 404, outline: ['## handlers/orders/handler.getOrder', '  DynamoDB GetItem'] },
  failedCreate('throttled', 'throttle'),
  failedCreate('DynamoDB fault', 'server-error'),
];

/**
 * A difference between the modes that is by design, and why. `path` is `<request> <status> › <subsegment> › … › <field>`;
 * `when` says which values are expected (the lean value, then the default mode's).
 */
interface AllowedDifference {
  readonly path: RegExp;
  readonly when: (lean: unknown, powertools: unknown) => boolean;
  readonly reason: string;
}

/** Every difference the modes may show. Anything else fails the test, and so does an entry nothing matches any more. */
const ALLOWED: readonly AllowedDifference[] = [
  {
    path: / › (DynamoDB|SQS) › aws\.retries$/,
    when: (lean, powertools) => typeof lean === 'number' && powertools === lean + 1,
    reason:
      "the X-Ray SDK's AWS SDK v3 capture (aws-xray-sdk-core lib/patchers/aws3_p.js) records $metadata.attempts as retries, one more than the retries made; lean records attempts - 1, as the SDK does for AWS SDK v2 calls",
  },
  {
    path: /^list 200 › .* › DynamoDB › aws\.(index_name|limit|scan_index_forward)$/,
    when: (lean) => lean === undefined,
    reason:
      "the X-Ray SDK adds the request parameters its whitelist names for each DynamoDB operation (lib/resources/aws_whitelist.json: Query's IndexName, Limit, ScanIndexForward); lean records table_name only",
  },
  {
    path: /^throttled 503 › .* › DynamoDB › fault$/,
    when: (lean, powertools) => lean === undefined && powertools === true,
    reason:
      "the X-Ray SDK closes a failed AWS call's subsegment with the error, and Subsegment.addError always sets fault: a throttle (HTTP 400) is error + throttle + fault there, error + throttle in lean, as X-Ray defines a 4xx",
  },
  {
    path: / › cause\.exceptions\[\d+\]\.stack\[\d+\]\.line$/,
    when: (lean, powertools) => lean === '<line>' && powertools === null,
    reason: "the X-Ray SDK's CapturedException splits a frame's location on ':', so node:internal/process/task_queues:95:5 becomes path 'node' and line NaN (sent as null); lean keeps the line",
  },
  {
    path: /^(throttled|DynamoDB fault) 503 › .* › cause\.exceptions\[0\]\.stack\[[89]\]\.label$/,
    when: (lean, powertools) => typeof lean === 'string' && lean.startsWith('async ') && powertools === 'async',
    reason:
      "in the default mode the X-Ray SDK's capture middleware (aws3_p.js) and Powertools' awsSdkUtils are async functions on the failed call's async stack; Node keeps 10 frames, so that stack ends in SDK frames where lean's ends with DynamoDbOrderRepository.create and OrderService.placeOrder",
  },
];

/** What one mode's run gave: per scripted request, its status and trace id; the order it created; and the packages it loaded. */
interface ModeRun {
  readonly answers: readonly { readonly request: ScriptedRequest; readonly status: number; readonly traceId: string }[];
  readonly createdOrderId: string;
  readonly packages: readonly string[];
}

/**
 * Runs the script in a fresh execution environment of the orders functions (its own process, its
 * own DynamoDB behind its own fault proxy, so both modes start from the same empty table; the
 * suite's OrderPlaced queue), choosing the mode the way an operator does: `PERISCOPE_TRACING=lean`,
 * or nothing for the default. Two attempts per DynamoDB call, so a throttle or a fault is retried
 * once and `retries` is not 0.
 */
async function runScript(mode: Mode, collector: XRayCollector, queues: LocalOrderQueues): Promise<ModeRun> {
  const dynamo = await startDynalite(0);
  let proxy: DynamoDbFaultProxy | undefined;
  let fn: LambdaProcess | undefined;
  try {
    await ensureOrdersTable(dynamo.endpoint, TABLE);
    proxy = await startDynamoDbFaultProxy({ target: dynamo.endpoint });
    fn = await startLambdaProcess({
      module: 'handlers/orders/handler',
      functionName: 'periscope-orders-test',
      xrayDaemonAddress: `127.0.0.1:${collector.address.port}`,
      env: { ORDERS_TABLE_NAME: TABLE, ...localDynamoDbEnv(proxy.endpoint), ...queues.env, AWS_MAX_ATTEMPTS: '2', ...(mode === 'lean' ? { PERISCOPE_TRACING: 'lean' } : {}) },
    });
    const answers: ModeRun['answers'][number][] = [];
    let createdOrderId = 'none-created';
    for (const request of SCRIPT) {
      proxy.setFault(request.fault);
      const { result, traceId } = await fn.invoke<APIGatewayProxyResult>(request.exportName, request.event(createdOrderId));
      proxy.setFault(undefined);
      if (request.label === 'create') createdOrderId = (JSON.parse(result.body) as { orderId?: string }).orderId ?? createdOrderId;
      answers.push({ request, status: result.statusCode, traceId });
    }
    return { answers, createdOrderId, packages: await fn.loadedPackages() };
  } finally {
    await fn?.stop();
    await proxy?.close();
    await dynamo.close();
  }
}

/** `name [operation]` per subsegment, indented two spaces per level. */
const outline = (nodes: readonly TraceNode[], depth = 0): string[] =>
  nodes.flatMap((node) => [`${'  '.repeat(depth)}${[node.document.name, node.document.aws?.operation].filter(Boolean).join(' ')}`, ...outline(node.children, depth + 1)]);

/**
 * Issue 15's proof that the two tracing modes agree: the same requests to the real orders handlers,
 * against dynalite behind the DynamoDB fault proxy, once in lean mode (Periscope's own emitter) and
 * once in the default mode (Powertools Tracer over the X-Ray SDK in Lambda mode), each in a process
 * of its own, into the same local X-Ray collector.
 */
describe('X-Ray traces of the orders API in lean and default (Powertools) tracing mode', () => {
  const runs = new Map<Mode, ModeRun>();
  const traces = new Map<string, CompletedTrace>();
  const announced: QueuedOrderPlaced[] = [];
  let collector: XRayCollector;
  let queues: LocalOrderQueues;

  beforeAll(async () => {
    // Prepare: a quiet period long enough that a busy machine never splits one invocation's datagrams into two reports
    collector = await startXRayCollector({ port: 0, quietMs: 500 });
    queues = await startOrderQueues();

    // Act (shared by the tests below): the script in each mode, one after the other
    for (const mode of ['lean', 'powertools'] as const) runs.set(mode, await runScript(mode, collector, queues));
    const traceIds = [...runs.values()].flatMap((run) => run.answers.map((answer) => answer.traceId));
    for (const trace of await Promise.all(traceIds.map((id) => collector.waitForTrace((t) => t.traceId === id, 20_000)))) traces.set(trace.traceId, trace);
    const client = queues.client();
    announced.push(...(await takeQueuedMessages(client, queues.queueUrl)).map(readOrderPlaced));
    client.destroy();
  }, 120_000);
  afterAll(async () => {
    await collector?.close();
    await queues?.close();
  });

  it('answers every request alike and traces it alike, but for the differences listed with their reasons', () => {
    // Assess: same answers, and traces that hold what the request did in both modes
    const lean = runs.get('lean') as ModeRun;
    const powertools = runs.get('powertools') as ModeRun;
    for (const run of [lean, powertools]) {
      expect(run.answers.map(({ request, status }) => [request.label, status])).toEqual(SCRIPT.map((request) => [request.label, request.status]));
      expect(run.answers.map(({ request, traceId }) => [request.label, outline(traces.get(traceId)?.roots ?? [])])).toEqual(SCRIPT.map((request) => [request.label, request.outline]));
    }
    // … and no difference between the modes that is not listed, nor a listed one that no longer happens
    const differences: TraceDifference[] = SCRIPT.flatMap((request, index) =>
      compareTraces(traces.get(lean.answers[index]?.traceId ?? '') as CompletedTrace, traces.get(powertools.answers[index]?.traceId ?? '') as CompletedTrace).map((difference) => ({
        ...difference,
        path: `${request.label} ${request.status} › ${difference.path}`,
      })),
    );
    const allows = (allowed: AllowedDifference, difference: TraceDifference): boolean => allowed.path.test(difference.path) && allowed.when(difference.left, difference.right);
    const unlisted = differences.filter((difference) => !ALLOWED.some((allowed) => allows(allowed, difference)));
    expect(unlisted.map(({ path, left, right }) => ({ path, lean: left, powertools: right }))).toEqual([]);
    const stale = ALLOWED.filter((allowed) => !differences.some((difference) => allows(allowed, difference)));
    expect(stale.map((allowed) => `${allowed.path}: ${allowed.reason}`)).toEqual([]);
  });

  it("carries the create's trace on its OrderPlaced message in both modes, the handler subsegment as parent", () => {
    // Assess: one message per mode's created order, naming that request's trace …
    const expected = (['lean', 'powertools'] as const).map((mode) => {
      const run = runs.get(mode) as ModeRun;
      const traceId = run.answers.find((answer) => answer.request.label === 'create')?.traceId as string;
      const handlerId = traces.get(traceId)?.roots[0]?.id;
      return { orderId: run.createdOrderId, correlationId: 'tracing-modes-create', traceHeader: `Root=${traceId};Parent=${handlerId};Sampled=1` };
    });
    expect(announced.map(({ event, correlationId, traceHeader }) => ({ orderId: event.orderId, correlationId, traceHeader }))).toEqual(expected);
  });

  it('loads neither the X-Ray SDK nor Powertools Tracer in lean mode, and both in the default mode', () => {
    // Assess (the first line shows the check sees what a process loads)
    expect(runs.get('lean')?.packages).toEqual(expect.arrayContaining(['@aws-sdk/client-dynamodb', '@aws-lambda-powertools/logger']));
    expect(runs.get('lean')?.packages).not.toContain('aws-xray-sdk-core');
    expect(runs.get('lean')?.packages).not.toContain('@aws-lambda-powertools/tracer');
    expect(runs.get('powertools')?.packages).toEqual(expect.arrayContaining(['aws-xray-sdk-core', '@aws-lambda-powertools/tracer']));
  });
});
