import { performance } from 'node:perf_hooks';
import type { ServiceDefinition } from '../../catalog';
import { CORRELATION_ID_HEADER, type CorrelatedRequest, resolveCorrelationId } from '../correlation-id';
import type { Telemetry } from '../telemetry';
import { guarded } from '../telemetry-fault';
import { beginCorrelation, millisecondsSince } from './begin-correlation';
import type { HttpFlavour } from './http-flavour';
import { getInvocationState, type LambdaMiddleware, type LambdaRequest, outcomeOf, setInvocationState } from './types';

/**
 * Gives a request its correlation id and tells what happened to it, for either payload version
 * (`flavour`):
 * - before: picks the id (see `resolveCorrelationId`) and starts the invocation's correlation (see
 *   `beginCorrelation`: log key, `CorrelationId` annotation, `correlationOf`, the event at DEBUG);
 * - after / onError: returns the id in the `x-correlation-id` response header and writes one
 *   `request completed` line with route, status, outcome and duration.
 */
export function correlateRequest<S extends ServiceDefinition, TEvent extends CorrelatedRequest, TResult>(
  telemetry: Telemetry<S>,
  flavour: HttpFlavour<TEvent, TResult>,
): LambdaMiddleware<TEvent, TResult> {
  const { logger, reportFault } = telemetry;

  const correlateBefore = (request: LambdaRequest<TEvent, TResult>): void => {
    const correlationId = resolveCorrelationId(request.event, request.context);
    setInvocationState(request, { correlationId, route: flavour.route(request.event), startedAt: performance.now() });
    beginCorrelation(telemetry, request.event, request.context, correlationId);
  };

  const reportRequestAfter = (request: LambdaRequest<TEvent, TResult>): void => {
    const state = getInvocationState(request);
    if (!state) return;
    if (request.response) request.response = flavour.withHeader(request.response, CORRELATION_ID_HEADER, state.correlationId);
    guarded('logger', reportFault, () => {
      const statusCode = flavour.statusCode(request.response ?? undefined);
      logger.info('request completed', { route: state.route, statusCode, outcome: outcomeOf(statusCode), durationMs: millisecondsSince(state.startedAt) });
    });
  };

  return { before: correlateBefore, after: reportRequestAfter, onError: reportRequestAfter };
}
