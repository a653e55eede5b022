import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { ordersTableDefinition } from '../../handlers/orders/adapters/order-table';
import { type Datapoint, dynamoDbRequestMetrics, failedInvocationMetrics, MetricStore, parseEmfLine, requestMetricsOf, type ServiceNames } from '../emulators/cloudwatch/metric-store';
import { ensureOrdersTable, type LocalDynamoDb, startDynalite } from '../emulators/dynamodb-local/dynalite';
import { type DynamoDbFault, type DynamoDbFaultProxy, startDynamoDbFaultProxy } from '../emulators/dynamodb-local/fault-proxy/dynamodb-fault-proxy';
import type { DynamoDbRequestRecord } from '../emulators/dynamodb-local/fault-proxy/dynamodb-request';
import { captureWrites } from '../emulators/lambda-sandbox/capture-output';
import { lambdaContext, localDynamoDbEnv, withEnv, withInvocationEnv } from '../emulators/lambda-sandbox/lambda-context';
import { batchTraceHeader, type LambdaSqsEvent } from '../emulators/sqs-lambda';
import { type AliasTraffic, slowedBy, type VersionResult } from './alias-traffic';
import { apiEventOf, functionOf } from './api-events';
import { DrillQueues } from './drill-queues';
import { type FunctionShares, type FunctionSlowdowns, type HandlerRun, LambdaPlatform, lambdaOnly } from './lambda-platform';
import { LAMBDA_SANDBOX_ENV } from './lambda-sandbox';
import { type ConsumerSettings, type FulfilmentReport, OrderConsumer } from './order-consumer';
import { countFulfilled } from './order-statuses';
import { startPlatformTraces } from './platform-traces';
import { type DrillRequest, seededRandom } from './traffic';

export type { FunctionShares, FunctionSlowdowns } from './lambda-platform';

type ApiHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;
type QueueHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

/** The function the OrderPlaced queue triggers (serverless.yml), and its handler setting. */
const CONSUMER = 'fulfilOrder';
const handlerSetting = (functionKey: string): string => (functionKey === CONSUMER ? 'handlers/orders/fulfil-order.handler' : `handlers/orders/handler.${functionKey}`);

/** Options of {@link startOrdersHost}. */
export interface OrdersHostOptions {
  /** Where the metrics of every invocation go, stamped with the simulated time (switch it with `useStore`). @default a new store */
  readonly store?: MetricStore;
  /** The deployed names (function names, API name and stage) at the drill's stage. */
  readonly names: ServiceNames;
  /** The drill's stage, which names the OrderPlaced queues as serverless.yml does. */
  readonly stage: string;
  /** The orders table name at the drill's stage. */
  readonly tableName: string;
  /** The X-Ray daemon stand-in's UDP port, for the handlers' traces; none when undefined. */
  readonly xrayPort?: number;
  /** Each function's configured timeout in ms, by function key: what a timed-out invocation lasts. */
  readonly timeoutMs: (functionKey: string) => number;
  /** Reserved concurrency by function key, as serverless.yml sets it. @default {} */
  readonly reservedConcurrency?: Readonly<Record<string, number>>;
  /** The account's Lambda concurrency quota. */
  readonly accountConcurrencyLimit: number;
}

/** What happened to one request. */
export interface HostedResponse {
  readonly functionKey: string;
  /** HTTP status the client got. */
  readonly status: number;
  /** Whether Lambda refused the invocation (an injected throttle). */
  readonly throttled: boolean;
  /** Whether the invocation ran into the function's timeout (an injected hang). */
  readonly timedOut: boolean;
}

