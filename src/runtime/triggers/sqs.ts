import type { MiddyfiedHandler } from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { ServiceDefinition } from '../../catalog';
import { serviceNameFrom } from '../../environment';
import type { HandlerSpan } from '../tracing/periscope-tracer';
import { traceRootOf } from '../tracing/trace-header';
import { instrumentEventHandler } from './instrument';
import { checkObservabilityArguments, type ObservabilityOptions } from './observability-options';
import { type BatchOutcome, batchCorrelationId, type SqsRecordHandler, sqsBatchHandler } from './sqs-batch';

export type { SqsRecordHandler } from './sqs-batch';

/** An instrumented SQS consumer, as Lambda calls it: it answers with the records that failed. */
export type ObservedSqsHandler = MiddyfiedHandler<SQSEvent, SQSBatchResponse, Error, Context>;

/** Failed records whose exception the handler subsegment records; the rest are counted (`FailedRecords`) and logged, and keep the document within X-Ray's size limit. */
const MAX_RECORDED_FAILURES = 10;

/** The traces the records' producers ran in (`AWSTraceHeader`), other than this invocation's own: X-Ray's links from each message to its producer. */
function linkedTraceIds(records: readonly SQSRecord[], ownTraceId: string | undefined): string[] {
  const linked = new Set<string>();
  for (const record of records) {
    const traceId = traceRootOf(record?.attributes?.AWSTraceHeader);
    if (traceId !== undefined && traceId !== ownTraceId) linked.add(traceId);
  }
  return [...linked];
}

const outcomeOf = (outcome: BatchOutcome): string => (outcome.failed === 0 ? 'success' : outcome.failed === outcome.records ? 'failure' : 'partial_failure');

/**
 * Instruments an SQS consumer written as one record's handler. Each batch goes through Powertools
 * batch processing (`BatchProcessor`, `processPartialResponse`), one record at a time: a record that
 * throws fails alone and its message id is returned in `batchItemFailures` (SQS redelivers it); when
 * every record fails, all ids are returned and nothing is thrown. On a FIFO queue, the records of a
 * message group after a failed one are reported failed without running, so the group keeps its
 * order (Powertools' `SqsFifoPartialProcessorAsync`, `skipGroupOnError`). The function's event source
 * mapping must report batch item failures (`functionResponseType: ReportBatchItemFailures`), or SQS
 * deletes the failed messages with the rest.
 *
 * - Logs: the Lambda context on every line; while a record runs, its `correlation_id` (its
 *   `x-correlation-id` attribute when a plain id, else its message id) and `message_id`, and
 *   `correlationOf(context)` answers with that id; `record processed` (INFO, with `durationMs`) per
 *   record done, `record failed` (ERROR, with the error) per failure; one `batch completed` line with `records`, `failed`, `outcome` and `durationMs`.
 * - Metrics: `BatchRecords` and `BatchItemFailures` (Count, by `service` and `function_name`) with
 *   `ColdStart` and the business metrics, in one EMF document per invocation.
 * - Trace: the handler subsegment `## <handler>` annotated `Trigger=sqs`, `Records` and
 *   `FailedRecords`; failed records' exceptions are recorded without the `fault` flag (a partial
 *   failure), which only a throw of the whole invocation sets; records sent from other traces
 *   (`AWSTraceHeader`) are listed in the metadata `linkedTraces`.
 *
 * A fault in logging, metrics or tracing is reported and never fails a record or the batch. An event
 * without a `Records` array throws a `TriggerEventError`.
 *
 * @throws {@link ObservabilityOptionsError} when the record handler is not a function or an option is wrong, naming it
 * @example
 * `examples/triggers/sqs.ts`: each order fulfilled is told to the bus, under the record's correlation id.
 * ```ts
 * const fulfil: SqsRecordHandler = async (record, context) => {
 *   const { orderId } = JSON.parse(record.body) as { orderId: string };
 *   await events.send(new PutEventsCommand({ Entries: [{ Source: 'shop.orders', DetailType: 'OrderFulfilled', ...eventBridgeEntryCorrelation(context, { orderId }) }] }));
 *   telemetry.businessMetrics.record('OrderFulfilled', 1);
 * };
 *
 * export const fulfilOrder = withSqsObservability(fulfil, { telemetry });
 * ```
 */
export function withSqsObservability<S extends ServiceDefinition>(recordHandler: SqsRecordHandler, options: Pick<ObservabilityOptions<S>, 'telemetry'>): ObservedSqsHandler {
  checkObservabilityArguments('withSqsObservability', 'event', recordHandler, options);
  const { telemetry } = options;
  const outcomes = new WeakMap<Context, BatchOutcome>();
  const metadataNamespace = serviceNameFrom(telemetry.catalog.service);

  const annotateBatch = (span: HandlerSpan, event: SQSEvent): void => {
    span.annotate('Trigger', 'sqs');
    if (!Array.isArray(event?.Records)) return;
    span.annotate('Records', event.Records.length);
    const linked = linkedTraceIds(event.Records, traceRootOf(telemetry.tracer.currentTraceHeader()));
    if (linked.length > 0) span.recordMetadata(metadataNamespace, 'linkedTraces', linked);
  };

  const recordFailures = (span: HandlerSpan, context: Context): void => {
    const outcome = outcomes.get(context);
    if (outcome === undefined) return;
    span.annotate('FailedRecords', outcome.failed);
    for (const failure of outcome.failures.slice(0, MAX_RECORDED_FAILURES)) span.recordException(failure.error);
  };

  return instrumentEventHandler(sqsBatchHandler(recordHandler, telemetry, outcomes), telemetry, {
    trace: { opened: annotateBatch, closing: (span, request) => recordFailures(span, request.context) },
    correlation: {
      trigger: () => 'sqs',
      correlationIdOf: (_event, context) => batchCorrelationId(context),
      completedMessage: 'batch completed',
      summary: (request) => {
        const outcome = outcomes.get(request.context);
        return outcome === undefined ? undefined : { records: outcome.records, failed: outcome.failed, outcome: outcomeOf(outcome) };
      },
    },
  });
}
