import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy, { type MiddyfiedHandler } from '@middy/core';
import type { Context } from 'aws-lambda';
import type { ServiceDefinition } from '../../catalog';
import type { CorrelatedRequest } from '../correlation-id';
import { correlateInvocation, type EventCorrelation } from '../middleware/correlate-invocation';
import { correlateRequest } from '../middleware/correlate-request';
import { flushMetrics } from '../middleware/flush-metrics';
import { guardMiddleware } from '../middleware/guard-middleware';
import type { HttpFlavour } from '../middleware/http-flavour';
import { mapErrors } from '../middleware/map-errors';
import { type TriggerTrace, traceHandler, traceTrigger } from '../middleware/trace-handler';
import type { Telemetry } from '../telemetry';
import type { ObservabilityOptions } from './observability-options';

// Middleware order matters: `before` runs top to bottom, `after` and `onError` bottom to top. So the
// handler subsegment opens first and closes last, around everything else; the logger has the Lambda
// context before the correlation id is added; metrics are flushed inside the logged, traced
// invocation; and an HTTP error is mapped to a response first, so metrics, logs and trace all see
// the final status.

/** An HTTP handler of either payload version (`flavour`), instrumented as `withObservability` describes. */
export function instrumentHttpHandler<S extends ServiceDefinition, TEvent extends CorrelatedRequest, TResult>(
  handler: (event: TEvent, context: Context) => Promise<TResult>,
  options: ObservabilityOptions<S>,
  flavour: HttpFlavour<TEvent, TResult>,
): MiddyfiedHandler<TEvent, TResult, Error, Context> {
  const { telemetry } = options;
  return middy<TEvent, TResult, Error, Context>(handler)
    .use(traceHandler(telemetry, flavour, { traceResponse: options.traceResponse === true }))
    .use(guardMiddleware<TEvent, TResult>('logger', telemetry.reportFault, injectLambdaContext(telemetry.logger, { resetKeys: true })))
    .use(correlateRequest(telemetry, flavour))
    .use(flushMetrics<S, TEvent, TResult>(telemetry))
    .use(mapErrors(telemetry, options.errors ?? [], flavour));
}

/** An event-triggered handler (SNS, EventBridge, SQS), instrumented with its trigger's trace and correlation. */
export function instrumentEventHandler<S extends ServiceDefinition, TEvent, TResult>(
  handler: (event: TEvent, context: Context) => Promise<TResult>,
  telemetry: Telemetry<S>,
  trigger: { readonly trace: TriggerTrace<TEvent, TResult>; readonly correlation: EventCorrelation<TEvent, TResult> },
): MiddyfiedHandler<TEvent, TResult, Error, Context> {
  return middy<TEvent, TResult, Error, Context>(handler)
    .use(traceTrigger(telemetry, trigger.trace))
    .use(guardMiddleware<TEvent, TResult>('logger', telemetry.reportFault, injectLambdaContext(telemetry.logger, { resetKeys: true })))
    .use(correlateInvocation(telemetry, trigger.correlation))
    .use(flushMetrics<S, TEvent, TResult>(telemetry));
}
