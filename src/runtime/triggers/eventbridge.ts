import type { MiddyfiedHandler } from '@middy/core';
import type { Context, EventBridgeEvent } from 'aws-lambda';
import type { ServiceDefinition } from '../../catalog';
import type { HandlerSpan } from '../tracing/periscope-tracer';
import { instrumentEventHandler } from './instrument';
import { eventBridgeCorrelationId } from './message-correlation';
import { checkObservabilityArguments, type ObservabilityOptions } from './observability-options';

/** An EventBridge target (a rule's or a schedule's), before instrumentation. */
export type EventBridgeHandler<R> = (event: EventBridgeEvent<string, unknown>, context: Context) => Promise<R>;

/** An instrumented EventBridge target, as Lambda calls it. */
export type ObservedEventBridgeHandler<R> = MiddyfiedHandler<EventBridgeEvent<string, unknown>, R, Error, Context>;

/** The trigger of an event: `schedule` for a scheduled rule's `Scheduled Event` from `aws.events`, else `eventbridge`. */
export const eventBridgeTriggerOf = (event: EventBridgeEvent<string, unknown> | undefined): string =>
  event?.source === 'aws.events' && event['detail-type'] === 'Scheduled Event' ? 'schedule' : 'eventbridge';

/** Annotates the handler subsegment with the event's `Trigger`, `DetailType` and `Source`. */
export function annotateEventBridgeEvent(span: HandlerSpan, event: EventBridgeEvent<string, unknown> | undefined): void {
  span.annotate('Trigger', eventBridgeTriggerOf(event));
  if (typeof event?.['detail-type'] === 'string') span.annotate('DetailType', event['detail-type']);
  if (typeof event?.source === 'string') span.annotate('Source', event.source);
}

/**
 * Instruments an EventBridge target: a rule's events, scheduled ones included.
 *
 * - Logs: the Lambda context and a `correlation_id` on every line — `detail.metadata.correlationId`
 *   (see `eventBridgeEntryCorrelation`) when it is a plain id, else the event's `id` — and one
 *   `invocation completed` line with `trigger` (`eventbridge` or `schedule`), `outcome` and `durationMs`.
 * - Metrics: `ColdStart` and the business metrics, one EMF document per invocation.
 * - Trace: the handler subsegment `## <handler>` annotated `Trigger` (`eventbridge`, or `schedule`
 *   for a scheduled rule's `Scheduled Event`), `DetailType`, `Source` and `CorrelationId`.
 *
 * A handler that throws fails the invocation as it would without Periscope (the subsegment gets the
 * `fault` flag and the exception), so EventBridge's retries and dead-letter queue see it. A fault in
 * logging, metrics or tracing is reported and never fails the invocation.
 *
 * @throws {@link ObservabilityOptionsError} when the handler is not a function or an option is wrong, naming it
 * @example
 * `examples/triggers/eventbridge.ts`: the target of a rule's `OrderFulfilled` events and of an hourly schedule.
 * ```ts
 * export const onShopEvent = withEventBridgeObservability(
 *   async (event) => telemetry.logger.info(event['detail-type'] === 'Scheduled Event' ? 'purging expired carts' : 'order fulfilled', { detail: event.detail }),
 *   { telemetry },
 * );
 * ```
 */
export function withEventBridgeObservability<S extends ServiceDefinition, R = void>(
  handler: EventBridgeHandler<R>,
  options: Pick<ObservabilityOptions<S>, 'telemetry'>,
): ObservedEventBridgeHandler<R> {
  checkObservabilityArguments('withEventBridgeObservability', 'event', handler, options);
  return instrumentEventHandler(handler, options.telemetry, {
    trace: { opened: annotateEventBridgeEvent },
    correlation: { trigger: eventBridgeTriggerOf, correlationIdOf: eventBridgeCorrelationId },
  });
}
