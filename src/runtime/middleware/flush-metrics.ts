import type { MiddlewareObj, Request } from '@middy/core';
import type { Context } from 'aws-lambda';
import type { ServiceDefinition } from '../../catalog';
import type { Telemetry } from '../telemetry';
import { guarded } from '../telemetry-fault';

/**
 * Records `ColdStart` on an environment's first invocation and writes the invocation's metrics once,
 * as one EMF document, whether the handler succeeded or threw. Works for any event: API requests
 * and SNS alerts alike. Flush faults (e.g. stdout closed) are reported, never thrown: the request
 * already has its answer.
 */
export function flushMetrics<S extends ServiceDefinition, TEvent = unknown, TResult = unknown>(telemetry: Telemetry<S>): MiddlewareObj<TEvent, TResult, Error, Context> {
  const { businessMetrics, reportFault } = telemetry;

  const captureColdStartBefore = (request: Request<TEvent, TResult, Error, Context>): void => {
    guarded('metrics', reportFault, () => businessMetrics.captureColdStart(request.context.functionName));
  };

  const flushMetricsAfter = (): void => {
    guarded('metrics', reportFault, () => telemetry.flushMetrics());
  };

  return { before: captureColdStartBefore, after: flushMetricsAfter, onError: flushMetricsAfter };
}
