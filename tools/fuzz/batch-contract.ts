import { maskSensitiveText } from 'periscope';
import type { CapturedWrite, Settled } from '../emulators/lambda-sandbox/capture-output';
import type { FulfilCase } from './fulfil-cases';
import type { Judgement } from './fuzz-engine';
import { CORRELATION_ATTRIBUTE, type FuzzedRecord } from './sqs-records';

/**
 * The fulfilOrder consumer's contract, restated here from its documentation so the fuzzer does not
 * judge the code with the code: which records it must fulfil, which correlation ids it may log, and
 * what it may write.
 */

/** What one invocation of fulfilOrder did, and the orders table right after it. */
export interface FulfilInvocation {
  readonly settled: Settled<unknown>;
  readonly writes: readonly CapturedWrite[];
  /** The invocation's Lambda request id: the correlation id of its lines outside a record. */
  readonly requestId: string;
  /** The ids of every order in the table after the invocation, and those `FULFILLED`. */
  readonly table: { readonly orderIds: readonly string[]; readonly fulfilled: readonly string[] };
  /** The orders stored before fuzzing. */
  readonly seeded: ReadonlySet<string>;
  /** Orders some valid `OrderPlaced` of this or an earlier case named: the only ones that may be `FULFILLED`. */
  readonly namedByValidEvents: ReadonlySet<string>;
}

/** src/runtime/correlation-id.ts: a correlation id someone else supplied is taken only when it is this plain. */
const ACCEPTED_ID = /^[A-Za-z0-9._:-]{1,128}$/;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The order a record's body asks to fulfil, when the body is an `OrderPlaced` event as
 * handlers/orders/domain/order-placed.ts defines one: a JSON object whose `type` is `"OrderPlaced"`,
 * with a non-empty string `orderId` and a `placedAt` that `Date.parse` reads. `undefined` otherwise.
 */
export function orderPlacedId(body: unknown): string | undefined {
  if (typeof body !== 'string') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (!isObject(parsed) || parsed.type !== 'OrderPlaced') return undefined;
  const { orderId, placedAt } = parsed;
  if (typeof orderId !== 'string' || orderId === '' || typeof placedAt !== 'string' || Number.isNaN(Date.parse(placedAt))) return undefined;
  return orderId;
}

/** Whether fulfilOrder can process a record: a valid `OrderPlaced` for an order that is stored. */
export const canFulfil = (record: FuzzedRecord, stored: ReadonlySet<string>): boolean => {
  const orderId = orderPlacedId(record.body);
  return orderId !== undefined && stored.has(orderId);
};

/**
 * The correlation id a record's lines must carry (withSqsObservability's documentation): its
 * `x-correlation-id` attribute when it is a `String` (or `String.*`) attribute holding a plain id,
 * else its message id.
 */
export function expectedCorrelationId(record: FuzzedRecord): string {
  const attributes = record.messageAttributes;
  const attribute = isObject(attributes) ? attributes[CORRELATION_ATTRIBUTE] : undefined;
  if (isObject(attribute) && typeof attribute.dataType === 'string' && attribute.dataType.startsWith('String')) {
    const value = attribute.stringValue;
    if (typeof value === 'string' && ACCEPTED_ID.test(value)) return value;
  }
  return record.messageId;
}

const broken = (signature: string, detail: string): Judgement => ({ ok: false, signature, problem: `${signature}: ${detail}` });
const shorten = (text: string): string => (text.length > 80 ? `${text.slice(0, 77)}…` : text);
const describeError = (error: unknown): string => (error instanceof Error ? `${error.name}: ${error.message}` : `a non-error value: ${String(error)}`);

/** Every line the invocation wrote, parsed: a line that is not a JSON object is a forged or broken log line. */
function readLines(writes: readonly CapturedWrite[]): { lines: Record<string, unknown>[]; notJson?: string } {
  const lines: Record<string, unknown>[] = [];
  for (const line of writes.flatMap((write) => write.text.split('\n'))) {
    if (line === '') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      return { lines, notJson: line };
    }
    if (!isObject(parsed)) return { lines, notJson: line };
    lines.push(parsed);
  }
  return { lines };
}

/** The partial batch response: exactly the ids of records that could not be processed, each an id of the batch. */
function judgeResponse(fuzzCase: FulfilCase, value: unknown, stored: ReadonlySet<string>): Judgement {
  if (!isObject(value) || !Array.isArray(value.batchItemFailures)) return broken('did not answer { batchItemFailures: [...] }', shorten(JSON.stringify(value) ?? String(value)));
  const batchIds = new Set(fuzzCase.records.map(({ record }) => record.messageId));
  const reported = new Set<string>();
  for (const failure of value.batchItemFailures as unknown[]) {
    const id = isObject(failure) ? failure.itemIdentifier : undefined;
    if (typeof id !== 'string' || !batchIds.has(id)) return broken('named an item that is not a record of the batch', shorten(JSON.stringify(failure) ?? String(failure)));
    reported.add(id);
  }
  // A message id shared by records of one batch fails when any of them fails: SQS keeps the message.
  const failing = new Set(fuzzCase.records.filter(({ record }) => !canFulfil(record, stored)).map(({ record }) => record.messageId));
  for (const { record, kind } of fuzzCase.records) {
    if (failing.has(record.messageId) && !reported.has(record.messageId)) return broken('did not report a record it could not process', `${record.messageId} (${kind})`);
    if (!failing.has(record.messageId) && reported.has(record.messageId)) return broken('reported a record it fulfilled', `${record.messageId} (${kind})`);
  }
  return { ok: true };
}

