import { performance } from 'node:perf_hooks';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { ServiceDefinition } from '../../catalog';
import { withCorrelationId } from '../invocation-correlation';
import { millisecondsSince } from '../middleware/begin-correlation';
import type { Telemetry } from '../telemetry';
import { guarded } from '../telemetry-fault';
import { TriggerEventError } from './errors';
import { sqsRecordCorrelationId } from './message-correlation';

/**
 * One SQS record's handler: `withSqsObservability` runs it once per record of a batch, with the
 * invocation's Lambda `context`. A throw fails that record only: it is reported back to SQS in
 * `batchItemFailures` and redelivered after its visibility timeout; the other records are done.
 */
export type SqsRecordHandler = (record: SQSRecord, context: Context) => Promise<void>;

/** A record that failed, and why. */
export interface RecordFailure {
  readonly messageId: string;
  readonly error: unknown;
}

/** What one batch came to, kept per invocation for the trace and the `batch completed` line. */
export interface BatchOutcome {
  readonly records: number;
  /** Records reported back as failed: the ones that threw and, on a FIFO queue, the ones held back after them. */
  readonly failed: number;
  /** The records that threw, with their errors. */
  readonly failures: readonly RecordFailure[];
  /** The records' correlation ids, each once, in the batch's order: what the `batch completed` line lists. */
  readonly correlationIds: readonly string[];
}

/**
 * The level of the `record processed` line: `DEBUG` (the default) keeps a consumer's log volume to
 * its own lines, one `batch completed` per batch listing the records' correlation ids, and `record
 * failed` per failure; `INFO` adds a line per record done (about 420 bytes a message).
 */
export type ProcessedRecordLogLevel = 'DEBUG' | 'INFO';

/** A FIFO queue's ARN ends in `.fifo`. */
const fromFifoQueue = (event: SQSEvent): boolean => Array.isArray(event?.Records) && event.Records.some((record) => record?.eventSourceARN?.endsWith('.fifo'));

type PowertoolsBatch = typeof import('@aws-lambda-powertools/batch');

/**
 * The invocation's own correlation id, which the log lines between records carry: a batch holds
 * messages of many requests, so it is none of theirs but the Lambda request id.
 */
export const batchCorrelationId = (context: Pick<Context, 'awsRequestId'>): string => context.awsRequestId;

/** Each record's correlation id once, in the batch's order (a record without a message id has none). */
function distinctCorrelationIds(records: readonly SQSRecord[]): string[] {
  const ids = new Set<string>();
  for (const record of records) {
    const id = typeof record === 'object' && record !== null ? sqsRecordCorrelationId(record) : undefined;
    if (typeof id === 'string') ids.add(id);
  }
  return [...ids];
}

/**
 * The handler middy wraps for `withSqsObservability`: runs the batch through Powertools'
 * `BatchProcessor` one record at a time, each with its own correlation id (log key, `correlationOf`)
 * and `message_id`, logs `record processed` (at `processedLevel`) or `record failed` (ERROR) for each,
 * records `BatchRecords` and `BatchItemFailures`, and answers SQS with the failed message ids.
 *
 * Design: one record at a time (Powertools' default is all at once) because the logger is shared:
 * keys set for one record would land on another's lines. A new processor per invocation, because it
 * keeps the batch's records and failures on itself (outside Lambda's multi-concurrency mode): a
 * shared one would mix invocations that run side by side in one process. A FIFO queue's batch goes
 * through `SqsFifoPartialProcessorAsync` with `skipGroupOnError`: after a failure, the rest of that
 * message group is reported failed unprocessed, so its messages are redelivered in order; other
 * groups go on.
 * `throwOnFullBatchFailure: false`: a batch whose every record failed is answered like any other, with
 * every id in `batchItemFailures` (SQS redelivers them all the same), instead of Powertools'
 * `FullBatchFailureError`, so the function's `Errors` stay what the wrapper throws for a broken
 * invocation and poison messages show in `BatchItemFailures`.
 */
export function sqsBatchHandler<S extends ServiceDefinition>(
  recordHandler: SqsRecordHandler,
  telemetry: Telemetry<S>,
  outcomes: WeakMap<Context, BatchOutcome>,
  processedLevel: ProcessedRecordLogLevel,
): (event: SQSEvent, context: Context) => Promise<SQSBatchResponse> {
  // Required here, not imported: only SQS consumers load Powertools batch, and they load it at init.
  const batch = require('@aws-lambda-powertools/batch') as PowertoolsBatch;
  const { logger, reportFault, businessMetrics } = telemetry;

  return async function processBatch(event, context) {
    outcomes.delete(context);
    const failures: RecordFailure[] = [];
    const betweenRecords = batchCorrelationId(context);

    const processRecord = async (record: SQSRecord): Promise<void> => {
      const correlationId = sqsRecordCorrelationId(record);
      guarded('logger', reportFault, () => logger.appendKeys({ correlation_id: correlationId, message_id: record.messageId }));
      const startedAt = performance.now();
      try {
        await withCorrelationId(context, correlationId, () => recordHandler(record, context));
        const done = { durationMs: millisecondsSince(startedAt) };
        guarded('logger', reportFault, () => (processedLevel === 'INFO' ? logger.info('record processed', done) : logger.debug('record processed', done)));
      } catch (error) {
        failures.push({ messageId: record.messageId, error });
        guarded('logger', reportFault, () => logger.error('record failed', error instanceof Error ? error : String(error)));
        throw error;
      } finally {
        // A record's keys (its ids, and any its handler appended) end with it.
        guarded('logger', reportFault, () => {
          logger.resetKeys();
          logger.appendKeys({ correlation_id: betweenRecords });
        });
      }
    };

    let response: SQSBatchResponse;
    try {
      response = fromFifoQueue(event)
        ? await batch.processPartialResponse(event, processRecord, new batch.SqsFifoPartialProcessorAsync(), { context, skipGroupOnError: true, throwOnFullBatchFailure: false })
        : await batch.processPartialResponse(event, processRecord, new batch.BatchProcessor(batch.EventType.SQS), { context, processInParallel: false, throwOnFullBatchFailure: false });
    } catch (error) {
      if (!(error instanceof batch.UnexpectedBatchTypeError)) throw error;
      const got = event === null || typeof event !== 'object' ? String(event) : `an event with keys ${Object.keys(event).join(', ') || '(none)'}`;
      throw new TriggerEventError('sqs', `withSqsObservability needs an SQS event with a Records array, got ${got}: is the function subscribed to an SQS queue?`, { cause: error });
    }
    const records = event.Records.length;
    const failed = response.batchItemFailures.length;
    outcomes.set(context, { records, failed, failures, correlationIds: distinctCorrelationIds(event.Records) });
    guarded('metrics', reportFault, () => businessMetrics.recordBatch(context.functionName, records, failed));
    // A copy: Powertools answers every batch without failures with one shared object.
    return { batchItemFailures: response.batchItemFailures.map(({ itemIdentifier }) => ({ itemIdentifier })) };
  };
}
