import { isThrottlingError } from '../aws-errors';
import type { Span } from './span';
import { sampledTraceHeader } from './trace-header';

/** The name of the middleware added to a captured client's stack (the X-Ray SDK's is replaced). */
export const CAPTURE_MIDDLEWARE_NAME = 'PeriscopeXRayCapture';
const XRAY_SDK_MIDDLEWARE_NAME = 'XRaySDKInstrumentation';

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
  readonly output?: { readonly $metadata?: ResponseMetadata; readonly MessageId?: unknown };
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
 * request id, retries, a DynamoDB call's table name and an SQS call's queue (see {@link sqsCallData}), the HTTP status, and the X-Ray flags (4xx `error`, throttled
 * `throttle`, 5xx or no answer `fault`) with the exception when it failed. It passes the trace on in
 * the `X-Amzn-Trace-Id` request header. Calls made outside a sampled invocation are not traced.
 * Capturing twice replaces the first capture (and the X-Ray SDK's, if any).
 */
export function captureAwsClient<T extends AwsSdkClient>(sdkClient: T, activeSpan: () => Span | undefined, onFault: (error: unknown) => void): T {
  const client = sdkClient as unknown as CapturableClient;
  client.middlewareStack.remove(XRAY_SDK_MIDDLEWARE_NAME);
  client.middlewareStack.remove(CAPTURE_MIDDLEWARE_NAME);
  const region = resolvedRegion(client.config.region, onFault);

  /** Opens the call's subsegment and passes the trace on; undefined (and a reported fault) if that fails. */
  const openCall = (parent: Span, clientName: string | undefined, args: BuildArgs): Span | undefined => {
    try {
      const span = parent.child((clientName ?? 'AWS').replace(/Client$/, ''));
      if (args.request?.headers) args.request.headers['X-Amzn-Trace-Id'] = sampledTraceHeader(span.traceId, span.id);
      return span;
    } catch (fault) {
      onFault(fault);
      return undefined;
    }
  };

  /** Records how the call went and ends its subsegment; a fault in that is reported, never thrown. */
  const closeCall = (span: Span, operation: string, args: BuildArgs, result: BuildOutput | undefined, error: unknown): void => {
    try {
      const failure = error === undefined ? undefined : ((error ?? {}) as { $metadata?: ResponseMetadata });
      const metadata = failure ? failure.$metadata : result?.output?.$metadata;
      const status = metadata?.httpStatusCode;
      const contentLength = result?.response?.headers?.['content-length'];
      span.recordAwsCall(awsCallData(operation, region.value, metadata, args.input, result?.output), status, contentLength === undefined ? undefined : Number(contentLength));
      if (failure) {
        if (status !== undefined && status >= 400 && status < 500) span.flagError(isThrottlingError(error));
        else span.flagFault();
        span.recordException(error, status !== undefined);
      } else if (status !== undefined && status >= 400) {
        span.flagError(status === 429);
      }
      span.end();
    } catch (fault) {
      onFault(fault);
    }
  };

  const traceCall: BuildMiddleware = (next, context) => (args) => {
    const parent = activeSpan();
    // Outside a sampled invocation the call goes straight on: no subsegment, no extra promise.
    if (!parent) return next(args);
    const span = openCall(parent, context.clientName, args);
    if (!span) return next(args);
    const operation = (context.commandName ?? 'Unknown').replace(/Command$/, '');
    return next(args).then(
      (result) => {
        closeCall(span, operation, args, result, undefined);
        return result;
      },
      (error: unknown) => {
        closeCall(span, operation, args, undefined, error ?? new Error('AWS SDK call failed without an error'));
        throw error;
      },
    );
  };

  client.middlewareStack.add(traceCall, { step: 'build', name: CAPTURE_MIDDLEWARE_NAME });
  return sdkClient;
}

/**
 * The client's region as the X-Ray `aws.region`: the SDK resolves it through an async provider, so
 * it is read once, in the background, and `value` is undefined until then (the first call's
 * subsegment may lack it).
 */
function resolvedRegion(configured: unknown, onFault: (error: unknown) => void): { value: string | undefined } {
  const region: { value: string | undefined } = { value: typeof configured === 'string' ? configured : undefined };
  if (typeof configured === 'function') {
    Promise.resolve()
      .then(() => (configured as () => unknown)())
      .then((value) => {
        if (typeof value === 'string') region.value = value;
      })
      .catch(onFault);
  }
  return region;
}

/**
 * What the X-Ray SDK's whitelist (aws-xray-sdk-core `lib/resources/aws_whitelist.json`) records of
 * an SQS call that says where the message went: the queue of any call naming one (`queue_url`),
 * and for `SendMessage` the message attributes' names (never their values) and the new message's id.
 */
function sqsCallData(operation: string, input: Readonly<Record<string, unknown>> | undefined, output: BuildOutput['output']): Record<string, unknown> {
  const queueUrl = input?.QueueUrl;
  if (typeof queueUrl !== 'string') return {};
  if (operation !== 'SendMessage') return { queue_url: queueUrl };
  const attributes = input?.MessageAttributes;
  return {
    queue_url: queueUrl,
    ...(typeof attributes === 'object' && attributes !== null ? { message_attribute_names: Object.keys(attributes) } : {}),
    ...(typeof output?.MessageId === 'string' ? { message_id: output.MessageId } : {}),
  };
}

function awsCallData(operation: string, region: string | undefined, metadata: ResponseMetadata | undefined, input: Readonly<Record<string, unknown>> | undefined, output: BuildOutput['output']) {
  const tableName = input?.TableName;
  return {
    operation,
    ...(region === undefined ? {} : { region }),
    ...(metadata?.requestId === undefined ? {} : { request_id: metadata.requestId }),
    retries: Math.max(0, (metadata?.attempts ?? 1) - 1),
    ...(typeof tableName === 'string' ? { table_name: tableName } : {}),
    ...sqsCallData(operation, input, output),
  };
}
