import { Tracer } from '@aws-lambda-powertools/tracer';
import type { Segment, Subsegment } from 'aws-xray-sdk-core';
import { annotationValue, maskedError } from './annotations';
import type { AwsSdkClient } from './aws-client-capture';
import { type HttpCallDescription, type HttpCallRecord, httpCallFlags, runTracedHttpCall } from './http-call';
import type { AnnotationValue, HandlerSpan, PeriscopeTracer } from './periscope-tracer';
import { sampledTraceHeader } from './trace-header';
import type { TracingMode } from './tracing-mode';

/** Options for {@link PowertoolsTracing}. */
export interface PowertoolsTracingOptions {
  /** The `Service` annotation on every handler subsegment. */
  readonly serviceName: string;
  /** Trace `http`, `https` and `fetch` calls. @default Powertools' (`POWERTOOLS_TRACER_CAPTURE_HTTPS_REQUESTS`, else on) */
  readonly captureHttpRequests?: boolean;
  /** A Tracer the service already has, used instead of a new one (its own settings apply; see `TelemetryOptions.powertoolsTracer`). */
  readonly tracer?: Tracer;
  /** Where tracing faults go; they never throw. */
  readonly onFault: (error: unknown) => void;
}

/** The handler subsegment, an X-Ray SDK subsegment, and the segment it was opened under (restored at its end). */
class PowertoolsHandlerSpan implements HandlerSpan {
  public constructor(
    public readonly subsegment: Subsegment,
    public readonly parent: Segment | Subsegment,
  ) {}

  public annotate(key: string, value: AnnotationValue): void {
    const sent = annotationValue(key, value);
    if (sent !== undefined) this.subsegment.addAnnotation(key, sent);
  }

  public flagError(): void {
    this.subsegment.addErrorFlag();
  }

  public flagFault(): void {
    this.subsegment.addFaultFlag();
  }

  public recordMetadata(namespace: string, key: string, value: unknown): void {
    this.subsegment.addMetadata(key, value, namespace);
  }

  public recordException(error: unknown): void {
    // The SDK's typings leave out the flag fields it sets.
    const flags = this.subsegment as unknown as { fault?: boolean };
    const faulted = flags.fault === true;
    // The SDK reads name, message and stack; a copy carries the masked message.
    this.subsegment.addError(maskedError(error) as Error);
    // addError flags a fault as well; as in lean mode, the caller decides the flags (a failed record of a batch is no fault).
    if (!faulted) delete flags.fault;
  }
}

/**
 * The default `powertools` tracing mode: a Powertools Tracer (over the X-Ray SDK) behind Periscope's
 * tracer surface. The handler subsegment is opened as Powertools' `captureLambdaHandler` opens it
 * (`## <handler>` under the function's segment, made the SDK's current segment, annotated with
 * `ColdStart` and `Service`), so everything traced through the SDK during the invocation — a
 * service's own `tracer.captureMethod()`, `fetch` and `https` calls, AWS SDK clients — nests under it.
 * Unlike `captureLambdaHandler` it records no response as metadata, and Periscope's middleware sets
 * the error and fault flags from the final status.
 */
export class PowertoolsTracing implements PeriscopeTracer {
  /** Always `powertools`. */
  public readonly mode: TracingMode = 'powertools';
  /** The Powertools Tracer everything goes through. */
  public readonly tracer: Tracer;
  readonly #onFault: (error: unknown) => void;
  #active: PowertoolsHandlerSpan | undefined;

  public constructor(options: PowertoolsTracingOptions) {
    this.tracer = options.tracer ?? new Tracer({ serviceName: options.serviceName, ...(options.captureHttpRequests === undefined ? {} : { captureHTTPsRequests: options.captureHttpRequests }) });
    this.#onFault = options.onFault;
  }

  public isTracingEnabled(): boolean {
    return this.tracer.isTracingEnabled();
  }

  public putAnnotation(key: string, value: AnnotationValue): void {
    this.#active?.annotate(key, value);
  }

  public captureAWSv3Client<T extends AwsSdkClient>(client: T): T {
    return this.tracer.captureAWSv3Client(client);
  }

  public traceHttpCall<T extends { readonly status: number }>(call: HttpCallDescription, send: () => Promise<T>): Promise<T> {
    const open = (): HttpCallRecord | undefined => {
      // Under the invocation's handler subsegment, as in lean mode; outside an invocation, not traced.
      if (this.#active === undefined || !this.tracer.isTracingEnabled()) return undefined;
      const subsegment = this.#active.subsegment.addNewSubsegment(call.name);
      subsegment.addAttribute('namespace', 'remote');
      const request = { method: call.method, url: call.url };
      return {
        answered: (status) => {
          subsegment.addAttribute('http', { request, response: { status } });
          const flags = httpCallFlags(status);
          if (flags.throttle) subsegment.addThrottleFlag();
          if (flags.error) subsegment.addErrorFlag();
          if (flags.fault) subsegment.addFaultFlag();
          subsegment.close();
        },
        failed: (error) => {
          subsegment.addAttribute('http', { request });
          // addError sets the fault flag too.
          subsegment.addError(maskedError(error) as Error, true);
          subsegment.close();
        },
      };
    };
    return runTracedHttpCall(open, send, this.#onFault);
  }

  public beginInvocation(name: string): HandlerSpan | undefined {
    this.#active = undefined;
    if (!this.tracer.isTracingEnabled()) return undefined;
    // The provider's, not the tracer's getSegment: no console warning when there is no trace context.
    const parent = this.tracer.provider.getSegment();
    if (parent === undefined) return undefined;
    const span = new PowertoolsHandlerSpan(parent.addNewSubsegment(name), parent);
    this.tracer.setSegment(span.subsegment);
    this.#active = span;
    this.tracer.annotateColdStart();
    this.tracer.addServiceNameAnnotation();
    return span;
  }

  /**
   * The header naming the X-Ray SDK's current (sub)segment as the parent: the handler subsegment, or
   * one a service opened under it (`captureMethod`), while a sampled invocation runs.
   */
  public currentTraceHeader(): string | undefined {
    const active = this.#active;
    if (active === undefined) return undefined;
    const current = this.tracer.provider.getSegment() ?? active.subsegment;
    const traceId = 'trace_id' in current ? current.trace_id : current.segment?.trace_id;
    if (current.notTraced === true || !traceId) return undefined;
    return sampledTraceHeader(traceId, current.id);
  }

  public endInvocation(span: HandlerSpan): void {
    if (!(span instanceof PowertoolsHandlerSpan)) return;
    if (this.#active === span) this.#active = undefined;
    try {
      span.subsegment.close();
    } catch (error) {
      this.#onFault(error);
    }
    try {
      this.tracer.setSegment(span.parent);
    } catch (error) {
      this.#onFault(error);
    }
  }
}
