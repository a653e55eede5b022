import fc from 'fast-check';
import { SUPPORTED_CURRENCIES } from '../../handlers/orders/domain/money';
import { deepJsonText, type JsonText, malformedJsonText, SPLICE_MARK, spliceJsonText, wrongJsonText } from './json-text';
import { hugeText, oddText } from './odd-text';
import { plainId } from './order-bodies';
import { oddId } from './request-parameters';
import { SHRINK_TO_PLAIN } from './shrink-to-plain';

/** What an SQS message body for the fulfilOrder consumer is made of: the kinds cases are counted and reported by. */
export type PlacedBodyKind =
  | 'order-placed'
  | 'unknown-order'
  | 'broken-field'
  | 'missing-field'
  | 'duplicate-keys'
  | 'prototype-keys'
  | 'malformed-json'
  | 'deep-json'
  | 'huge'
  | 'any-json'
  | 'not-json';

/** A message body as sent (text), and what kind it is. */
export interface PlacedBody {
  readonly kind: PlacedBodyKind;
  readonly text: string;
}

/** The orders that exist before fuzzing: some that valid events may name, and decoys that only broken ones do. */
export interface ExistingOrders {
  /** Orders a valid `OrderPlaced` is generated for (they get fulfilled). */
  readonly fulfillable: readonly string[];
  /** Orders only named by bodies that are not valid `OrderPlaced` events: they must stay `PLACED`. */
  readonly decoys: readonly string[];
}

/** The fields `parseOrderPlaced` reads, which a broken body breaks one of. */
const CHECKED_FIELDS = ['type', 'orderId', 'placedAt'] as const;
type CheckedField = (typeof CHECKED_FIELDS)[number];

/** An `OrderPlaced` event as the producer writes it, for `orderId`. */
const orderPlacedEvent = (orderId: fc.Arbitrary<string>): fc.Arbitrary<Record<string, unknown>> =>
  fc.record({
    type: fc.constant('OrderPlaced'),
    orderId,
    customerId: plainId(),
    currency: fc.constantFrom(...Object.keys(SUPPORTED_CURRENCIES)),
    total: fc.integer({ min: 0, max: 10_000_000 }).map((cents) => cents / 100),
    placedAt: fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true }).map((date) => date.toISOString()),
  });

/** Values a checked field must not take, by field: near misses first, then anything of the wrong type. */
const brokenValue = (field: CheckedField): fc.Arbitrary<JsonText> => {
  const nearMisses: Record<CheckedField, readonly unknown[]> = {
    type: ['orderplaced', 'ORDERPLACED', 'OrderPlaced ', ' OrderPlaced', 'OrderShipped', 'Order\u200bPlaced', '', null, ['OrderPlaced'], { S: 'OrderPlaced' }],
    orderId: ['', null, 0, 42, ['o-1'], { S: 'o-1' }, true],
    placedAt: ['', 'yesterday', 'not a date', '2024-13-45T00:00:00Z', 'NaN', null, [], {}],
  };
  return fc.oneof(SHRINK_TO_PLAIN, { weight: 3, arbitrary: fc.constantFrom(...nearMisses[field]).map((value) => JSON.stringify(value)) }, { weight: 1, arbitrary: wrongJsonText() });
};

/** A valid event for an existing order with one checked field broken or left out. */
const brokenEvent = (existing: fc.Arbitrary<string>): fc.Arbitrary<PlacedBody> =>
  fc
    .tuple(orderPlacedEvent(existing), fc.constantFrom(...CHECKED_FIELDS), fc.boolean())
    .chain(([event, field, remove]) =>
      remove
        ? fc.constant<PlacedBody>({ kind: 'missing-field', text: JSON.stringify({ ...event, [field]: undefined }) })
        : brokenValue(field).map((value) => ({ kind: 'broken-field' as const, text: spliceJsonText({ ...event, [field]: SPLICE_MARK }, [value]) })),
    );

/** The same key twice: JSON.parse keeps the last, so the event is valid only when the valid value comes last. */
const duplicateKeys = (existing: fc.Arbitrary<string>): fc.Arbitrary<PlacedBody> =>
  fc.tuple(orderPlacedEvent(existing), fc.constantFrom(...CHECKED_FIELDS), fc.boolean()).map(([event, field, validLast]) => {
    const text = JSON.stringify(event);
    const other = `${JSON.stringify(field)}:${JSON.stringify(field === 'type' ? 'OrderShipped' : 'x')}`;
    return { kind: 'duplicate-keys', text: validLast ? `{${other},${text.slice(1)}` : `${text.slice(0, -1)},${other}}` };
  });

