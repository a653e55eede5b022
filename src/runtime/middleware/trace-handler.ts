import type { Segment, Subsegment } from 'aws-xray-sdk-core';
import type { ServiceDefinition } from '../../catalog';
import { guarded } from '../telemetry-fault';
import type { Telemetry } from '../telemetry';
import { type ApiMiddleware, type ApiRequest, outcomeOf, routeOf } from './types';

interface OpenSegments {
  readonly parent: Segment | Subsegment;
  readonly handler: Subsegment;
}

/**
 * Traces the handler as an X-Ray subsegment `## <handler>` (the name Powertools uses), annotated
 * with `Service`, `ColdStart`, `Route` and, once the response is known, `Outcome`. Clients'
 * mistakes (4xx) set the `error` flag; server failures (5xx) record the exception as a `fault`,
 * so X-Ray's fault rate is the service's own failure rate.
 *
 * Unlike Powertools' `captureLambdaHandler` it runs its onError after the error has been mapped
 * to a response, so it can tell the two apart. Tracing faults are reported, never thrown.
 */
export function traceHandler<S extends ServiceDefinition>(telemetry: Telemetry<S>): ApiMiddleware {
  const { tracer, reportFault } = telemetry;
  const open = new WeakMap<ApiRequest, OpenSegments>();

  const openHandlerSegmentBefore = (request: ApiRequest): void => {
    if (!tracer.isTracingEnabled()) return;
    guarded('tracer', reportFault, () => {
      const parent = tracer.getSegment();
      if (!parent) return;
      const handler = parent.addNewSubsegment(`## ${process.env._HANDLER ?? 'handler'}`);
      open.set(request, { parent, handler });
      tracer.setSegment(handler);
      tracer.annotateColdStart();
      tracer.addServiceNameAnnotation();
      tracer.putAnnotation('Route', routeOf(request.event));
    });
  };

  const closeHandlerSegment = (request: ApiRequest): void => {
    const segments = open.get(request);
    if (!segments) return;
    open.delete(request);
    guarded('tracer', reportFault, () => {
      const statusCode = request.response?.statusCode;
      const outcome = outcomeOf(statusCode);
      segments.handler.addAnnotation('Outcome', outcome);
      if (outcome === 'server_error' && request.error) segments.handler.addError(request.error);
      else if (outcome === 'client_error') segments.handler.addErrorFlag();
      segments.handler.close();
    });
    guarded('tracer', reportFault, () => tracer.setSegment(segments.parent));
  };

  return { before: openHandlerSegmentBefore, after: closeHandlerSegment, onError: closeHandlerSegment };
}