/** The real orders handlers, hosted in this process against local DynamoDB and SQS, with faults on demand. */
export interface OrdersHost {
  /** Records into `store` from now on: each drill scenario has its own CloudWatch. */
  useStore(store: MetricStore): void;
  /** Sends one request through its real handler at simulated time `at`, recording what AWS would. */
  send(request: DrillRequest, at: number): Promise<HostedResponse>;
  /** DynamoDB faults on the wire from now on (`undefined`: none). */
  setDynamoDbFault(fault: DynamoDbFault | undefined): void;
  /** The share of invocations Lambda throttles from now on (`*` includes fulfilOrder). */
  setLambdaThrottling(shares: FunctionShares): void;
  /** The share of invocations that hang until the function's timeout from now on (`*` includes fulfilOrder). */
  setLambdaTimeouts(shares: FunctionShares): void;
  /** Milliseconds every invocation of a function takes on top of its handler's time, from now on. */
  setLambdaSlowdowns(slowdowns: FunctionSlowdowns): void;
  /** Concurrent executions of other functions in the account from now on: they share its unreserved concurrency. */
  setOtherConcurrency(executions: number): void;
  /**
   * Invokes `functionKey` (`*`: every function not named) through its alias from now on, split
   * between two versions (`undefined`: the alias is gone, the function is invoked unqualified).
   */
  setAliasTraffic(functionKey: string, traffic: AliasTraffic | undefined): void;
  /**
   * Invokes one version of a function directly with `event` at simulated time `at` (a pre-traffic
   * hook's smoke test): the new build of {@link setAliasTraffic}'s traffic when `version` is its new
   * version, with its faults; the function's own metrics only (no alias).
   */
  invokeVersion(functionKey: string, version: string, event: APIGatewayProxyEvent, at: number): Promise<VersionResult>;
  /** A new scenario from simulated time `at`: empty queues, the event source mapping as deployed, nothing placed yet. */
  startScenario(at: number): Promise<void>;
  /** fulfilOrder's event source mapping settings from now on. */
  setConsumer(settings: ConsumerSettings): void;
  /** Puts `bodies` on the OrderPlaced queue at `at`, as another producer would. */
  sendStrayMessages(bodies: readonly string[], at: number): Promise<void>;
  /** Runs fulfilOrder's event source mapping from `from` to `to` (a simulated minute, after its requests). */
  runConsumer(from: number, to: number): Promise<void>;
  /** Records both queues' `AWS/SQS` metrics of the minute ending at `at`. */
  recordQueueMetrics(at: number): void;
  /** The asynchronous leg at simulated time `at`, the scenario's end (reads the dead letter queue out: call it last). */
  fulfilmentReport(at: number): Promise<FulfilmentReport>;
  close(): Promise<void>;
}

/** Lambda refuses a throttled invocation before the handler runs; API Gateway answers the client 500 ("Internal server error"). */
const THROTTLED_RESPONSE_STATUS = 500;
/** A Lambda proxy integration whose function failed (timed out) answers the client 502 ("Internal server error"). */
const FAILED_INVOCATION_STATUS = 502;

/**
 * Starts dynalite with the orders table behind a fault-injecting proxy and loads the real orders
 * handlers in this process, configured as Lambda would run them (tracing to `xrayPort`). Each
 * `send` runs one invocation, captures what it prints, and records at the simulated time what
 * CloudWatch would get: its EMF, the API Gateway and Lambda metrics of its `request completed` line,
 * the DynamoDB metrics of each call it made as the proxy served it (`SuccessfulRequestLatency`,
 * `ThrottledRequests` and throttle events on the table or index, `SystemErrors`: see
 * `dynamoDbRequestMetrics`), and Lambda's concurrency at its arrival (see `LambdaConcurrency`), which
 * also throttles it when its reservation or the account's unreserved pool is full.
 *
 * The SDK's retries are off (`AWS_MAX_ATTEMPTS=1`): their backoff is real time, and the drill's clock
 * is simulated. Two faults are injected at the Lambda platform, without a real cause: a throttled
 * invocation never reaches the handler, so it is counted (`AWS/Lambda` `Throttles`) and answered as
 * API Gateway does; and a version that hangs (a bad deploy) is not run for its whole timeout in real
 * time: the invocation is counted as Lambda counts a timeout (`Errors` 1, `Duration` the timeout)
 * and answered 502, as API Gateway answers a failed proxy invocation.
 *
 * A deploy's two builds (`setAliasTraffic`): the alias routes each invocation to the old or the new
 * version by the same error diffusion, and records Lambda's per-alias and per-version metrics beside
 * the function's. Both versions run the same loaded handler module — a second copy would need a
 * module registry of its own (jest's ignores `require.cache`) and a second Powertools telemetry
 * patching this one process — so a bad build's faults are injected at the platform: its failing
 * invocations never reach the handler (counted as Lambda counts a thrown error, answered 502), its
 * hangs are timeouts as above, and its slowness is added to the measured duration.
 *
 * The asynchronous leg: createOrder publishes OrderPlaced to a local SQS server on the drill's clock
 * (set to each request's simulated time), and fulfilOrder runs through its event source mapping
 * (`OrderConsumer`) once a simulated minute, after the minute's requests, with the same platform:
 * its throttles, hangs, slowdowns and alias. Each invocation records what Lambda publishes of it
 * (`Invocations`, `Errors`, `Duration`, concurrency), its EMF (`BatchRecords`, `BatchItemFailures`,
 * the business metrics) and its DynamoDB calls, at the simulated time of its receive; the queues'
 * `AWS/SQS` metrics are sampled at each minute's end (`recordQueueMetrics`).
 */
