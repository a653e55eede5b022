import { initializedOnDemand, traceHeaderOf, tracingEnabled, xrayDaemonAddressOf } from '../../environment';
import { type AwsSdkClient, captureAwsClient } from './aws-client-capture';
import { parseDaemonAddress } from './daemon-address';
import { type HttpCallDescription, type HttpCallRecord, httpCallFlags, runTracedHttpCall } from './http-call';
import type { AnnotationValue, PeriscopeTracer } from './periscope-tracer';
import { type SegmentSink, UdpSegmentEmitter } from './segment-emitter';
import { Span } from './span';
import { parseTraceHeader, sampledTraceHeader } from './trace-header';
import type { TracingMode } from './tracing-mode';

/** Options for {@link XRayTracer}. */
export interface XRayTracerOptions {
  /** The `Service` annotation on every handler subsegment. */
  readonly serviceName: string;
  /** Where tracing faults go (a send that failed, a bad daemon address); they never throw. @default ignored */
  readonly onFault?: (error: unknown) => void;
  /** @default UDP to `AWS_XRAY_DAEMON_ADDRESS` (127.0.0.1:2000 when unset) */
  readonly sink?: SegmentSink;
  /** The environment it reads settings and, per invocation, `_X_AMZN_TRACE_ID` from. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * The `lean` tracing mode: X-Ray tracing for a Lambda function without the X-Ray SDK. It sends the same subsegment
 * documents the SDK sends in Lambda (the handler as `## <handler>` with its annotations, each AWS
 * call as a subsegment of it) over UDP to the daemon, but loads no async-hook context tracking and
 * does nothing at all for invocations X-Ray did not sample.
 *
 * One invocation at a time, as Lambda runs them: {@link beginInvocation} makes the handler span the
 * active one that AWS calls and annotations attach to, until {@link endInvocation}.
 *
 * What it does not do, by design: trace `fetch`, `http` or `https` calls, or nest subsegments opened
 * through the X-Ray SDK or a Powertools Tracer (they hang from the function's segment instead).
 * Functions that need either use the default `powertools` mode.
 *
 * @example
 * ```ts
 * const tracer = new XRayTracer({ serviceName: 'orders' });
 * const documents = DynamoDBDocumentClient.from(tracer.captureAWSv3Client(new DynamoDBClient({})));
 * const span = tracer.beginInvocation('## handler.createOrder');
 * tracer.putAnnotation('Route', 'POST /orders');
 * // … the handler's DynamoDB calls become subsegments of span …
 * tracer.endInvocation(span);
 * ```
 */
export class XRayTracer implements PeriscopeTracer {
  /** Always `lean`. */
  public readonly mode: TracingMode = 'lean';
  /** The `Service` annotation. */
  public readonly serviceName: string;
  readonly #env: NodeJS.ProcessEnv;
  readonly #enabled: boolean;
  readonly #onFault: (error: unknown) => void;
  #sink: SegmentSink | undefined;
  #active: Span | undefined;
  #coldStart: boolean;

  public constructor(options: XRayTracerOptions) {
    this.serviceName = options.serviceName;
    this.#env = options.env ?? process.env;
    this.#enabled = tracingEnabled(this.#env);
    this.#onFault = options.onFault ?? (() => undefined);
    this.#sink = options.sink;
    this.#coldStart = initializedOnDemand(this.#env);
  }

  /** Whether this function traces at all (see `tracingEnabled`). */
  public isTracingEnabled(): boolean {
    return this.#enabled;
  }

  /**
   * Starts the handler subsegment of the current invocation, annotated with `ColdStart` and
   * `Service`, and makes it the active span.
   *
   * @returns the span, or `undefined` when tracing is off or the invocation is not sampled
   */
  public beginInvocation(name: string): Span | undefined {
    const coldStart = this.#coldStart;
    this.#coldStart = false;
    this.#active = undefined;
    if (!this.#enabled) return undefined;
    const context = parseTraceHeader(traceHeaderOf(this.#env));
    if (!context?.sampled) return undefined;
    const span = new Span(this.#sinkOrDefault(), name, context.traceId, context.parentId);
    span.annotate('ColdStart', coldStart);
    span.annotate('Service', this.serviceName);
    this.#active = span;
    return span;
  }

  /** Ends the handler span and sends it; the invocation has no active span after this. A send that fails is a fault, not an error. */
  public endInvocation(span: Span): void {
    if (this.#active === span) this.#active = undefined;
    try {
      span.end();
    } catch (error) {
      this.#onFault(error);
    }
  }

  /** The current invocation's handler span, if it is sampled and not ended. */
  public activeSpan(): Span | undefined {
    return this.#active;
  }

  /** `Root=<trace>;Parent=<handler span>;Sampled=1` while a sampled invocation runs, else `undefined`. */
  public currentTraceHeader(): string | undefined {
    const span = this.#active;
    return span === undefined ? undefined : sampledTraceHeader(span.traceId, span.id);
  }

  /** Annotates the active span (does nothing outside a sampled invocation). */
  public putAnnotation(key: string, value: AnnotationValue): void {
    this.#active?.annotate(key, value);
  }

  /**
   * Traces every call an AWS SDK v3 client makes as a subsegment of the active span (same name as
   * Powertools', so `createDocumentClient(telemetry.tracer)` reads the same).
   */
  public captureAWSv3Client<T extends AwsSdkClient>(client: T): T {
    return captureAwsClient(client, () => this.#active, this.#onFault);
  }

  public traceHttpCall<T extends { readonly status: number }>(call: HttpCallDescription, send: () => Promise<T>): Promise<T> {
    const open = (): HttpCallRecord | undefined => {
      const span = this.#active?.child(call.name);
      if (span === undefined) return undefined;
      return {
        answered: (status) => {
          span.recordHttpCall(call.method, call.url, status);
          const flags = httpCallFlags(status);
          if (flags.error) span.flagError(flags.throttle);
          if (flags.fault) span.flagFault();
          span.end();
        },
        failed: (error) => {
          span.recordHttpCall(call.method, call.url, undefined);
          span.flagFault();
          span.recordException(error, true);
          span.end();
        },
      };
    };
    return runTracedHttpCall(open, send, this.#onFault);
  }

  #sinkOrDefault(): SegmentSink {
    if (this.#sink) return this.#sink;
    const onFault = this.#onFault;
    try {
      this.#sink = new UdpSegmentEmitter(parseDaemonAddress(xrayDaemonAddressOf(this.#env)), onFault);
    } catch (error) {
      onFault(error);
      this.#sink = { send: () => undefined };
    }
    return this.#sink;
  }
}
