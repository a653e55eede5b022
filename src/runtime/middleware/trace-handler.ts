import type { MiddlewareObj } from '@middy/core';
import type { Context } from 'aws-lambda';
import type { ServiceDefinition } from '../../catalog';
import { handlerSetting, serviceNameFrom } from '../../environment';
import type { CorrelatedRequest } from '../correlation-id';
import type { Telemetry } from '../telemetry';
import { guarded, type TelemetryFaultReporter } from '../telemetry-fault';
import type { HandlerSpan, PeriscopeTracer } from '../tracing/periscope-tracer';
import type { HttpFlavour } from './http-flavour';
import { type LambdaMiddleware, type LambdaRequest, outcomeOf } from './types';

/** The handler subsegment's name: `## <_HANDLER>`, as Powertools names it. */
const handlerSpanName = (): string => `## ${handlerSetting()}`;

/** Options for {@link traceHandler}. */
export interface TraceHandlerOptions {
  /** Record the response as the subsegment's metadata `<handler> response`, as Powertools' `captureResponse` does. @default false */
  readonly traceResponse?: boolean;
}

/**
 * Traces an API handler (either payload version, `flavour`) as the X-Ray subsegment `## <handler>`,
 * annotated with `Service`, `ColdStart`, `Route` and, once the response is known, `Outcome`.
 * Clients' mistakes (4xx) set the `error` flag; server failures (5xx) record the exception as a
 * `fault`, so X-Ray's fault rate is the service's own failure rate.
 *
 * The subsegment is opened as Powertools' `captureLambdaHandler` opens it, in either tracing mode.
 * Unlike `captureLambdaHandler` it runs its onError after the error has been mapped to a response,
 * so it can tell the two apart, and it records no response body. Tracing faults are reported, never thrown.
 */
export function traceHandler<S extends ServiceDefinition, TEvent extends CorrelatedRequest, TResult>(
  telemetry: Telemetry<S>,
  flavour: HttpFlavour<TEvent, TResult>,
  options: TraceHandlerOptions = {},
): LambdaMiddleware<TEvent, TResult> {
  // The metadata namespace, as Powertools names it: the service's name.
  const metadataNamespace = serviceNameFrom(telemetry.catalog.service);
  return traceInvocation<TEvent, TResult>(telemetry.tracer, telemetry.reportFault, {
    opened: (span, event) => span.annotate('Route', flavour.route(event)),
    closing: (span, request) => {
      const outcome = outcomeOf(flavour.statusCode(request.response ?? undefined));
      span.annotate('Outcome', outcome);
      if (options.traceResponse && request.response) span.recordMetadata(metadataNamespace, `${handlerSetting()} response`, request.response);
      if (outcome === 'server_error') {
        span.flagFault();
        if (request.error) span.recordException(request.error);
      } else if (outcome === 'client_error') {
        span.flagError();
      }
    },
    // The error has been answered by then (mapErrors runs first): the status says how it went.
    faultOnError: false,
  });
}

/** What a trigger's wrapper records on its handler subsegment besides `Service` and `ColdStart`. */
export interface TriggerTrace<TEvent, TResult> {
  /** Called as the subsegment opens: what the event tells (`Trigger`, `Records`, …). */
  readonly opened?: (span: HandlerSpan, event: TEvent, context: Context) => void;
  /** Called before it closes, whether the handler returned or threw: what the invocation did. */
  readonly closing?: (span: HandlerSpan, request: LambdaRequest<TEvent, TResult>) => void;
  /** Flag a `fault` and record the exception when the handler throws. @default true */
  readonly faultOnError?: boolean;
}

/**
 * Traces any Lambda handler (an SNS subscriber, a queue consumer, a scheduled job) as
 * `## <handler>`, annotated with `Service`, `ColdStart` and what `trace` adds; a handler that throws
 * records the exception as a `fault`. Tracing faults are reported, never thrown.
 */
export function traceTrigger<S extends ServiceDefinition, TEvent, TResult>(telemetry: Telemetry<S>, trace: TriggerTrace<TEvent, TResult>): LambdaMiddleware<TEvent, TResult> {
  return traceInvocation(telemetry.tracer, telemetry.reportFault, trace);
}

/**
 * Traces any Lambda handler (an SNS subscriber, a queue consumer) as `## <handler>`, annotated with
 * `Service` and `ColdStart`; a handler that throws records the exception as a `fault`. Tracing
 * faults are reported, never thrown. The building block of a hand-made middy chain; the
 * `with…Observability` wrappers do this and more.
 */
export function traceLambdaHandler<TEvent, TResult>(tracer: PeriscopeTracer, reportFault: TelemetryFaultReporter): MiddlewareObj<TEvent, TResult, Error, Context> {
  return traceInvocation<TEvent, TResult>(tracer, reportFault, {});
}

function traceInvocation<TEvent, TResult>(tracer: PeriscopeTracer, reportFault: TelemetryFaultReporter, trace: TriggerTrace<TEvent, TResult>): LambdaMiddleware<TEvent, TResult> {
  const open = new WeakMap<LambdaRequest<TEvent, TResult>, HandlerSpan>();
  const faultOnError = trace.faultOnError ?? true;

  const openHandlerSpanBefore = (request: LambdaRequest<TEvent, TResult>): void => {
    const span = guarded('tracer', reportFault, () => tracer.beginInvocation(handlerSpanName()));
    if (!span) return;
    open.set(request, span);
    if (trace.opened) guarded('tracer', reportFault, () => trace.opened?.(span, request.event, request.context));
  };

  const closeHandlerSpan = (request: LambdaRequest<TEvent, TResult>): void => {
    const span = open.get(request);
    if (!span) return;
    open.delete(request);
    if (trace.closing) guarded('tracer', reportFault, () => trace.closing?.(span, request));
    if (faultOnError && request.error) {
      const { error } = request;
      guarded('tracer', reportFault, () => {
        span.flagFault();
        span.recordException(error);
      });
    }
    guarded('tracer', reportFault, () => tracer.endInvocation(span));
  };

  return { before: openHandlerSpanBefore, after: closeHandlerSpan, onError: closeHandlerSpan };
}
