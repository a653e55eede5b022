import type { ServiceDefinition } from '../../catalog';
import { guarded } from '../telemetry-fault';
import type { Telemetry } from '../telemetry';
import type { ApiMiddleware, ApiRequest } from './types';

/**
 * Emits the `ColdStart` metric on an environment's first invocation and flushes the business
 * metrics once per invocation, whether the handler succeeded or threw. Flush faults (e.g. stdout
 * closed) are reported, never thrown: the request already has its answer.
 */
export function flushMetrics<S extends ServiceDefinition>(telemetry: Telemetry<S>): ApiMiddleware {
  const { metrics, businessMetrics, reportFault } = telemetry;

  const captureColdStartBefore = (request: ApiRequest): void => {
    guarded('metrics', reportFault, () => metrics.captureColdStartMetric(request.context.functionName));
  };

  const flushMetricsAfter = (): void => {
    guarded('metrics', reportFault, () => businessMetrics.flush());
  };

  return { before: captureColdStartBefore, after: flushMetricsAfter, onError: flushMetricsAfter };
}
