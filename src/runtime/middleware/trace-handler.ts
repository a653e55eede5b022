import type { MiddlewareObj, Request } from '@middy/core';
import type { Context } from 'aws-lambda';
import type { ServiceDefinition } from '../../catalog';
import { handlerSetting, serviceNameFrom } from '../../environment';
import type { Telemetry } from '../telemetry';
import { guarded, type TelemetryFaultReporter } from '../telemetry-fault';
import type { HandlerSpan, PeriscopeTracer } from '../tracing/periscope-tracer';
import { type ApiMiddleware, type ApiRequest, outcomeOf, routeOf } from './types';

/** The handler subsegment's name: `## <_HANDLER>`, as Powertools names it. */
const handlerSpanName = (): string => `## ${handlerSetting()}`;

/** Options for {@link traceHandler}. */
export interface TraceHandlerOptions {
  /** Record the response as the subsegment's metadata `<handler> response`, as Powertools' `captureResponse` does. @default false */
  readonly traceResponse?: boolean;
}

/**
 * Traces an API handler as the X-Ray subsegment `## <handler>`, annotated with `Service`,
 * `ColdStart`, `Route` and, once the response is known, `Outcome`. Clients' mistakes (4xx) set the
 * `error` flag; server failures (5xx) record the exception as a `fault`, so X-Ray's fault rate is
 * the service's own failure rate.
 *
 * The subsegment is opened as Powertools' `captureLambdaHandler` opens it, in either tracing mode.
 * Unlike `captureLambdaHandler` it runs its onError after the error has been mapped to a response,
 * so it can tell the two apart, and it records no response body. Tracing faults are reported, never thrown.
 */
export function traceHandler<S extends ServiceDefinition>(telemetry: Telemetry<S>, options: TraceHandlerOptions = {}): ApiMiddleware {
  const { tracer, reportFault } = telemetry;
  const open = new WeakMap<ApiRequest, HandlerSpan>();
  // The metadata namespace, as Powertools names it: the service's name.
  const metadataNamespace = serviceNameFrom(telemetry.catalog.service);

  const openHandlerSpanBefore = (request: ApiRequest): void => {
    guarded('tracer', reportFault, () => {
      const span = tracer.beginInvocation(handlerSpanName());
      if (!span) return;
      open.set(request, span);
      span.annotate('Route', routeOf(request.event));
    });
  };

  const closeHandlerSpan = (request: ApiRequest): void => {
    const span = open.get(request);
    if (!span) return;
    open.delete(request);
    guarded('tracer', reportFault, () => {
      const outcome = outcomeOf(request.response?.statusCode);
      span.annotate('Outcome', outcome);
      if (options.traceResponse && request.response) span.recordMetadata(metadataNamespace, `${handlerSetting()} response`, request.response);
      if (outcome === 'server_error') {
        span.flagFault();
        if (request.error) span.recordException(request.error);
      } else if (outcome === 'client_error') {
        span.flagError();
      }
    });
    guarded('tracer', reportFault, () => tracer.endInvocation(span));
  };

  return { before: openHandlerSpanBefore, after: closeHandlerSpan, onError: closeHandlerSpan };
}

/**
 * Traces any Lambda handler (an SNS subscriber, a queue consumer) as `## <handler>`, annotated with
 * `Service` and `ColdStart`; a handler that throws records the exception as a `fault`. Tracing
 * faults are reported, never thrown.
 */
export function traceLambdaHandler<TEvent, TResult>(tracer: PeriscopeTracer, reportFault: TelemetryFaultReporter): MiddlewareObj<TEvent, TResult, Error, Context> {
  type LambdaRequest = Request<TEvent, TResult, Error, Context>;
  const open = new WeakMap<LambdaRequest, HandlerSpan>();

  const openHandlerSpanBefore = (request: LambdaRequest): void => {
    const span = guarded('tracer', reportFault, () => tracer.beginInvocation(handlerSpanName()));
    if (span) open.set(request, span);
  };

  const closeHandlerSpan = (request: LambdaRequest): void => {
    const span = open.get(request);
    if (!span) return;
    open.delete(request);
    guarded('tracer', reportFault, () => {
      if (request.error) {
        span.flagFault();
        span.recordException(request.error);
      }
      tracer.endInvocation(span);
    });
  };

  return { before: openHandlerSpanBefore, after: closeHandlerSpan, onError: closeHandlerSpan };
}
