import { performance } from 'node:perf_hooks';
import type { ServiceDefinition } from '../../catalog';
import { CORRELATION_ID_HEADER, resolveCorrelationId } from '../correlation-id';
import { redactEvent } from '../redact';
import type { Telemetry } from '../telemetry';
import { guarded } from '../telemetry-fault';
import { type ApiMiddleware, type ApiRequest, getInvocationState, outcomeOf, routeOf, setInvocationState } from './types';

/**
 * Gives a request its correlation id and tells what happened to it:
 * - before: picks the id (see `resolveCorrelationId`), adds it to every log line (`correlation_id`)
 *   and to the trace (`CorrelationId` annotation, searchable in X-Ray), and logs the event, with
 *   credentials redacted, only when the log level is DEBUG (or this invocation was sampled for debug);
 * - after / onError: returns the id in the `x-correlation-id` response header and writes one
 *   `request completed` line with route, status, outcome and duration.
 */
export function correlateRequest<S extends ServiceDefinition>(telemetry: Telemetry<S>): ApiMiddleware {
  const { logger, tracer, reportFault } = telemetry;

  const correlateBefore = (request: ApiRequest): void => {
    const correlationId = resolveCorrelationId(request.event, request.context);
    setInvocationState(request, { correlationId, route: routeOf(request.event), startedAt: performance.now() });
    guarded('logger', reportFault, () => logger.appendKeys({ correlation_id: correlationId }));
    if (tracer.isTracingEnabled()) guarded('tracer', reportFault, () => tracer.putAnnotation('CorrelationId', correlationId));
    guarded('logger', reportFault, () => {
      // Checked first so the copy is only made when the line will be written.
      const level = logger.getLevelName();
      if (level === 'DEBUG' || level === 'TRACE') logger.debug('Lambda invocation event', { event: redactEvent(request.event) });
    });
  };

  const reportRequestAfter = (request: ApiRequest): void => {
    const state = getInvocationState(request);
    if (!state) return;
    if (request.response) {
      request.response = { ...request.response, headers: { ...request.response.headers, [CORRELATION_ID_HEADER]: state.correlationId } };
    }
    guarded('logger', reportFault, () => {
      const statusCode = request.response?.statusCode;
      logger.info('request completed', {
        route: state.route,
        statusCode,
        outcome: outcomeOf(statusCode),
        durationMs: Math.round((performance.now() - state.startedAt) * 100) / 100,
      });
    });
  };

  return { before: correlateBefore, after: reportRequestAfter, onError: reportRequestAfter };
}
