import type { Span } from './span';

/** The name of the middleware added to a captured client's stack (the X-Ray SDK's is replaced). */
export const CAPTURE_MIDDLEWARE_NAME = 'PeriscopeXRayCapture';
const XRAY_SDK_MIDDLEWARE_NAME = 'XRaySDKInstrumentation';

/** Error names the AWS SDK classifies as throttling (from `@smithy/service-error-classification`). */
const THROTTLING_ERROR_NAMES = new Set([
  'BandwidthLimitExceeded',
  'EC2ThrottledException',
  'LimitExceededException',
  'PriorRequestNotComplete',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'ThrottledException',
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'TransactionInProgressException',
]);

/** What the AWS SDK puts in `$metadata` of an output or an error. */
interface ResponseMetadata {
  readonly httpStatusCode?: number;
  readonly requestId?: string;
  readonly attempts?: number;
}

interface BuildArgs {
  readonly input?: Readonly<Record<string, unknown>>;
  readonly request?: { headers?: Record<string, string> };
}

interface BuildOutput {
  readonly output?: { readonly $metadata?: ResponseMetadata };
  readonly response?: { readonly headers?: Readonly<Record<string, string | undefined>> };
}

interface HandlerContext {
  readonly clientName?: string;
  readonly commandName?: string;
}

type BuildHandler = (args: BuildArgs) => Promise<BuildOutput>;
type BuildMiddleware = (next: BuildHandler, context: HandlerContext) => BuildHandler;

/** Any AWS SDK v3 client (`new DynamoDBClient({})`, `new SSMClient({})`): it has a middleware stack and a resolved config. */
export interface AwsSdkClient {
  readonly middlewareStack: object;
  readonly config: object;
}

/** What capture uses of a client; the SDK's overloaded `add` is narrowed to the build step. */
interface CapturableClient {
  readonly middlewareStack: {
    add(middleware: BuildMiddleware, options: { step: 'build'; name: string }): void;
    remove(name: string): boolean;
  };
  readonly config: { readonly region?: unknown };
}

/**
 * Adds a build-step middleware to an AWS SDK v3 client that traces each call as a subsegment of
 * `activeSpan()`: named after the service (`DynamoDB`), `namespace: "aws"`, with operation, region,
 * request id, retries and table name, the HTTP status, and the X-Ray flags (4xx `error`, throttled
 * `throttle`, 5xx or no answer `fault`) with the exception when it failed. It passes the trace on in
 * the `X-Amzn-Trace-Id` request header. Calls made outside a sampled invocation are not traced.
 * Capturing twice replaces the first capture (and the X-Ray SDK's, if any).
 */
export function captureAwsClient<T extends AwsSdkClient>(sdkClient: T, activeSpan: () => Span | undefined, onFault: (error: unknown) => void): T {
  const client = sdkClient as unknown as CapturableClient;
  client.middlewareStack.remove(XRAY_SDK_MIDDLEWARE_NAME);
  client.middlewareStack.remove(CAPTURE_MIDDLEWARE_NAME);
  let region: string | undefined;
  const resolveRegion = async (): Promise<string | undefined> => {
    if (region !== undefined) return region;
    const configured = client.config.region;
    const value: unknown = typeof configured === 'function' ? await (configured as () => unknown)() : configured;
    region = typeof value === 'string' ? value : undefined;
    return region;
  };

  /** Runs tracing work so that a fault in it is reported and never fails the call. */
  const safely = async (work: () => unknown): Promise<void> => {
    try {
      await work();
    } catch (fault) {
      onFault(fault);
    }
  };

  const traceCall: BuildMiddleware = (next, context) => async (args) => {
    const parent = activeSpan();
    if (!parent) return next(args);
    let span: Span | undefined;
    await safely(() => {
      span = parent.child((context.clientName ?? 'AWS').replace(/Client$/, ''));
      if (args.request?.headers) args.request.headers['X-Amzn-Trace-Id'] = `Root=${span.traceId};Parent=${span.id};Sampled=1`;
    });
    if (!span) return next(args);
    const traced = span;
    const operation = (context.commandName ?? 'Unknown').replace(/Command$/, '');
    const record = async (metadata: ResponseMetadata | undefined, contentLength: string | undefined): Promise<void> => {
      const status = metadata?.httpStatusCode;
      traced.recordAwsCall(awsCallData(operation, await resolveRegion(), metadata, args.input), status, contentLength === undefined ? undefined : Number(contentLength));
    };
    try {
      const result = await next(args);
      await safely(async () => {
        const metadata = result.output?.$metadata;
        await record(metadata, result.response?.headers?.['content-length']);
        const status = metadata?.httpStatusCode;
        if (status !== undefined && status >= 400) traced.flagError(status === 429);
      });
      return result;
    } catch (error) {
      await safely(async () => {
        const failure = (error ?? {}) as { name?: string; $metadata?: ResponseMetadata; $retryable?: { throttling?: boolean } };
        await record(failure.$metadata, undefined);
        const status = failure.$metadata?.httpStatusCode;
        const throttled = status === 429 || THROTTLING_ERROR_NAMES.has(failure.name ?? '') || failure.$retryable?.throttling === true;
        if (status !== undefined && status >= 400 && status < 500) traced.flagError(throttled);
        else traced.flagFault();
        traced.recordException(error, status !== undefined);
      });
      throw error;
    } finally {
      await safely(() => traced.end());
    }
  };

  client.middlewareStack.add(traceCall, { step: 'build', name: CAPTURE_MIDDLEWARE_NAME });
  return sdkClient;
}

function awsCallData(operation: string, region: string | undefined, metadata: ResponseMetadata | undefined, input: Readonly<Record<string, unknown>> | undefined) {
  const tableName = input?.TableName;
  return {
    operation,
    ...(region === undefined ? {} : { region }),
    ...(metadata?.requestId === undefined ? {} : { request_id: metadata.requestId }),
    retries: Math.max(0, (metadata?.attempts ?? 1) - 1),
    ...(typeof tableName === 'string' ? { table_name: tableName } : {}),
  };
}
