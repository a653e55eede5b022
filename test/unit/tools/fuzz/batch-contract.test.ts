import { expectedCorrelationId, type FulfilInvocation, judgeBatch, orderPlacedId } from '../../../../tools/fuzz/batch-contract';
import type { FulfilCase } from '../../../../tools/fuzz/fulfil-cases';
import type { FuzzedRecord } from '../../../../tools/fuzz/sqs-records';

const placed = (orderId: string) => JSON.stringify({ type: 'OrderPlaced', orderId, customerId: 'c-1', currency: 'EUR', total: 1, placedAt: '2026-01-01T00:00:00.000Z' });
const record = (messageId: string, body: string, correlationId?: unknown): FuzzedRecord => ({
  messageId,
  body,
  messageAttributes: correlationId === undefined ? {} : { 'x-correlation-id': { stringValue: correlationId, stringListValues: [], binaryListValues: [], dataType: 'String' } },
});
const batch = (...records: FuzzedRecord[]): FulfilCase => ({
  wellFormed: true,
  kind: `${records.length} records`,
  records: records.map((r) => ({ record: r, kind: 'test' })),
  event: { Records: records },
});
const line = (fields: Record<string, unknown>) => ({ stream: 'stdout' as const, text: `${JSON.stringify({ level: 'INFO', ...fields })}\n` });

/** A good batch: m-1 fulfils o-1 (correlation c-1), m-2 names an order that does not exist. */
const GOOD = batch(record('m-1', placed('o-1'), 'c-1'), record('m-2', placed('o-9')));
const run = (change: Partial<FulfilInvocation> = {}): FulfilInvocation => ({
  settled: { ok: true, value: { batchItemFailures: [{ itemIdentifier: 'm-2' }] } },
  writes: [
    line({ message: 'record processed', correlation_id: 'c-1', message_id: 'm-1' }),
    line({ message: 'record failed', correlation_id: 'm-2', message_id: 'm-2' }),
    line({ message: 'batch completed', correlation_id: 'req-1', correlation_ids: ['c-1', 'm-2'] }),
  ],
  requestId: 'req-1',
  table: { orderIds: ['o-1', 'o-2'], fulfilled: ['o-1'] },
  seeded: new Set(['o-1', 'o-2']),
  namedByValidEvents: new Set(['o-1']),
  ...change,
});

