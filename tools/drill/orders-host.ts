import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { ordersTableDefinition } from '../../handlers/orders/adapters/order-table';
import {
  type Datapoint,
  dynamoDbRequestMetrics,
  failedInvocationMetrics,
  LambdaConcurrency,
  MetricStore,
  parseEmfLine,
  requestMetricsOf,
  type ServiceNames,
  throttledInvocationMetrics,
} from '../emulators/cloudwatch/metric-store';
import { ensureOrdersTable, type LocalDynamoDb, startDynalite } from '../emulators/dynamodb-local/dynalite';
import { type DynamoDbFault, type DynamoDbFaultProxy, startDynamoDbFaultProxy } from '../emulators/dynamodb-local/fault-proxy/dynamodb-fault-proxy';
import type { DynamoDbRequestRecord } from '../emulators/dynamodb-local/fault-proxy/dynamodb-request';
import { lambdaContext, localDynamoDbEnv, withInvocationEnv } from '../emulators/lambda-sandbox/lambda-context';
import { type AliasTraffic, FAILING_BUILD_DURATION_MS, type NewBuild, slowedBy, throughAlias, type VersionResult } from './alias-traffic';
import { apiEventOf, functionOf } from './api-events';
import { captureLines } from './capture';
import { LAMBDA_SANDBOX_ENV } from './lambda-sandbox';
import { startPlatformTraces } from './platform-traces';
import { type DrillRequest, seededRandom } from './traffic';

type ApiHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

