import fc from 'fast-check';
import { DEFAULT_MAX_BODY_BYTES } from 'periscope';
import { SUPPORTED_CURRENCIES } from '../../handlers/orders/domain/money';
import { ORDER_LIMITS } from '../../handlers/orders/domain/new-order';
import { deepJsonText, type JsonText, malformedJsonText, PROTOTYPE_KEYS, prototypeKeysObjectText, SPLICE_MARK, spliceJsonText, wrongJsonText } from './json-text';
import { hugeText, oddText } from './odd-text';

/** What a `POST /orders` body is made of: the kinds the fuzzer reports cases and counterexamples by. */
export type OrderBodyKind = 'valid-order' | 'wrong-type' | 'prototype-keys' | 'deep-json' | 'malformed-json' | 'huge' | 'unicode' | 'any-json' | 'not-json';

/** A request body as sent (text), and what kind it is. */
export interface OrderBody {
  readonly kind: OrderBodyKind;
  readonly text: string;
}

/** A plain order as a client builds it. */
interface OrderRequest {
  customerId: unknown;
  currency: unknown;
  items: { sku: unknown; quantity: unknown; unitPrice: unknown }[];
}

/** An id the orders API accepts: 1–64 letters, digits and `. _ : -`. */
export const plainId = (): fc.Arbitrary<string> => fc.stringMatching(/^[A-Za-z0-9._:-]{1,64}$/);

const currency = (): fc.Arbitrary<keyof typeof SUPPORTED_CURRENCIES> => fc.constantFrom(...(Object.keys(SUPPORTED_CURRENCIES) as (keyof typeof SUPPORTED_CURRENCIES)[]));

/** A price the currency can hold exactly: whole minor units from 0 to the order limit. */
const unitPrice = (code: keyof typeof SUPPORTED_CURRENCIES): fc.Arbitrary<number> => {
  const scale = 10 ** SUPPORTED_CURRENCIES[code];
  return fc.integer({ min: 0, max: ORDER_LIMITS.maxUnitPrice * scale }).map((minor) => minor / scale);
};

/** An order the API must accept (201): every field within the rules, limits included. */
export const validOrderRequest = (): fc.Arbitrary<OrderRequest> =>
  currency().chain((code) =>
    fc.record({
      customerId: plainId(),
      currency: fc.constant(code),
      items: fc.array(fc.record({ sku: plainId(), quantity: fc.integer({ min: 1, max: ORDER_LIMITS.maxQuantity }), unitPrice: unitPrice(code) }), {
        minLength: 1,
        maxLength: ORDER_LIMITS.maxItems,
        size: 'small',
      }),
    }),
  );

/** Where in an order a bad value goes. */
const FIELD_PATHS = ['body', 'customerId', 'currency', 'items', 'items[0]', 'items[0].sku', 'items[0].quantity', 'items[0].unitPrice'] as const;
type FieldPath = (typeof FIELD_PATHS)[number];

/** `order` with {@link SPLICE_MARK} at `path` (or without the field, when `remove`). */
function markField(order: OrderRequest, path: FieldPath, remove = false): unknown {
  const value = remove ? undefined : SPLICE_MARK;
  const copy: OrderRequest = { ...order, items: order.items.map((item) => ({ ...item })) };
  const first = copy.items[0] as Record<string, unknown>;
  switch (path) {
    case 'body':
      return value;
    case 'items[0]':
      copy.items[0] = value as never;
      return copy;
    case 'items[0].sku':
    case 'items[0].quantity':
    case 'items[0].unitPrice':
      first[path.slice('items[0].'.length)] = value;
      return copy;
    default:
      (copy as unknown as Record<string, unknown>)[path] = value;
      return copy;
  }
}

/** A valid order with one field of the wrong type, out of range, or missing. */
const wrongTypeBody = (): fc.Arbitrary<JsonText> =>
  fc
    .tuple(validOrderRequest(), fc.constantFrom(...FIELD_PATHS), fc.oneof({ weight: 9, arbitrary: wrongJsonText() }, { weight: 1, arbitrary: fc.constant(undefined) }))
    .map(([order, path, bad]) => (bad === undefined ? JSON.stringify(markField(order, path, true) ?? null) : spliceJsonText(markField(order, path), [bad])));

/** A valid order with `__proto__`, `constructor`, `prototype`… keys added at the top, in an item, or twice. */
const prototypeKeysBody = (): fc.Arbitrary<JsonText> =>
  fc
    .tuple(validOrderRequest(), fc.constantFrom(...PROTOTYPE_KEYS), fc.oneof(wrongJsonText(), fc.constant('{"customerId":"admin","isAdmin":true}')), fc.constantFrom('top', 'item', 'nested'))
    .map(([order, key, value, where]) => {
      const text = JSON.stringify(order);
      const entry = `${JSON.stringify(key)}:${value}`;
      if (where === 'top') return `{${entry},${text.slice(1)}`;
      if (where === 'item') return text.replace('"items":[{', `"items":[{${entry},`);
      return text.replace(/}$/, `,"extra":{${entry}}}`);
    })
    .chain((text) => fc.oneof(fc.constant(text), prototypeKeysObjectText(fc.constant(text))));

