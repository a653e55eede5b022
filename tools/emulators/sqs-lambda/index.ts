/**
 * A local stand-in for Lambda's SQS event source mapping: polls a queue (the local SQS server, or
 * any SQS endpoint), invokes a function with the event Lambda would send, and deletes what the
 * function processed, honouring `ReportBatchItemFailures`.
 * @example
 * ```ts
 * import { batchTraceHeader, createSqsEventSource } from './tools/emulators/sqs-lambda';
 * const source = createSqsEventSource({ endpoint: sqs.endpoint, queueUrl, functionResponseType: 'ReportBatchItemFailures', invoke });
 * source.start();
 * ```
 */

export { SqsEventSourceError, SqsEventSourceOptionsError, SqsEventSourceQueueError } from './errors';
export { createSqsEventSource, type SqsBatchOutcome, type SqsEventSource, type SqsEventSourceOptions } from './event-source-mapping';
export { batchTraceHeader, type LambdaSqsEvent, type LambdaSqsMessageAttribute, type LambdaSqsRecord } from './sqs-event';
