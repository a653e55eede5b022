import type { MiddyfiedHandler } from '@middy/core';
import type { Context, SNSEvent } from 'aws-lambda';
import type { ServiceDefinition } from '../../catalog';
import { instrumentEventHandler } from './instrument';
import { snsCorrelationId } from './message-correlation';
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
    trace: { opened: (span) => span.annotate('Trigger', 'sns') },
    correlation: { trigger: () => 'sns', correlationIdOf: snsCorrelationId },
  });
}
