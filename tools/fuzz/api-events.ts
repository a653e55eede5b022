import type { APIGatewayProxyEvent } from 'aws-lambda';
import fc from 'fast-check';
import type { FixtureEvent } from './fixture-events';
import { oddText } from './odd-text';
import { applyHeaderChange, type HeaderChange } from './request-headers';
import { SHRINK_TO_PLAIN } from './shrink-to-plain';

/** How a body travels in the event: as text, base64 as API Gateway encodes binary media, or flagged wrongly. */
export type BodyEncoding = 'text' | 'base64' | 'base64-invalid' | 'flagged-not-encoded';

/** The body of an event: text sent with an encoding, `null` (none), or no `body` field at all. */
export type EventBody = { readonly text: string; readonly encoding: BodyEncoding } | null | 'missing';

/** Query string parameters in the order the client sent them; a name may repeat (`?limit=5&limit=1000`). */
export type QueryEntries = readonly (readonly [name: string, value: string])[];

/** What a fuzz case changes in a real event; everything else stays as API Gateway sent it. */
export interface EventParts {
  readonly method: string;
  /** The route's resource template (`/orders/{orderId}`): API Gateway only ever invokes a function for its own routes. */
  readonly resource: string;
  readonly path: string;
  readonly headers: HeaderChange;
  readonly body: EventBody;
  /** `null` or `'missing'` for none; a map as given. */
  readonly pathParameters: Record<string, string> | null | 'missing';
  /** The client's query; `null` or `'missing'` makes both query fields so, whatever `multiValue` holds. */
  readonly query: QueryEntries | null | 'missing';
}

/** A body with an encoding, as the event carries it: base64 strings are valid or broken ones. */
export function encodeBody(text: string, encoding: BodyEncoding, breakAt = 0): { body: string; isBase64Encoded: boolean } {
  switch (encoding) {
    case 'text':
      return { body: text, isBase64Encoded: false };
    case 'base64':
      return { body: Buffer.from(text, 'utf8').toString('base64'), isBase64Encoded: true };
    case 'base64-invalid': {
      const encoded = Buffer.from(text, 'utf8').toString('base64');
      const at = breakAt % (encoded.length + 1);
      return { body: `${encoded.slice(0, at)}!*\u00e9 %${encoded.slice(at)}=`, isBase64Encoded: true };
    }
    case 'flagged-not-encoded':
      return { body: text, isBase64Encoded: true };
  }
}

/** How a body is encoded: mostly text, as API Gateway passes JSON. */
export const bodyEncoding = (): fc.Arbitrary<BodyEncoding> =>
  fc.oneof(
    SHRINK_TO_PLAIN,
    { weight: 14, arbitrary: fc.constant<BodyEncoding>('text') },
    { weight: 3, arbitrary: fc.constant<BodyEncoding>('base64') },
    { weight: 1, arbitrary: fc.constant<BodyEncoding>('base64-invalid') },
    { weight: 1, arbitrary: fc.constant<BodyEncoding>('flagged-not-encoded') },
  );

/** A body for a route that takes none: usually none, sometimes odd text. */
export const strayBody = (): fc.Arbitrary<EventBody> =>
  fc.oneof(
    SHRINK_TO_PLAIN,
    { weight: 8, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: fc.constant<EventBody>('missing') },
    { weight: 1, arbitrary: fc.record({ text: oddText({ maxLength: 40 }), encoding: bodyEncoding() }) },
  );

/** `{ name: value }` of the last value of each name, as API Gateway fills `queryStringParameters`. */
const lastValues = (entries: QueryEntries): Record<string, string> => {
  const map: Record<string, string> = {};
  for (const [name, value] of entries) Object.defineProperty(map, name, { value, enumerable: true, writable: true, configurable: true });
  return map;
};

/** `{ name: [values…] }`, as API Gateway fills `multiValueQueryStringParameters`. */
const allValues = (entries: QueryEntries): Record<string, string[]> => {
  const map: Record<string, string[]> = {};
  for (const [name, value] of entries) {
    const values = Object.hasOwn(map, name) ? (map[name] as string[]) : [];
    Object.defineProperty(map, name, { value: [...values, value], enumerable: true, writable: true, configurable: true });
  }
  return map;
};

/**
 * A real API Gateway event moved to a route, with the parts a case changes. The multi-value fields
 * are filled as API Gateway fills them; `'missing'` leaves a field out of the event altogether, which
 * API Gateway never does but a test harness or another integration might.
 */
export function buildEvent(template: FixtureEvent, parts: EventParts, breakAt = 0): APIGatewayProxyEvent {
  // A copy per event: the templates are frozen, and a handler may write to the event it gets.
  const base = structuredClone(template.event) as APIGatewayProxyEvent;
  const headers = applyHeaderChange(base.headers, parts.headers);
  const query = parts.query === null || parts.query === 'missing' || parts.query.length === 0 ? (parts.query === 'missing' ? undefined : null) : parts.query;
  const body = parts.body === null || parts.body === 'missing' ? { body: parts.body === null ? null : undefined, isBase64Encoded: false } : encodeBody(parts.body.text, parts.body.encoding, breakAt);
  const event: Record<string, unknown> = {
    ...base,
    httpMethod: parts.method,
    resource: parts.resource,
    path: parts.path,
    headers,
    multiValueHeaders: headers ? Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, [value]])) : headers,
    body: body.body,
    isBase64Encoded: body.isBase64Encoded,
    pathParameters: parts.pathParameters === 'missing' ? undefined : parts.pathParameters,
    queryStringParameters: Array.isArray(query) ? lastValues(query) : query,
    multiValueQueryStringParameters: Array.isArray(query) ? allValues(query) : query,
    requestContext: { ...base.requestContext, httpMethod: parts.method, resourcePath: parts.resource, path: `/${base.requestContext.stage ?? 'prod'}${parts.path}` },
  };
  for (const field of ['headers', 'multiValueHeaders', 'body', 'pathParameters', 'queryStringParameters', 'multiValueQueryStringParameters']) {
    if (event[field] === undefined) delete event[field];
  }
  return event as unknown as APIGatewayProxyEvent;
}
