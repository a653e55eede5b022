import type { MiddlewareObj } from '@middy/core';
import type { Context } from 'aws-lambda';
import type { TelemetryComponent, TelemetryFaultReporter } from '../telemetry-fault';

const PHASES = ['before', 'after', 'onError'] as const;

/**
 * Wraps a third-party telemetry middleware (e.g. Powertools' `injectLambdaContext` or
 * `captureLambdaHandler`) so a fault in any of its phases is reported instead of failing the
 * invocation. Works for any event type: API requests and SNS alerts alike.
 */
export function guardMiddleware<TEvent = unknown, TResult = unknown>(
  component: TelemetryComponent,
  report: TelemetryFaultReporter,
  middleware: MiddlewareObj,
): MiddlewareObj<TEvent, TResult, Error, Context> {
  const guardedMiddleware: MiddlewareObj<TEvent, TResult, Error, Context> = {};
  for (const phase of PHASES) {
    const run = middleware[phase];
    if (run === undefined) continue;
    guardedMiddleware[phase] = async (request) => {
      try {
        // A telemetry middleware must never answer the invocation itself, so its return value is dropped.
        await run(request as never);
      } catch (error) {
        report(component, error);
      }
    };
  }
  return guardedMiddleware;
}
