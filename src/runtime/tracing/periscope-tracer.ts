import type { AwsSdkClient } from './aws-client-capture';
import type { HttpCallDescription } from './http-call';
import type { TracingMode } from './tracing-mode';

/** A value X-Ray indexes as an annotation. */
export type AnnotationValue = string | number | boolean;

/** The handler subsegment of one sampled invocation, as either tracing mode opens it. */
export interface HandlerSpan {
  /** Adds a searchable annotation (invalid keys and values are left out; strings are masked). */
  annotate(key: string, value: AnnotationValue): void;
  /** A client error (4xx): the `error` flag. */
  flagError(): void;
  /** A server error (5xx): the `fault` flag. */
  flagFault(): void;
  /** Records an exception in the subsegment's `cause`, its message masked. Sets no flag: the caller decides error, fault or neither (a partial failure). */
  recordException(error: unknown): void;
  /** Adds `value` to the subsegment's metadata under `namespace` and `key` (not indexed, not masked: shown as is). */
  recordMetadata(namespace: string, key: string, value: unknown): void;
}

/**
 * What Periscope's middlewares and a service's code use of a tracer, the same in both tracing modes
 * (see {@link TracingMode}): AWS SDK v3 client capture, annotations on the handler subsegment, and
 * the handler subsegment itself. `telemetry.tracer` is one; in the `powertools` mode,
 * `telemetry.powertoolsTracer` is the Powertools Tracer behind it, for everything else Powertools does.
 */
export interface PeriscopeTracer {
  /** Which tracing mode this is. */
  readonly mode: TracingMode;
  /** Whether this function traces at all: in a Lambda sandbox unless `POWERTOOLS_TRACE_ENABLED=false`. */
  isTracingEnabled(): boolean;
  /** Annotates the current invocation's handler subsegment (does nothing outside a sampled invocation). Strings are masked. */
  putAnnotation(key: string, value: AnnotationValue): void;
  /** Traces every call an AWS SDK v3 client makes as a subsegment of the current one (`namespace: "aws"`). */
  captureAWSv3Client<T extends AwsSdkClient>(client: T): T;
  /**
   * Traces one HTTP call that automatic capture does not see (any call in lean mode) or must not
   * record as it is (a URL whose path is a secret, as a Slack webhook's): a subsegment of the handler
   * subsegment named `call.name`, `namespace: "remote"`, with the method, the URL given (the origin only, say),
   * the status and the flags (429 throttle and error, 4xx error, 5xx fault; no answer: fault with the
   * exception). Outside a sampled invocation it only calls `send`; a tracing fault is reported, never thrown.
   */
  traceHttpCall<T extends { readonly status: number }>(call: HttpCallDescription, send: () => Promise<T>): Promise<T>;
  /**
   * Opens the handler subsegment `name` of the current invocation, annotated with `ColdStart` and
   * `Service`, and makes it the current one.
   * @returns the span, or `undefined` when tracing is off (or, in lean mode, the invocation is not sampled)
   */
  beginInvocation(name: string): HandlerSpan | undefined;
  /** Closes and sends the handler subsegment; failures are reported, never thrown. */
  endInvocation(span: HandlerSpan): void;
  /**
   * The trace header a message or event published now should carry, so its consumer's trace links
   * back here: `Root=<trace id>;Parent=<current segment or subsegment id>;Sampled=1`.
   * @returns the header while a sampled invocation's handler subsegment is open, else `undefined`
   */
  currentTraceHeader(): string | undefined;
}