/** Options of {@link startOrdersHost}. */
export interface OrdersHostOptions {
  /** Where the metrics of every invocation go, stamped with the simulated time (switch it with `useStore`). @default a new store */
  readonly store?: MetricStore;
  /** The deployed names (function names, API name and stage) at the drill's stage. */
  readonly names: ServiceNames;
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

/** A share (0–1) of invocations per function key, `*` for every function not named. */
export type FunctionShares = Readonly<Record<string, number>>;

/** The real orders handlers, hosted in this process against local DynamoDB, with faults on demand. */
export interface OrdersHost {
  /** Records into `store` from now on: each drill scenario has its own CloudWatch. */
  useStore(store: MetricStore): void;
  /** Sends one request through its real handler at simulated time `at`, recording what AWS would. */
  send(request: DrillRequest, at: number): Promise<HostedResponse>;
  /** DynamoDB faults on the wire from now on (`undefined`: none). */
  setDynamoDbFault(fault: DynamoDbFault | undefined): void;
  /** The share of invocations Lambda throttles from now on. */
  setLambdaThrottling(shares: FunctionShares): void;
  /** The share of invocations that hang until the function's timeout from now on. */
  setLambdaTimeouts(shares: FunctionShares): void;
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
  close(): Promise<void>;
}

/** Lambda refuses a throttled invocation before the handler runs; API Gateway answers the client 500 ("Internal server error"). */
const THROTTLED_RESPONSE_STATUS = 500;
/** A Lambda proxy integration whose function failed (timed out) answers the client 502 ("Internal server error"). */
const FAILED_INVOCATION_STATUS = 502;
/**
 * Lets the event loop poll I/O once. A platform fault does no I/O of its own, so a run of them would
 * otherwise never let the X-Ray daemon stand-in in this process read its socket, and the kernel drops
 * the datagrams that overflow its buffer.
 */
const yieldToIo = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Picks exactly a share of calls, per key, by error diffusion: a share of 0.25 picks every fourth
 * call, so a drill repeats to the request.
 */
function shareDiffuser(): (key: string, shares: FunctionShares) => boolean {
  const debts = new Map<string, number>();
  return (key, shares) => {
    const share = shares[key] ?? shares['*'] ?? 0;
    const debt = (debts.get(key) ?? 0) + share;
    const hit = debt >= 1;
    debts.set(key, hit ? debt - 1 : debt);
    return hit;
  };
}

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
 */
export async function startOrdersHost(options: OrdersHostOptions): Promise<OrdersHost> {
  const dynamo: LocalDynamoDb = await startDynalite(0);
  // The DynamoDB calls of the invocation running now, as the proxy answered them.
  const calls: DynamoDbRequestRecord[] = [];
  let proxy: DynamoDbFaultProxy | undefined;
  try {
    await ensureOrdersTable(dynamo.endpoint, options.tableName);
    // Seeded, so a fault with a probability hits the same calls in every run.
    proxy = await startDynamoDbFaultProxy({ target: dynamo.endpoint, random: seededRandom(11), tables: [ordersTableDefinition(options.tableName)], onRequest: (call) => calls.push(call) });
  } catch (error) {
    await dynamo.close();
    throw error;
  }
  const faults = proxy;
  Object.assign(process.env, {
    ORDERS_TABLE_NAME: options.tableName,
    ...localDynamoDbEnv(faults.endpoint),
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
  const handlerSetting = (functionKey: string): string => `handlers/orders/handler.${functionKey}`;
  const platform = options.xrayPort === undefined ? undefined : startPlatformTraces(options.xrayPort, 'orders');
  const created: string[] = [];
  let throttling: FunctionShares = {};
  let timeouts: FunctionShares = {};
  const throttles = shareDiffuser();
  const hangs = shareDiffuser();
  const routes = shareDiffuser();
  const newBuildFaults = shareDiffuser();
  const aliases = new Map<string, AliasTraffic>();

  let store = options.store ?? new MetricStore();
  const record = (points: readonly Datapoint[], at: number): void => store.add(...points.map((point) => ({ ...point, timestamp: at })));
  const concurrency = new LambdaConcurrency({
    accountLimit: options.accountConcurrencyLimit,
    reserved: Object.fromEntries(Object.entries(options.reservedConcurrency ?? {}).map(([key, reserved]) => [options.names.functionName(key), reserved])),
  });

  /** Runs the real handler once; what it emits goes to `publish`, its DynamoDB calls' metrics to the store. */
  const run = async (functionKey: string, event: APIGatewayProxyEvent, requestId: string, at: number, build: NewBuild, publish: (points: readonly Datapoint[]) => void) => {
    const handler = handlers[functionKey];
    if (handler === undefined) throw new Error(`the orders handler module exports no ${functionKey}`);
    const invocation = { handler: handlerSetting(functionKey) };
    calls.length = 0;
    const started = performance.now();
    const { result, lines } = await captureLines(() => withInvocationEnv(invocation, () => handler(event, lambdaContext({ functionName: options.names.functionName(functionKey), requestId }))));
    const durationMs = performance.now() - started + (build.extraLatencyMs ?? 0);
    publish(
      slowedBy(
        lines.flatMap((line) => parseEmfLine(line) ?? requestMetricsOf(line, options.names, at)),
        build.extraLatencyMs ?? 0,
      ),
    );
    record(
      calls.splice(0).flatMap((call) => dynamoDbRequestMetrics(call, at)),
      at,
    );
    return { result, durationMs };
  };

  return {
    useStore: (next) => {
      store = next;
    },
    async send(request, at) {
      const functionKey = functionOf(request);
      const functionName = options.names.functionName(functionKey);
      const admission = throttles(functionKey, throttling) ? undefined : concurrency.arrive(functionName, at);
      if (admission !== undefined) record(admission.datapoints, at);
      if (admission === undefined || admission.throttled) {
        record(throttledInvocationMetrics(options.names, functionKey, at), at);
        platform?.throttled(handlerSetting(functionKey));
        await yieldToIo();
        return { functionKey, status: THROTTLED_RESPONSE_STATUS, throttled: true, timedOut: false };
      }
      const traffic = aliases.get(functionKey) ?? aliases.get('*');
      const onNew = traffic !== undefined && routes(functionKey, { [functionKey]: traffic.newShare });
      const version = traffic === undefined ? undefined : onNew ? (traffic.newVersion ?? '2') : (traffic.oldVersion ?? '1');
      const build = onNew ? (traffic?.newBuild ?? {}) : {};
      // What Lambda records of this invocation: the function's metrics, and per alias and version when invoked through one.
      const publish = (points: readonly Datapoint[]): void =>
        record(traffic === undefined || version === undefined || traffic.viaAlias === false ? points : [...points, ...throughAlias(points, functionName, traffic.alias ?? 'live', version)], at);
      if (hangs(functionKey, timeouts) || newBuildFaults(`${functionKey}:hang`, { [`${functionKey}:hang`]: build.hangShare ?? 0 })) {
        admission.done(options.timeoutMs(functionKey));
        publish(failedInvocationMetrics(options.names, functionKey, at, options.timeoutMs(functionKey)));
        platform?.timedOut(handlerSetting(functionKey), options.timeoutMs(functionKey));
        await yieldToIo();
        return { functionKey, status: FAILED_INVOCATION_STATUS, throttled: false, timedOut: true };
      }
      if (newBuildFaults(`${functionKey}:error`, { [`${functionKey}:error`]: build.errorShare ?? 0 })) {
        const durationMs = FAILING_BUILD_DURATION_MS + (build.extraLatencyMs ?? 0);
        admission.done(durationMs);
        publish(failedInvocationMetrics(options.names, functionKey, at, durationMs));
        platform?.failed(handlerSetting(functionKey), durationMs, `version ${version ?? '?'} of ${functionKey} threw`);
        await yieldToIo();
        return { functionKey, status: FAILED_INVOCATION_STATUS, throttled: false, timedOut: false };
      }
      const requestId = randomUUID();
      const event = apiEventOf(request, requestId, at, created.at(-1 - (created.length > 0 ? Number.parseInt(requestId.slice(0, 4), 16) % created.length : 0)));
      const { result, durationMs } = await run(functionKey, event, requestId, at, build, publish);
      admission.done(durationMs);
      if (result.statusCode === 201 && functionKey === 'createOrder') {
        const orderId = (JSON.parse(result.body) as { orderId?: string }).orderId;
        if (orderId !== undefined) created.push(orderId);
        if (created.length > 200) created.shift();
      }
      return { functionKey, status: result.statusCode, throttled: false, timedOut: false };
    },
    setDynamoDbFault: (fault) => faults.setFault(fault),
    setLambdaThrottling: (shares) => {
      throttling = shares;
    },
    setLambdaTimeouts: (shares) => {
      timeouts = shares;
    },
    setOtherConcurrency: (executions) => concurrency.setOthers(executions),
    async invokeVersion(functionKey, version, event, at) {
      const traffic = aliases.get(functionKey) ?? aliases.get('*');
      const build = traffic !== undefined && version === (traffic.newVersion ?? '2') ? (traffic.newBuild ?? {}) : {};
      // Invoked directly, not through API Gateway: Lambda's metrics only.
      const publish = (points: readonly Datapoint[]): void =>
        record(
          points.filter((p) => p.namespace === 'AWS/Lambda'),
          at,
        );
      if (newBuildFaults(`${functionKey}:hang`, { [`${functionKey}:hang`]: build.hangShare ?? 0 })) {
        publish(failedInvocationMetrics(options.names, functionKey, at, options.timeoutMs(functionKey)));
        return { timedOut: true };
      }
      if (newBuildFaults(`${functionKey}:error`, { [`${functionKey}:error`]: build.errorShare ?? 0 })) {
        publish(failedInvocationMetrics(options.names, functionKey, at, FAILING_BUILD_DURATION_MS));
        return { timedOut: false, functionError: 'Unhandled', payload: { errorType: 'Error', errorMessage: `version ${version} of ${functionKey} threw` } };
      }
      const { result } = await run(functionKey, event, randomUUID(), at, build, publish);
      return { timedOut: false, payload: result };
    },
    setAliasTraffic: (functionKey, traffic) => {
      if (traffic === undefined) aliases.delete(functionKey);
      else aliases.set(functionKey, traffic);
    },
    close: async () => {
      await platform?.close();
      await faults.close();
      await dynamo.close();
    },
  };
}