/** The event's fields hidden where a careless reader would find them: under `__proto__`, `constructor`, `prototype`. */
const prototypeKeys = (existing: fc.Arbitrary<string>): fc.Arbitrary<PlacedBody> =>
  fc.tuple(orderPlacedEvent(existing), fc.constantFrom('__proto__', 'constructor', 'prototype'), fc.constantFrom<CheckedField | 'all'>('all', ...CHECKED_FIELDS)).map(([event, key, hidden]) => {
    const outside = hidden === 'all' ? {} : Object.fromEntries(Object.entries(event).filter(([name]) => name !== hidden));
    const inside = hidden === 'all' ? event : { [hidden]: event[hidden] };
    return { kind: 'prototype-keys', text: `{${JSON.stringify(key)}:${JSON.stringify(inside)}${Object.keys(outside).length > 0 ? `,${JSON.stringify(outside).slice(1, -1)}` : ''}}` };
  });

/** A valid event padded past SQS's 256 KiB message limit (a Lambda event may still carry it), or with a huge id. */
const hugeBody = (existing: fc.Arbitrary<string>): fc.Arbitrary<PlacedBody> =>
  fc.tuple(orderPlacedEvent(existing), hugeText({ minLength: 1024, maxLength: 300 * 1024 }), fc.constantFrom('pad', 'orderId')).map(([event, text, where]) => ({
    kind: 'huge',
    text: JSON.stringify(where === 'pad' ? { ...event, pad: text } : { ...event, orderId: text }),
  }));

/** Text that is not JSON: the reference event's own body, empty, markup, odd text, a lot of it. */
const notJson = (): fc.Arbitrary<string> =>
  fc.oneof(
    fc.constantFrom('Test message.', '', ' ', 'OrderPlaced', 'undefined', '{', '<OrderPlaced/>', 'type=OrderPlaced&orderId=o-1'),
    oddText({ minLength: 1, maxLength: 200 }),
    hugeText({ minLength: 1024, maxLength: 64 * 1024 }),
  );

/**
 * Message bodies for fulfilOrder: about a third valid `OrderPlaced` events for an existing order (so
 * orders get fulfilled), the rest: events for orders that do not exist, a checked field broken or
 * missing (also for the decoys), duplicate and prototype keys, malformed and deeply nested JSON,
 * bodies past 256 KiB, any JSON at all, and text that is not JSON.
 * @example
 * ```ts
 * fc.sample(placedBody({ fulfillable: ['o-1'], decoys: ['o-2'] }), 1)[0]?.kind; // 'order-placed', say
 * ```
 */
export const placedBody = (orders: ExistingOrders): fc.Arbitrary<PlacedBody> => {
  const fulfillable = fc.constantFrom(...orders.fulfillable);
  const anyExisting = fc.constantFrom(...orders.fulfillable, ...orders.decoys);
  const validText = orderPlacedEvent(anyExisting).map((event) => JSON.stringify(event));
  return fc.oneof(
    SHRINK_TO_PLAIN,
    { weight: 30, arbitrary: orderPlacedEvent(fulfillable).map((event) => ({ kind: 'order-placed' as const, text: JSON.stringify(event) })) },
    { weight: 10, arbitrary: orderPlacedEvent(fc.oneof(plainId(), fc.uuid(), oddId())).map((event) => ({ kind: 'unknown-order' as const, text: JSON.stringify(event) })) },
    { weight: 16, arbitrary: brokenEvent(anyExisting) },
    { weight: 6, arbitrary: duplicateKeys(fulfillable) },
    { weight: 6, arbitrary: prototypeKeys(anyExisting) },
    { weight: 8, arbitrary: malformedJsonText(validText).map((text) => ({ kind: 'malformed-json' as const, text })) },
    { weight: 4, arbitrary: deepJsonText({ minDepth: 1000, maxDepth: 20_000 }).map((text) => ({ kind: 'deep-json' as const, text })) },
    { weight: 4, arbitrary: hugeBody(anyExisting) },
    { weight: 8, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((value) => ({ kind: 'any-json' as const, text: JSON.stringify(value) ?? 'null' })) },
    { weight: 8, arbitrary: notJson().map((text) => ({ kind: 'not-json' as const, text })) },
  );
};
