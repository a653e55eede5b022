import type { MiddyfiedHandler } from '@middy/core';
import type { Context, EventBridgeEvent, SNSEvent } from 'aws-lambda';
import type { ServiceDefinition } from '../../catalog';
import { annotateEventBridgeEvent, eventBridgeTriggerOf } from './eventbridge';
import { instrumentEventHandler } from './instrument';
import { eventBridgeCorrelationId, snsCorrelationId } from './message-correlation';
import { checkObservabilityArguments, type ObservabilityOptions } from './observability-options';

/** An SNS subscriber, before instrumentation. */
export type SnsHandler = (event: SNSEvent, context: Context) => Promise<void>;

/** An instrumented SNS subscriber, as Lambda calls it. */
export type ObservedSnsHandler = MiddyfiedHandler<SNSEvent, void, Error, Context>;

/**
 * Instruments an SNS subscriber.
 *
 * - Logs: the Lambda context and a `correlation_id` on every line — the message's
 *   `x-correlation-id` attribute (see `snsMessageCorrelation`) when it is a plain id, else its
 *   `MessageId` — and one `invocation completed` line with `trigger`, `outcome` (`success` or
 *   `failure`, with the error's name and message) and `durationMs`.
 * - Metrics: `ColdStart` and the business metrics, one EMF document per invocation.
 * - Trace: the handler subsegment `## <handler>` annotated `Trigger=sns` and `CorrelationId`.
 *
 * A function a rule targets as well (Periscope's Slack notifier gets alarm state changes and
 * deployment events that way) may get an EventBridge event: it is logged, traced and correlated as
 * `withEventBridgeObservability` does (`trigger` `eventbridge` or `schedule`, `DetailType`, `Source`,
 * the event's correlation id), and handed to the handler as it came.
 *
 * A handler that throws fails the invocation as it would without Periscope (the subsegment gets the
 * `fault` flag and the exception): Lambda's asynchronous retries and on-failure destination must see
 * it. A fault in logging, metrics or tracing is reported and never fails the invocation.
 *
 * @throws {@link ObservabilityOptionsError} when the handler is not a function or an option is wrong, naming it
 * @example
 * `examples/triggers/sns.ts`:
 * ```ts
 * export const announceOrder = withSnsObservability(async (event) => telemetry.logger.info('order announced', { subject: event.Records[0]?.Sns.Subject }), { telemetry });
 * ```
 */
export function withSnsObservability<S extends ServiceDefinition>(handler: SnsHandler, options: Pick<ObservabilityOptions<S>, 'telemetry'>): ObservedSnsHandler {
  checkObservabilityArguments('withSnsObservability', 'event', handler, options);
  return instrumentEventHandler(handler, options.telemetry, {
    trace: { opened: (span, event) => (isEventBridgeEvent(event) ? annotateEventBridgeEvent(span, event) : span.annotate('Trigger', 'sns')) },
    correlation: {
      trigger: (event) => (isEventBridgeEvent(event) ? eventBridgeTriggerOf(event) : 'sns'),
      correlationIdOf: (event, context) => (isEventBridgeEvent(event) ? eventBridgeCorrelationId(event, context) : snsCorrelationId(event, context)),
    },
  });
}

/**
 * An EventBridge event delivered straight to the subscriber (a rule targets the function too): it has
 * a `detail-type` and a `source`, and no SNS `Records`.
 */
function isEventBridgeEvent(event: unknown): event is EventBridgeEvent<string, unknown> {
  if (typeof event !== 'object' || event === null || 'Records' in event) return false;
  const candidate = event as Partial<Record<'detail-type' | 'source', unknown>>;
  return typeof candidate['detail-type'] === 'string' && typeof candidate.source === 'string';
}
