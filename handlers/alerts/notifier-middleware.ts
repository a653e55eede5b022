import type { MiddlewareObj } from '@middy/core';
import type { Context, SNSEvent } from 'aws-lambda';
import { guarded, type ServiceDefinition, type Telemetry } from 'periscope';

/** A middy middleware over SNS invocations. */
export type SnsMiddleware = MiddlewareObj<SNSEvent, void, Error, Context>;

/**
 * Emits `ColdStart` on an environment's first invocation and flushes the business metrics once per
 * invocation, whether the alerts were delivered or not (a failed invocation's `SlackFailed` is the
 * one that matters most). Flush faults are reported, never thrown.
 */
export function flushNotifierMetrics<S extends ServiceDefinition>(telemetry: Telemetry<S>): SnsMiddleware {
  const { metrics, businessMetrics, reportFault } = telemetry;
  const captureColdStart = (request: { context: Context }): void => {
    guarded('metrics', reportFault, () => metrics.captureColdStartMetric(request.context.functionName));
  };
  const flushBusinessMetrics = (): void => {
    guarded('metrics', reportFault, () => businessMetrics.flush());
  };
  return { before: captureColdStart, after: flushBusinessMetrics, onError: flushBusinessMetrics };
}