describe("the fuzzer's judge of fulfilOrder", () => {
  it('keeps an invocation that did what the contract says', () => {
    expect(judgeBatch(GOOD, run())).toEqual({ ok: true });
  });

  it.each<[string, Partial<FulfilInvocation>, string]>([
    ['a throw', { settled: { ok: false, error: new TypeError('boom') } }, 'threw TypeError'],
    ['an answer without batchItemFailures', { settled: { ok: true, value: undefined } }, 'did not answer { batchItemFailures: [...] }'],
    ['a fulfilled record reported', { settled: { ok: true, value: { batchItemFailures: [{ itemIdentifier: 'm-1' }, { itemIdentifier: 'm-2' }] } } }, 'reported a record it fulfilled'],
    ['a failed record not reported', { settled: { ok: true, value: { batchItemFailures: [] } } }, 'did not report a record it could not process'],
    ['an id that is not in the batch', { settled: { ok: true, value: { batchItemFailures: [{ itemIdentifier: 'm-3' }] } } }, 'named an item that is not a record of the batch'],
    ['a line that is not JSON', { writes: [{ stream: 'stdout', text: 'forged\n' }] }, 'wrote a line that is not a JSON object'],
    ['another record’s correlation id', { writes: [line({ message: 'record failed', correlation_id: 'c-1', message_id: 'm-2' })] }, 'logged a correlation id it should not have'],
    [
      'a batch line missing a record’s correlation id',
      { writes: [line({ message: 'batch completed', correlation_id: 'req-1', correlation_ids: ['c-1'] })] },
      'listed correlation ids other than the batch’s',
    ],
    [
      'a batch line listing a refused id',
      { writes: [line({ message: 'batch completed', correlation_id: 'req-1', correlation_ids: ['c-1', 'evil\n'] })] },
      'listed correlation ids other than the batch’s',
    ],
    ['an order that was never placed', { table: { orderIds: ['o-1', 'o-2', 'o-9'], fulfilled: ['o-1'] } }, 'wrote an order that was never placed'],
    ['an order fulfilled that no valid event named', { table: { orderIds: ['o-1', 'o-2'], fulfilled: ['o-1', 'o-2'] } }, 'fulfilled an order no valid OrderPlaced named'],
  ])('flags %s', (_case, change, signature) => {
    expect(judgeBatch(GOOD, run(change))).toMatchObject({ ok: false, signature });
  });

  it('flags a correlation id the rules refuse, logged as sent', () => {
    // Prepare
    const injected = 'ok\r\n{"level":"ERROR"}';
    const fuzzCase = batch(record('m-1', placed('o-1'), injected));

    // Act
    const logged = judgeBatch(fuzzCase, run({ settled: { ok: true, value: { batchItemFailures: [] } }, writes: [line({ message: 'record processed', correlation_id: injected, message_id: 'm-1' })] }));
    const fellBack = judgeBatch(fuzzCase, run({ settled: { ok: true, value: { batchItemFailures: [] } }, writes: [line({ message: 'record processed', correlation_id: 'm-1', message_id: 'm-1' })] }));

    // Assess
    expect([logged.ok, fellBack.ok]).toEqual([false, true]);
  });

  it('reports a message id shared by a fulfilled and a failed record, as SQS keeps that message', () => {
    const fuzzCase = batch(record('m-1', placed('o-1')), record('m-1', 'not json'));
    expect(judgeBatch(fuzzCase, run({ settled: { ok: true, value: { batchItemFailures: [{ itemIdentifier: 'm-1' }] } }, writes: [] })).ok).toBe(true);
    expect(judgeBatch(fuzzCase, run({ settled: { ok: true, value: { batchItemFailures: [] } }, writes: [] })).ok).toBe(false);
  });

  it('wants an event that is not an SQS event refused with a TriggerEventError', () => {
    const notSqs: FulfilCase = { wellFormed: false, kind: 'no Records', records: [], event: {} };
    const refusal = Object.assign(new Error('no Records'), { name: 'TriggerEventError' });
    expect(judgeBatch(notSqs, run({ settled: { ok: false, error: refusal } })).ok).toBe(true);
    expect(judgeBatch(notSqs, run({ settled: { ok: false, error: new TypeError('x') } }))).toMatchObject({ ok: false, signature: 'refused an event that is not an SQS event with the wrong error' });
    expect(judgeBatch(notSqs, run())).toMatchObject({ ok: false, signature: 'did not refuse an event that is not an SQS event' });
  });
});

describe('what the judge expects of a record', () => {
  it.each<[string, string, string | undefined]>([
    ['a valid OrderPlaced', placed('o-1'), 'o-1'],
    ['the valid type last of two', `{"type":"OrderShipped",${placed('o-1').slice(1)}`, 'o-1'],
    ['another type', placed('o-1').replace('OrderPlaced', 'OrderShipped'), undefined],
    ['the fields under __proto__', `{"__proto__":${placed('o-1')}}`, undefined],
    ['an empty order id', placed(''), undefined],
    ['a placedAt that is no date', placed('o-1').replace('2026-01-01T00:00:00.000Z', 'yesterday'), undefined],
    ['an array', `[${placed('o-1')}]`, undefined],
    ['text', 'Test message.', undefined],
  ])('reads %s', (_case, body, orderId) => {
    expect(orderPlacedId(body)).toBe(orderId);
  });

  it.each<[string, unknown, string]>([
    ['a plain id', { dataType: 'String', stringValue: 'c-1' }, 'c-1'],
    ['a custom String type', { dataType: 'String.uuid', stringValue: 'c-1' }, 'c-1'],
    ['128 characters', { dataType: 'String', stringValue: 'a'.repeat(128) }, 'a'.repeat(128)],
    ['129 characters', { dataType: 'String', stringValue: 'a'.repeat(129) }, 'm-1'],
    ['a Number attribute', { dataType: 'Number', stringValue: '42' }, 'm-1'],
    ['a value that is not a string', { dataType: 'String', stringValue: 42 }, 'm-1'],
    ['a newline', { dataType: 'String', stringValue: 'a\nb' }, 'm-1'],
    ['null', null, 'm-1'],
  ])('takes the correlation id of %s', (_case, attribute, expected) => {
    expect(expectedCorrelationId({ messageId: 'm-1', messageAttributes: { 'x-correlation-id': attribute } })).toBe(expected);
  });
});
