import fc from 'fast-check';
import { hugeText, loneSurrogate, oddText } from './odd-text';
import { plainId } from './order-bodies';
import { SHRINK_TO_PLAIN } from './shrink-to-plain';

/** What exists in the table before fuzzing starts, so reads can hit it: the happy paths of `GET`. */
export interface KnownOrders {
  /** Ids of orders that exist. */
  readonly orderIds: readonly string[];
  /** A customer with more orders than one page of `limit=1` holds. */
  readonly customerId: string;
  /** `nextToken`s the API issued for {@link customerId}. */
  readonly nextTokens: readonly string[];
}

/** Path parameters or query strings as API Gateway passes them: a map, `null` when none, or (oddly) no field at all. */
export type ParameterMap = Record<string, string> | null | undefined;

/** Builds a map with own properties, so a `__proto__` parameter is a parameter. */
export function parameterMap(entries: readonly (readonly [string, string])[]): Record<string, string> {
  const map: Record<string, string> = {};
  for (const [name, value] of entries) Object.defineProperty(map, name, { value, enumerable: true, writable: true, configurable: true });
  return map;
}

/** Ids that are odd in a path or a key: empty, dots, slashes, escapes, Unicode, NUL, very long. */
export const oddId = (): fc.Arbitrary<string> =>
  fc.oneof(
    fc.constantFrom('', '.', '..', '../..', '%2F', '%2e%2e', 'a/b', 'a%00b', '\u0000', ' ', 'o-1 ', 'null', 'undefined', '__proto__', 'constructor', '*', 'x'.repeat(64), 'x'.repeat(65)),
    oddText({ minLength: 1, maxLength: 70 }),
    loneSurrogate(),
    hugeText({ minLength: 1024, maxLength: 8 * 1024 }),
  );

/** An `orderId`: one that exists, a plain one that does not, or an odd one. */
export const orderIdParameter = (known: KnownOrders): fc.Arbitrary<string> =>
  fc.oneof(
    SHRINK_TO_PLAIN,
    ...(known.orderIds.length > 0 ? [{ weight: 3, arbitrary: fc.constantFrom(...known.orderIds) }] : []),
    { weight: 3, arbitrary: plainId() },
    { weight: 3, arbitrary: oddId() },
  );

/** `limit` values: none, in range, at and past both ends, and numbers written every way but the plain one. */
export const limitParameter = (): fc.Arbitrary<string | undefined> =>
  fc.oneof(
    SHRINK_TO_PLAIN,
    { weight: 3, arbitrary: fc.constant(undefined) },
    { weight: 3, arbitrary: fc.integer({ min: 1, max: 100 }).map(String) },
    { weight: 2, arbitrary: fc.constantFrom('0', '1', '100', '101', '-1', '1000', '9999', '10000', '', ' ', '1.0', '1e2', '0x10', '+5', '05', '\u0665', 'Infinity', 'NaN', '9'.repeat(400)) },
    { weight: 1, arbitrary: oddText({ maxLength: 12 }) },
  );

/**
 * A `nextToken` as the API writes it (base64url of `{ v, o, c, t }`) but forged: fields of other
 * types, empty, too long, Unicode (lone surrogates travel as `\u` escapes), another customer's.
 */
export const forgedNextToken = (customerId: string): fc.Arbitrary<string> => {
  const field = fc.oneof(
    SHRINK_TO_PLAIN,
    { weight: 4, arbitrary: plainId() },
    { weight: 2, arbitrary: oddText({ minLength: 1, maxLength: 40 }) },
    { weight: 1, arbitrary: loneSurrogate() },
    { weight: 1, arbitrary: fc.constantFrom('', 'x'.repeat(256), 'x'.repeat(257), '2024-01-01T00:00:00.000Z', '9999-99-99T99:99:99Z') },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
  );
  return fc
    .record(
      {
        v: fc.oneof(SHRINK_TO_PLAIN, { weight: 5, arbitrary: fc.constant<unknown>(1) }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 1 }) }),
        o: field,
        c: fc.oneof(SHRINK_TO_PLAIN, { weight: 5, arbitrary: fc.constant<unknown>(customerId) }, { weight: 1, arbitrary: field }),
        t: field,
      },
      { requiredKeys: [] },
    )
    .map((token) => Buffer.from(JSON.stringify(token), 'utf8').toString('base64url'));
};

/** A `nextToken`: one the API issued, a forged one, or garbage (bad base64, standard base64, padding, too long). */
export const nextTokenParameter = (known: KnownOrders, customerId: string): fc.Arbitrary<string | undefined> =>
  fc.oneof(
    SHRINK_TO_PLAIN,
    { weight: 4, arbitrary: fc.constant(undefined) },
    ...(customerId === known.customerId && known.nextTokens.length > 0 ? [{ weight: 2, arbitrary: fc.constantFrom(...known.nextTokens) }] : []),
    { weight: 3, arbitrary: forgedNextToken(customerId) },
    { weight: 1, arbitrary: fc.constantFrom('', '=', 'eyJ2IjoxfQ', 'eyJ2IjoxfQ==', 'e30', 'bnVsbA', 'W10', 'x'.repeat(1025), '+/+/', '%3D') },
    { weight: 1, arbitrary: oddText({ maxLength: 40 }) },
    { weight: 1, arbitrary: fc.base64String({ maxLength: 200 }) },
  );

/** A `customerId`: the one with orders, a plain one, none, or an odd one. */
export const customerIdParameter = (known: KnownOrders): fc.Arbitrary<string | undefined> =>
  fc.oneof(
    SHRINK_TO_PLAIN,
    { weight: 4, arbitrary: fc.constant(known.customerId) },
    { weight: 3, arbitrary: plainId() },
    { weight: 1, arbitrary: fc.constant(undefined) },
    { weight: 2, arbitrary: oddId() },
  );

/** Extra query parameters: odd names (`__proto__` among them) and values. */
export const extraParameters = (): fc.Arbitrary<readonly (readonly [string, string])[]> =>
  fc.array(fc.tuple(fc.oneof(oddText({ minLength: 1, maxLength: 12 }), fc.constantFrom('__proto__', 'constructor', 'limit', 'customerId')), oddText({ maxLength: 20 })), { maxLength: 2 });

/**
 * A path for a route the API does not have, or an odd spelling of one it has: traversal, encodings,
 * doubled slashes, Unicode, empty, very long.
 */
export const oddPath = (): fc.Arbitrary<string> =>
  fc.oneof(
    fc.constantFrom('/', '', '//', '/orders/', '/orders//x', '/orders/../admin', '/%2e%2e/%2e%2e/etc/passwd', '/orders/x/items', '/ORDERS', '/orders%2F1', '/orders?x=1', '/orders#x', '/\u0000'),
    fc.webPath(),
    oddText({ maxLength: 60 }).map((text) => `/${text}`),
    hugeText({ minLength: 1024, maxLength: 16 * 1024 }).map((text) => `/${text}`),
  );

/** A path segment as a client might send it: raw or percent-encoded. */
export const pathSegment = (value: string): fc.Arbitrary<string> => fc.constantFrom(value, safeEncode(value));

/** `encodeURIComponent`, except that a lone surrogate (which it refuses) is kept as it is. */
export function safeEncode(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return value;
  }
}