export async function startOrdersHost(options: OrdersHostOptions): Promise<OrdersHost> {
  const dynamo: LocalDynamoDb = await startDynalite(0);
  // The DynamoDB calls of the invocation running now, as the proxy answered them.
  const calls: DynamoDbRequestRecord[] = [];
  const proxies: DynamoDbFaultProxy[] = [];
  let queues: DrillQueues | undefined;
  try {
    await ensureOrdersTable(dynamo.endpoint, options.tableName);
    // Seeded, so a fault with a probability hits the same calls in every run. The consumer's calls go
    // through a proxy of their own (same faults, its own draws): a fault on a share of calls hits the
    // API's calls as it did before the consumer existed, and the consumer's as often.
    for (const seed of [11, 12]) {
      proxies.push(await startDynamoDbFaultProxy({ target: dynamo.endpoint, random: seededRandom(seed), tables: [ordersTableDefinition(options.tableName)], onRequest: (call) => calls.push(call) }));
    }
    queues = await DrillQueues.start({ stage: options.stage });
  } catch (error) {
    for (const proxy of proxies) await proxy.close();
    await dynamo.close();
    throw error;
  }
  const [faults, consumerFaults] = proxies as [DynamoDbFaultProxy, DynamoDbFaultProxy];
  /** What fulfilOrder's invocations run with: its DynamoDB client reaches the table through the consumer's proxy. */
  const consumerEnv = { AWS_ENDPOINT_URL_DYNAMODB: consumerFaults.endpoint };
  const orderQueues = queues;
  Object.assign(process.env, {
    ORDERS_TABLE_NAME: options.tableName,
    ...localDynamoDbEnv(faults.endpoint),
    // createOrder publishes OrderPlaced to the local queue, as serverless.yml points it at the stack's.
    ...orderQueues.env,
    AWS_MAX_ATTEMPTS: '1',
    POWERTOOLS_SERVICE_NAME: 'orders',
    POWERTOOLS_METRICS_NAMESPACE: 'Periscope/Orders',
    // Powertools patches node:http process-wide when this is on. The orders functions make no call
    // but AWS SDK ones (traced as AWS calls either way); off, the Slack notifier hosted in this same
    // process is not traced by the orders functions' patch, as in its own sandbox.
    POWERTOOLS_TRACER_CAPTURE_HTTPS_REQUESTS: 'false',
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    ...(options.xrayPort === undefined
      ? { POWERTOOLS_TRACE_ENABLED: 'false' }
      : { ...LAMBDA_SANDBOX_ENV, AWS_LAMBDA_FUNCTION_NAME: options.names.functionName('createOrder'), AWS_XRAY_DAEMON_ADDRESS: `127.0.0.1:${options.xrayPort}` }),
  });
  // Loaded only now: the handlers read their configuration when they are first required.
  const handlers = (await import('../../handlers/orders/handler')) as unknown as Record<string, ApiHandler>;
  const fulfilOrder = await withEnv(consumerEnv, async () => ((await import('../../handlers/orders/fulfil-order')) as unknown as { handler: QueueHandler }).handler);
  const traces = options.xrayPort === undefined ? undefined : startPlatformTraces(options.xrayPort, 'orders');
  const created: string[] = [];
  let store = options.store ?? new MetricStore();
  const record = (points: readonly Datapoint[], at: number): void => store.add(...points.map((point) => ({ ...point, timestamp: at })));
  const platform = new LambdaPlatform({ ...options, record, handlerSetting, ...(traces === undefined ? {} : { traces }) });

  /** Runs one real handler invocation with Lambda's per-invocation environment; what it prints, as lines, and how it ended. */
  const invokeHandler = async <T>(functionKey: string, traceHeader: string | undefined, work: () => Promise<T>) => {
    calls.length = 0;
    const started = performance.now();
    const { settled, writes } = await captureWrites(() => withInvocationEnv({ handler: handlerSetting(functionKey), ...(traceHeader === undefined ? {} : { traceHeader }) }, work));
    const lines = writes.flatMap((write) => write.text.split('\n').filter((line) => line !== ''));
    return { settled, lines, ms: performance.now() - started };
  };
  /** Records the DynamoDB metrics of the calls the invocation made, as the proxy served them. */
  const recordCalls = (at: number): void =>
    record(
      calls.splice(0).flatMap((call) => dynamoDbRequestMetrics(call, at)),
      at,
    );

  /** Runs an API handler once; what it emits goes to `publish`, its DynamoDB calls' metrics to the store. */
  const runApi = async (functionKey: string, event: APIGatewayProxyEvent, requestId: string, at: number, { extraLatencyMs, publish }: HandlerRun) => {
    const handler = handlers[functionKey];
    if (handler === undefined) throw new Error(`the orders handler module exports no ${functionKey}`);
    // createOrder publishes OrderPlaced at the request's simulated time.
    orderQueues.setTime(at);
    const { settled, lines, ms } = await invokeHandler(functionKey, undefined, () => handler(event, lambdaContext({ functionName: options.names.functionName(functionKey), requestId })));
    if (!settled.ok) throw settled.error;
    publish(
      slowedBy(
        lines.flatMap((line) => parseEmfLine(line) ?? requestMetricsOf(line, options.names, at)),
        extraLatencyMs,
      ),
    );
    recordCalls(at);
    return { value: settled.value, durationMs: ms + extraLatencyMs };
  };

  /**
   * Runs fulfilOrder once with a batch: its EMF, Lambda's metrics of the invocation from its `batch
   * completed` line (failed when the handler threw instead), its DynamoDB calls'.
   */
  const runConsumer = async (event: SQSEvent, at: number, { extraLatencyMs, publish }: HandlerRun) => {
    const functionName = options.names.functionName(CONSUMER);
    const { settled, lines, ms } = await invokeHandler(CONSUMER, batchTraceHeader(event as unknown as LambdaSqsEvent), () =>
      withEnv(consumerEnv, () => fulfilOrder(event, lambdaContext({ functionName, requestId: randomUUID() }))),
    );
    const durationMs = ms + extraLatencyMs;
    const emitted = lines.flatMap((line) => parseEmfLine(line) ?? (settled.ok ? requestMetricsOf(line, options.names, at) : []));
    const failed = settled.ok ? [] : lambdaOnly(failedInvocationMetrics(options.names, CONSUMER, at, ms));
    publish(slowedBy([...emitted, ...failed], extraLatencyMs));
    recordCalls(at);
    return { value: settled, durationMs };
  };

  const consumer = new OrderConsumer({
    queues: orderQueues,
    invoke: async (event, at) => {
      const invoked = await platform.invoke(CONSUMER, at, 'queue', (run) => runConsumer(event, at, run));
      if (invoked.kind === 'throttled') return invoked;
      if (invoked.kind !== 'ran' || !invoked.value.ok) return { kind: 'failed', durationMs: invoked.durationMs };
      return { kind: 'ran', response: invoked.value.value, durationMs: invoked.durationMs };
    },
  });
  // The scenario under way: the orders it placed, the other producer's messages, the queue's peaks.
  let scenario = { placed: [] as string[], strays: [] as { messageId: string; at: number }[], peak: { visible: 0, oldestAgeSeconds: 0 } };

  return {
    useStore: (next) => {
      store = next;
    },
    async send(request, at) {
      const functionKey = functionOf(request);
      const invoked = await platform.invoke(functionKey, at, 'api', (run) => {
        const requestId = randomUUID();
        const event = apiEventOf(request, requestId, at, created.at(-1 - (created.length > 0 ? Number.parseInt(requestId.slice(0, 4), 16) % created.length : 0)));
        return runApi(functionKey, event, requestId, at, run);
      });
      if (invoked.kind === 'throttled') return { functionKey, status: THROTTLED_RESPONSE_STATUS, throttled: true, timedOut: false };
      if (invoked.kind !== 'ran') return { functionKey, status: FAILED_INVOCATION_STATUS, throttled: false, timedOut: invoked.kind === 'timed-out' };
      const result = invoked.value;
      if (result.statusCode === 201 && functionKey === 'createOrder') {
        const orderId = (JSON.parse(result.body) as { orderId?: string }).orderId;
        if (orderId !== undefined) {
          created.push(orderId);
          scenario.placed.push(orderId);
          // Its OrderPlaced message went out at `at`.
          consumer.messageSentAt(at);
        }
        if (created.length > 200) created.shift();
      }
      return { functionKey, status: result.statusCode, throttled: false, timedOut: false };
    },
    setDynamoDbFault: (fault) => {
      faults.setFault(fault);
      consumerFaults.setFault(fault);
    },
    setLambdaThrottling: (shares) => platform.setThrottling(shares),
    setLambdaTimeouts: (shares) => platform.setTimeouts(shares),
    setLambdaSlowdowns: (slowdowns) => platform.setSlowdowns(slowdowns),
    setOtherConcurrency: (executions) => platform.setOtherConcurrency(executions),
    async invokeVersion(functionKey, version, event, at) {
      const invoked = await platform.invokeVersion(functionKey, version, at, (run) => runApi(functionKey, event, randomUUID(), at, run));
      if (invoked.kind === 'timed-out') return { timedOut: true };
      if (invoked.kind === 'failed') return { timedOut: false, functionError: 'Unhandled', payload: { errorType: 'Error', errorMessage: `version ${version} of ${functionKey} threw` } };
      return { timedOut: false, payload: invoked.kind === 'ran' ? invoked.value : undefined };
    },
    setAliasTraffic: (functionKey, traffic) => platform.setAliasTraffic(functionKey, traffic),
    async startScenario(at) {
      await orderQueues.reset(at);
      consumer.reset(at);
      scenario = { placed: [], strays: [], peak: { visible: 0, oldestAgeSeconds: 0 } };
    },
    setConsumer: (settings) => consumer.configure(settings),
    async sendStrayMessages(bodies, at) {
      const ids = await orderQueues.send(bodies, at);
      scenario.strays.push(...ids.map((messageId) => ({ messageId, at })));
      if (ids.length > 0) consumer.messageSentAt(at);
    },
    runConsumer: (from, to) => consumer.drain(from, to),
    recordQueueMetrics(at) {
      record(orderQueues.minuteMetrics(at), at);
      const { queue } = orderQueues.statesAt(at);
      scenario.peak = { visible: Math.max(scenario.peak.visible, queue.visible), oldestAgeSeconds: Math.max(scenario.peak.oldestAgeSeconds, queue.oldestAgeSeconds) };
    },
    async fulfilmentReport(at) {
      const end = orderQueues.statesAt(at);
      const deadLetters = await orderQueues.drainDeadLetters(at);
      const fulfilled = await countFulfilled(dynamo.endpoint, options.tableName, scenario.placed);
      return { batches: [...consumer.batches()], strays: scenario.strays, deadLetters, peak: scenario.peak, end, orders: { placed: scenario.placed.length, fulfilled } };
    },
    close: async () => {
      await traces?.close();
      await orderQueues.close();
      for (const proxy of proxies) await proxy.close();
      await dynamo.close();
    },
  };
}
