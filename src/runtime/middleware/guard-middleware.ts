import type { TelemetryComponent, TelemetryFaultReporter } from '../telemetry-fault';
import type { ApiMiddleware, ApiRequest } from './types';

type Phase = (request: ApiRequest) => unknown;

const guardPhase = (component: TelemetryComponent, report: TelemetryFaultReporter, phase: Phase | undefined): Phase | undefined =>
  phase &&
  (async (request: ApiRequest): Promise<void> => {
    try {
      // A telemetry middleware must never answer the request itself, so its return value is dropped.
      await phase(request);
    } catch (error) {
      report(component, error);
    }
  });

/**
 * Wraps a third-party telemetry middleware (e.g. Powertools' `injectLambdaContext`) so a fault in
 * any of its phases is reported instead of failing the request.
 */
export function guardMiddleware(component: TelemetryComponent, report: TelemetryFaultReporter, middleware: ApiMiddleware): ApiMiddleware {
  const guardedMiddleware: ApiMiddleware = {};
  const before = guardPhase(component, report, middleware.before as Phase | undefined);
  const after = guardPhase(component, report, middleware.after as Phase | undefined);
  const onError = guardPhase(component, report, middleware.onError as Phase | undefined);
  if (before) guardedMiddleware.before = before;
  if (after) guardedMiddleware.after = after;
  if (onError) guardedMiddleware.onError = onError;
  return guardedMiddleware;
}