/** withSqsObservability's documentation: the `batch completed` line lists the first 100 of the records' correlation ids. */
const LISTED_CORRELATION_IDS = 100;

/**
 * Each line carries the correlation id it should: its record's (see {@link expectedCorrelationId}), or
 * the invocation's between records; a line listing `correlation_ids` (the batch line) lists the
 * records' ids, each once, in the batch's order; as the logger writes any value, with what looks
 * like a card number masked (a UUID with sixteen digits in a row may pass the Luhn check).
 */
function judgeCorrelation(fuzzCase: FulfilCase, lines: readonly Record<string, unknown>[], requestId: string): Judgement {
  const expected = new Map<string, Set<string>>();
  const written = (id: string): string => maskSensitiveText(id);
  for (const { record } of fuzzCase.records) expected.set(written(record.messageId), (expected.get(written(record.messageId)) ?? new Set()).add(written(expectedCorrelationId(record))));
  const batchIds = [...new Set(fuzzCase.records.map(({ record }) => written(expectedCorrelationId(record))))].slice(0, LISTED_CORRELATION_IDS);
  for (const line of lines) {
    if ('correlation_ids' in line && JSON.stringify(line.correlation_ids) !== JSON.stringify(batchIds)) {
      return broken(
        'listed correlation ids other than the batch’s',
        `${shorten(JSON.stringify(line.correlation_ids) ?? String(line.correlation_ids))} on "${String(line.message)}", expected ${shorten(JSON.stringify(batchIds))}`,
      );
    }
    if (!('correlation_id' in line)) continue;
    const logged = line.correlation_id;
    const messageId = line.message_id;
    const allowed = typeof messageId === 'string' ? expected.get(messageId) : new Set([written(requestId)]);
    if (typeof logged !== 'string' || !allowed?.has(logged)) {
      return broken(
        'logged a correlation id it should not have',
        `${JSON.stringify(shorten(String(logged)))} on "${String(line.message)}"${typeof messageId === 'string' ? ` of record ${messageId}` : ''}, expected one of ${JSON.stringify([...(allowed ?? [])])}`,
      );
    }
  }
  return { ok: true };
}

/** No order written that was not stored before; none `FULFILLED` that no valid `OrderPlaced` named. */
function judgeTable(invocation: FulfilInvocation): Judgement {
  const created = invocation.table.orderIds.find((id) => !invocation.seeded.has(id));
  if (created !== undefined) return broken('wrote an order that was never placed', shorten(created));
  const forged = invocation.table.fulfilled.find((id) => !invocation.namedByValidEvents.has(id));
  if (forged !== undefined) return broken('fulfilled an order no valid OrderPlaced named', forged);
  return { ok: true };
}

/**
 * Judges one invocation of fulfilOrder. For an SQS event: it never throws; it answers
 * `{ batchItemFailures }` naming exactly the records that could not be processed (never one it
 * fulfilled, never an id not in the batch); every line it writes is a JSON object whose
 * `correlation_id` is one the rules accept, and whose `correlation_ids`, if any, are the batch's; and it writes no order from a body that is not a valid
 * `OrderPlaced`. For any other event it throws a `TriggerEventError`.
 *
 * @example
 * ```ts
 * const judgement = judgeBatch(fuzzCase, invocation); // { ok: false, signature: 'reported a record it fulfilled', problem: '…' }
 * ```
 */
export function judgeBatch(fuzzCase: FulfilCase, invocation: FulfilInvocation): Judgement {
  const { settled } = invocation;
  if (!fuzzCase.wellFormed) {
    if (settled.ok) return broken('did not refuse an event that is not an SQS event', `${fuzzCase.kind} answered ${shorten(JSON.stringify(settled.value) ?? 'nothing')}`);
    const name = settled.error instanceof Error ? settled.error.name : typeof settled.error;
    return name === 'TriggerEventError' ? judgeTable(invocation) : broken('refused an event that is not an SQS event with the wrong error', `${fuzzCase.kind}: ${describeError(settled.error)}`);
  }
  if (!settled.ok) {
    const name = settled.error instanceof Error ? settled.error.name : 'a non-error';
    return broken(`threw ${name}`, describeError(settled.error));
  }
  const { lines, notJson } = readLines(invocation.writes);
  if (notJson !== undefined) return broken('wrote a line that is not a JSON object', JSON.stringify(shorten(notJson)));
  for (const judgement of [judgeResponse(fuzzCase, settled.value, invocation.seeded), judgeCorrelation(fuzzCase, lines, invocation.requestId), judgeTable(invocation)]) {
    if (!judgement.ok) return judgement;
  }
  return { ok: true };
}
