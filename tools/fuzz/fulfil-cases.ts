import fc from 'fast-check';
import { SHRINK_TO_PLAIN } from './shrink-to-plain';
import { type RecordCase, type RecordSources, recordBatch } from './sqs-records';

/** One invocation of fulfilOrder for the fuzzer: the event Lambda would pass, and how it was made. */
export interface FulfilCase {
  /**
   * Whether it is an SQS event as Lambda delivers one: a `Records` array of 1–10 records, each with a
   * `messageId` (anything else about a record may be odd or missing). Other events are what a
   * function subscribed to something else, or invoked by hand, gets.
   */
  readonly wellFormed: boolean;
  /** `<n> records` and what is odd about them, or what the event is when it is not an SQS event. */
  readonly kind: string;
  /** The records, with what is odd about each (none when the event is not an SQS event). */
  readonly records: readonly RecordCase[];
  readonly event: unknown;
}

/** Events that are not an SQS event: what `withSqsObservability` must refuse with a `TriggerEventError`. */
const NOT_SQS_EVENTS: readonly [string, unknown][] = [
  ['no Records', {}],
  ['Records null', { Records: null }],
  ['Records an object', { Records: {} }],
  ['Records a string', { Records: 'Records' }],
  ['records in lower case', { records: [] }],
];

/**
 * Invocations of the fulfilOrder consumer: mostly SQS events of 1–10 records built from the reference
 * event's shape and from real records of the producer's messages (see `recordBatch`), now and then an
 * event that is not an SQS event at all.
 * @example
 * ```ts
 * const cases = fulfilCase({ reference: loadSqsReferenceRecords(), produced: [], orders: { fulfillable: ['o-1'], decoys: ['o-2'] }, queueArn });
 * ```
 */
export const fulfilCase = (sources: RecordSources): fc.Arbitrary<FulfilCase> =>
  fc.oneof(
    SHRINK_TO_PLAIN,
    {
      weight: 50,
      arbitrary: recordBatch(sources).map((records) => ({
        wellFormed: true,
        kind: `${records.length} record${records.length === 1 ? '' : 's'}`,
        records,
        event: { Records: records.map((recordCase) => recordCase.record) },
      })),
    },
    { weight: 1, arbitrary: fc.constantFrom(...NOT_SQS_EVENTS).map(([kind, event]) => ({ wellFormed: false, kind, records: [], event })) },
  );
