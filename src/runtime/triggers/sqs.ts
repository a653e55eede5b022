import type { MiddyfiedHandler } from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { ServiceDefinition } from '../../catalog';
import { serviceNameFrom } from '../../environment';
import type { HandlerSpan } from '../tracing/periscope-tracer';
import { traceRootOf } from '../tracing/trace-header';
import { instrumentEventHandler } from './instrument';
import { checkObservabilityArguments, type ObservabilityOptions } from './observability-options';
import { type BatchOutcome, batchCorrelationId, type ProcessedRecordLogLevel, type SqsRecordHandler, sqsBatchHandler } from './sqs-batch';

export type { ProcessedRecordLogLevel, SqsRecordHandler } from './sqs-batch';

/** Options of {@link withSqsObservability}. */
export interface SqsObservabilityOptions<S extends ServiceDefinition> extends Pick<ObservabilityOptions<S>, 'telemetry'> {
  /**
   * The level of the `record processed` line each record done writes. `DEBUG` keeps it out of a
   * production log group (it shows with `LOG_LEVEL=DEBUG` or `POWERTOOLS_LOG_LEVEL=DEBUG`, or the logger's debug
   * sampling) — the `batch completed` line lists the records' correlation ids, so one id still finds
   * the batch that handled it; `INFO` writes it always, about 420 bytes a message.
   * @default 'DEBUG'
   */
  readonly processedRecordLogLevel?: ProcessedRecordLogLevel;
}

/** An instrumented SQS consumer, as Lambda calls it: it answers with the records that failed. */
export type ObservedSqsHandler = MiddyfiedHandler<SQSEvent, SQSBatchResponse, Error, Context>;

/** Failed records whose exception the handler subsegment records; the rest are counted (`FailedRecords`) and logged, and keep the document within X-Ray's size limit. */
const MAX_RECORDED_FAILURES = 10;

/**
 * Correlation ids the `batch completed` line lists; beyond them it counts the rest
 * (`correlation_ids_omitted`). 100 ids of the longest accepted (128 characters) keep the line near
 * 13 KB, far below Lambda's 256 KB log event, whatever the batch size (up to 10,000 records).
 */
export const MAX_LOGGED_CORRELATION_IDS = 100;

/** The `batch completed` line's fields: the outcome, and the correlation ids that find this batch. */
function batchSummary(outcome: BatchOutcome): Record<string, unknown> {
  const listed = outcome.correlationIds.slice(0, MAX_LOGGED_CORRELATION_IDS);
  const omitted = outcome.correlationIds.length - listed.length;
  return {
    records: outcome.records,
    failed: outcome.failed,
    outcome: outcomeOf(outcome),
    correlation_ids: listed,
    ...(omitted > 0 ? { correlation_ids_omitted: omitted } : {}),
  };
}

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
 *   `correlationOf(context)` answers with that id; `record failed` (ERROR, with the error) per
 *   failure; `record processed` (with `durationMs`) per record done, at DEBUG unless
 *   `processedRecordLogLevel: 'INFO'`; one `batch completed` line (INFO) with `records`, `failed`,
 *   `outcome`, `durationMs` and `correlation_ids` (the records' ids, each once, the first
 *   {@link MAX_LOGGED_CORRELATION_IDS}), so a search for a request's id finds the batch that handled it.
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
export function withSqsObservability<S extends ServiceDefinition>(recordHandler: SqsRecordHandler, options: SqsObservabilityOptions<S>): ObservedSqsHandler {
  checkObservabilityArguments('withSqsObservability', 'sqs', recordHandler, options);
  const { telemetry, processedRecordLogLevel = 'DEBUG' } = options;
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

  return instrumentEventHandler(sqsBatchHandler(recordHandler, telemetry, outcomes, processedRecordLogLevel), telemetry, {
    trace: { opened: annotateBatch, closing: (span, request) => recordFailures(span, request.context) },
    correlation: {
      trigger: () => 'sqs',
      correlationIdOf: (_event, context) => batchCorrelationId(context),
      completedMessage: 'batch completed',
      summary: (request) => {
        const outcome = outcomes.get(request.context);
        return outcome === undefined ? undefined : batchSummary(outcome);
      },
    },
  });
}
