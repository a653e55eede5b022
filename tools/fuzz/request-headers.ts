import fc from 'fast-check';
import { hugeText, oddText } from './odd-text';
import { SHRINK_TO_PLAIN } from './shrink-to-plain';

/** Header values as API Gateway passes them: one value per name (`headers`), or `null` when there are none. */
export type HeaderMap = Record<string, string | undefined> | null;

/** What to do to a template event's headers: set some (under the casing given), drop it all, or leave the field out. */
export type HeaderChange = { readonly kind: 'set'; readonly headers: readonly (readonly [name: string, value: string])[] } | { readonly kind: 'null' } | { readonly kind: 'missing' };

/**
 * Content types a client may send for a JSON body, the odd ones included: parameters, upper case,
 * a vendor `+json` type, whitespace, and types that are not JSON at all.
 */
export const CONTENT_TYPES = {
  json: [
    'application/json',
    'application/json; charset=utf-8',
    'application/json;charset=UTF-8',
    'application/json; charset=iso-8859-1',
    'APPLICATION/JSON',
    'Application/Json; Charset=utf-8',
    ' application/json ',
    'application/vnd.x+json',
    'application/problem+json',
    'application/json; boundary=x; charset="utf-8"',
  ],
  notJson: [
    'text/plain',
    'text/json',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'application/xml',
    'application/jsonx',
    'json',
    'application/',
    '*/*',
    '',
    ';',
    'application/json\u0000',
  ],
} as const;

/** A `Content-Type` value, or `undefined` for none: mostly JSON ones, so the body behind it is read. */
export const contentType = (): fc.Arbitrary<string | undefined> =>
  fc.oneof(
    SHRINK_TO_PLAIN,
    { weight: 10, arbitrary: fc.constant('application/json') },
    { weight: 6, arbitrary: fc.constantFrom(...CONTENT_TYPES.json) },
    { weight: 3, arbitrary: fc.constantFrom(...CONTENT_TYPES.notJson) },
    { weight: 1, arbitrary: oddText({ maxLength: 30 }) },
    { weight: 2, arbitrary: fc.constant(undefined) },
  );

/** A header name in any casing (`content-type`, `Content-Type`, `CONTENT-TYPE`, `cOnTeNt-TyPe`): API Gateway keeps the client's. */
export const headerNameCasing = (name: string): fc.Arbitrary<string> => fc.oneof(SHRINK_TO_PLAIN, fc.constant(name), fc.mixedCase(fc.constant(name)));

/** An `x-correlation-id`: plain ids the API takes, and ones it must refuse (too long, odd characters, empty). */
export const correlationId = (): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.stringMatching(/^[A-Za-z0-9._:-]{1,128}$/) },
    { weight: 2, arbitrary: oddText({ maxLength: 60 }) },
    { weight: 1, arbitrary: fc.constantFrom('', ' ', 'x'.repeat(129), 'a\nb', '{"level":"ERROR"}', '${jndi:ldap://x}') },
    { weight: 1, arbitrary: hugeText({ minLength: 1024, maxLength: 16 * 1024 }) },
  );

/** Extra headers nobody expects: odd names and values, one huge value, a second content type in another casing. */
const extraHeader = (): fc.Arbitrary<readonly [string, string]> =>
  fc.oneof(
    fc.tuple(oddText({ minLength: 1, maxLength: 20 }), oddText({ maxLength: 40 })),
    fc.tuple(fc.constant('X-Padding'), hugeText({ minLength: 1024, maxLength: 32 * 1024 })),
    fc.tuple(headerNameCasing('content-type'), fc.constantFrom(...CONTENT_TYPES.notJson, ...CONTENT_TYPES.json)),
    fc.tuple(fc.constantFrom('__proto__', 'constructor', 'hasOwnProperty'), fc.constant('x')),
  );

/** Options of {@link headerChange}. */
export interface HeaderChangeOptions {
  /** The content type the request sends; `undefined` sends none. @default none */
  readonly contentType?: fc.Arbitrary<string | undefined>;
}

/**
 * A change to a template event's headers: usually a content type (if any) under some casing, maybe a
 * correlation id and odd extra headers; sometimes `headers: null`, or no `headers` field at all.
 */
export const headerChange = (options: HeaderChangeOptions = {}): fc.Arbitrary<HeaderChange> =>
  fc.oneof(
    SHRINK_TO_PLAIN,
    {
      weight: 18,
      arbitrary: fc
        .record({
          contentType: options.contentType ?? fc.constant(undefined),
          contentTypeName: headerNameCasing('Content-Type'),
          correlationId: fc.option(correlationId(), { nil: undefined, freq: 3 }),
          correlationIdName: headerNameCasing('x-correlation-id'),
          extras: fc.array(extraHeader(), { maxLength: 2 }),
        })
        .map(({ contentType: type, contentTypeName, correlationId: id, correlationIdName, extras }) => ({
          kind: 'set' as const,
          headers: [...(type === undefined ? [] : [[contentTypeName, type] as const]), ...(id === undefined ? [] : [[correlationIdName, id] as const]), ...extras],
        })),
    },
    { weight: 1, arbitrary: fc.constant({ kind: 'null' as const }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'missing' as const }) },
  );

/**
 * Applies a {@link HeaderChange} to a template's headers: the template's `Content-Type` (any casing) is
 * dropped first so the change decides what the request sends. Own properties are defined, so a header
 * named `__proto__` is a header, as API Gateway would pass it in JSON.
 *
 * @returns the headers, `null`, or `undefined` for an event without the field
 */
export function applyHeaderChange(template: HeaderMap | undefined, change: HeaderChange): Record<string, string> | null | undefined {
  if (change.kind === 'null') return null;
  if (change.kind === 'missing') return undefined;
  const headers: Record<string, string> = {};
  const kept = Object.entries(template ?? {}).flatMap(([name, value]) => (value === undefined || name.toLowerCase() === 'content-type' ? [] : [[name, value] as const]));
  for (const [name, value] of [...kept, ...change.headers]) {
    Object.defineProperty(headers, name, { value, enumerable: true, writable: true, configurable: true });
  }
  return headers;
}
