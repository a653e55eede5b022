import type { ServiceDefinition } from '../../catalog';
import { type CorrelatedRequest, resolveCorrelationId } from '../correlation-id';
import { type ErrorMapping, toErrorResponse } from '../error-response';
import type { Telemetry } from '../telemetry';
import { guarded } from '../telemetry-fault';
import type { HttpFlavour } from './http-flavour';
import { getInvocationState, type LambdaMiddleware, type LambdaRequest } from './types';

/**
 * Answers every error with JSON `{ "error": { "code", "message", "details" } }`: mapped domain
 * errors and `HttpError`s with their own status, anything else with a 500 that carries the
 * correlation id and nothing of the error itself. The full error, with its stack, goes to the log.
 */
export function mapErrors<S extends ServiceDefinition, TEvent extends CorrelatedRequest, TResult>(
  telemetry: Telemetry<S>,
  mappings: readonly ErrorMapping[],
  flavour: HttpFlavour<TEvent, TResult>,
): LambdaMiddleware<TEvent, TResult> {
  const { logger, reportFault } = telemetry;

  const mapErrorOnError = (request: LambdaRequest<TEvent, TResult>): void => {
    const correlationId = getInvocationState(request)?.correlationId ?? resolveCorrelationId(request.event, request.context);
    const { response, expected } = toErrorResponse(request.error, mappings, correlationId);
    request.response = flavour.fromProxyResult(response);
    guarded('logger', reportFault, () => {
      if (expected) logger.info('request refused', { statusCode: response.statusCode, errorName: request.error?.name, errorMessage: request.error?.message });
      else logger.error('request failed', request.error ?? 'unknown error');
    });
  };

  return { onError: mapErrorOnError };
}
