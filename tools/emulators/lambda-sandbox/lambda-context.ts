import { randomBytes } from 'node:crypto';
import type { Context } from 'aws-lambda';

/** The region and placeholder credentials of every local run: its endpoints are loopback. */
const LOCAL_ACCOUNT = { AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' } as const;

/**
 * What every local stand-in for a Lambda sandbox (the stack's serverless-offline, the fuzz target,
 * the load worker, the log-bytes bench) gives the handlers besides their own settings: a region,
 * placeholder credentials (their endpoints are loopback), on-demand initialisation as Lambda sets it
 * (so cold starts are reported), the task root (the X-Ray SDK runs in its Lambda mode only where
 * `LAMBDA_TASK_ROOT` is set when it loads), and no SDK notice about Node 20 (the handlers target nodejs22.x).
 */
export const LOCAL_LAMBDA_ENV: Readonly<Record<string, string>> = {
  ...LOCAL_ACCOUNT,
  AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
  LAMBDA_TASK_ROOT: process.cwd(),
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

/**
 * The environment that points a function's DynamoDB clients at a loopback DynamoDB, as the AWS SDK
 * itself reads it (`AWS_ENDPOINT_URL_DYNAMODB`), with the region and placeholder credentials Lambda
 * would otherwise provide: set from outside, so the runtime holds no local-only endpoint logic.
 * @example
 * ```ts
 * Object.assign(process.env, localDynamoDbEnv(dynamo.endpoint));
 * ```
 */
export function localDynamoDbEnv(endpoint: string): Record<string, string> {
  return { ...LOCAL_ACCOUNT, AWS_ENDPOINT_URL_DYNAMODB: endpoint };
}

/** What differs between the Lambda contexts the local tools build. */
export interface LambdaContextOptions {
  readonly functionName: string;
  readonly requestId: string;
  /** The invocation's deadline counts down from this. @default 10000 */
  readonly timeoutMs?: number;
  /** @default '512' */
  readonly memoryLimitInMB?: string;
  /** @default `arn:aws:lambda:us-east-1:123456789012:function:<functionName>` */
  readonly invokedFunctionArn?: string;
}

/**
 * A Lambda context as the Node.js runtime passes it to a handler, for one invocation run here:
 * `getRemainingTimeInMillis` counts down from `timeoutMs` from now.
 * @example
 * ```ts
 * await handler(event, lambdaContext({ functionName: 'periscope-orders-dev-createOrder', requestId: randomUUID() }));
 * ```
 */
export function lambdaContext(options: LambdaContextOptions): Context {
  const { functionName, requestId } = options;
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: options.invokedFunctionArn ?? `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
    memoryLimitInMB: options.memoryLimitInMB ?? '512',
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `${new Date().toISOString().slice(0, 10).replace(/-/g, '/')}/[$LATEST]${requestId.replace(/-/g, '').slice(0, 32)}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** What the Lambda runtime sets in the environment for each invocation, that tracing reads. */
export interface InvocationEnv {
  /** `_HANDLER`: the handler setting (`handlers/orders/handler.createOrder`); the handler subsegment is named after it. */
  readonly handler: string;
  /** `_X_AMZN_TRACE_ID`: the invocation's trace header. @default a new sampled trace */
  readonly traceHeader?: string;
}

/** `Root=1-<8 hex epoch>-<24 hex>` as X-Ray writes it in a trace header. */
const TRACE_ROOT = /Root=(1-[0-9a-f]{8}-[0-9a-f]{24})/;

/**
 * A new sampled X-Ray trace header (`Root=1-<time>-<id>;Parent=<id>;Sampled=1`), as Lambda passes a
 * traced invocation; it continues the caller's trace when `callerHeader` (a request's
 * `X-Amzn-Trace-Id`) names a root, as API Gateway does.
 */
export function newTraceHeader(now = Date.now(), callerHeader?: string): string {
  const root =
    callerHeader?.match(TRACE_ROOT)?.[1] ??
    `1-${Math.floor(now / 1000)
      .toString(16)
      .padStart(8, '0')}-${randomBytes(12).toString('hex')}`;
  return `Root=${root};Parent=${randomBytes(8).toString('hex')};Sampled=1`;
}

/**
 * Runs `run` with `vars` set in this process's environment, then puts back what was there (unset
 * names stay unset), even when `run` throws. Runs must not overlap: the environment is the process's.
 * @example
 * ```ts
 * const handler = await withEnv({ POWERTOOLS_SERVICE_NAME: 'slack-notifier' }, () => import('./slack-notifier'));
 * ```
 */
export async function withEnv<T>(vars: Readonly<Record<string, string>>, run: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((name) => [name, process.env[name]]));
  Object.assign(process.env, vars);
  try {
    return await run();
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

/**
 * Runs one invocation with the per-invocation environment Lambda sets (see {@link withEnv}):
 * functions hosted together in this process then trace as separate functions in separate traces.
 * @example
 * ```ts
 * await withInvocationEnv({ handler: 'handlers/alerts/slack-notifier.handler' }, () => handler(event, context));
 * ```
 */
export function withInvocationEnv<T>(env: InvocationEnv, run: () => Promise<T>): Promise<T> {
  return withEnv({ _HANDLER: env.handler, _X_AMZN_TRACE_ID: env.traceHeader ?? newTraceHeader() }, run);
}