/** Thousands of levels of nesting: the whole body, or in place of any one field. */
const deepBody = (): fc.Arbitrary<JsonText> =>
  fc
    .tuple(validOrderRequest(), fc.constantFrom(...FIELD_PATHS), deepJsonText(), fc.boolean())
    .map(([order, path, deep, arrayLike]) => spliceJsonText(markField(order, path), [arrayLike ? `{"length":${deep}}` : deep]));

/** A valid order padded (an unknown field, or a long id) to a byte size around or far past the 64 KiB limit. */
const hugeBody = (): fc.Arbitrary<JsonText> =>
  fc
    .tuple(
      validOrderRequest(),
      fc.oneof(fc.integer({ min: DEFAULT_MAX_BODY_BYTES - 64, max: DEFAULT_MAX_BODY_BYTES + 64 }), fc.integer({ min: 1024, max: 300 * 1024 })),
      fc.constantFrom('pad', 'customerId', 'sku'),
      fc.constantFrom('x', '\u00e9', '\u{1f600}'),
    )
    .map(([order, bytes, where, filler]) => {
      const padded = where === 'pad' ? { ...order, pad: SPLICE_MARK } : markField(order, where === 'sku' ? 'items[0].sku' : 'customerId');
      const without = Buffer.byteLength(spliceJsonText(padded, ['""']));
      const fill = filler.repeat(Math.max(0, Math.floor((bytes - without) / Buffer.byteLength(filler))));
      return spliceJsonText(padded, [JSON.stringify(fill)]);
    });

/** Strings full of odd Unicode where ids and codes go, raw or as `\u` escapes (lone surrogates survive only escaped). */
const unicodeBody = (): fc.Arbitrary<JsonText> =>
  fc.tuple(validOrderRequest(), oddText({ minLength: 1, maxLength: 70 }), fc.constantFrom<FieldPath>('customerId', 'currency', 'items[0].sku'), fc.boolean()).map(([order, text, path, escaped]) => {
    const literal = escaped
      ? `"${Array.from(text, (char) => Array.from({ length: char.length }, (_, i) => `\\u${char.charCodeAt(i).toString(16).padStart(4, '0')}`).join('')).join('')}"`
      : JSON.stringify(text);
    return spliceJsonText(markField(order, path), [literal]);
  });

/** Text that is not JSON at all. */
const notJsonBody = (): fc.Arbitrary<string> =>
  fc.oneof(
    fc.constantFrom('', ' ', '\n', 'customerId=c-1&currency=EUR', '<order><customerId>c-1</customerId></order>', 'null\u0000', 'undefined', '{', '}', '"'),
    oddText({ minLength: 1, maxLength: 200 }),
    hugeText({ minLength: 1024, maxLength: 200 * 1024 }),
  );

/**
 * `POST /orders` bodies, about a third of them valid orders (so the happy path runs: 201 and a write to
 * DynamoDB), the rest: a field of the wrong type or missing, prototype keys, nesting thousands deep,
 * malformed JSON, bodies around and far past 64 KiB, odd Unicode in every string, any JSON at all, and
 * text that is not JSON.
 */
export const orderBody = (): fc.Arbitrary<OrderBody> =>
  fc.oneof(
    { weight: 32, arbitrary: validOrderRequest().map((order) => ({ kind: 'valid-order' as const, text: JSON.stringify(order) })) },
    { weight: 16, arbitrary: wrongTypeBody().map((text) => ({ kind: 'wrong-type' as const, text })) },
    { weight: 8, arbitrary: prototypeKeysBody().map((text) => ({ kind: 'prototype-keys' as const, text })) },
    { weight: 8, arbitrary: deepBody().map((text) => ({ kind: 'deep-json' as const, text })) },
    { weight: 10, arbitrary: malformedJsonText(validOrderRequest().map((order) => JSON.stringify(order))).map((text) => ({ kind: 'malformed-json' as const, text })) },
    { weight: 6, arbitrary: hugeBody().map((text) => ({ kind: 'huge' as const, text })) },
    { weight: 8, arbitrary: unicodeBody().map((text) => ({ kind: 'unicode' as const, text })) },
    { weight: 6, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((value) => ({ kind: 'any-json' as const, text: JSON.stringify(value) ?? 'null' })) },
    { weight: 6, arbitrary: notJsonBody().map((text) => ({ kind: 'not-json' as const, text })) },
  );
