import type { APIGatewayProxyEvent } from 'aws-lambda';
import fc from 'fast-check';
import { bodyEncoding, buildEvent, type EventBody, type EventParts, type QueryEntries, strayBody } from './api-events';
import type { FixtureEvent, FixtureEventFile } from './fixture-events';
import { orderBody } from './order-bodies';
import { contentType, headerChange } from './request-headers';
import { customerIdParameter, extraParameters, type KnownOrders, limitParameter, nextTokenParameter, oddId, oddPath, orderIdParameter, parameterMap, pathSegment } from './request-parameters';
import { SHRINK_TO_PLAIN } from './shrink-to-plain';

/** The orders handlers, by their export in `handlers/orders/handler.ts`. */
export const ORDERS_ROUTES = ['createOrder', 'getOrder', 'listOrders', 'routeNotFound'] as const;

/** One of {@link ORDERS_ROUTES}. */
export type OrdersRoute = (typeof ORDERS_ROUTES)[number];

/** One request for the fuzzer: the handler API Gateway would invoke, and the event it would pass. */
export interface FuzzCase {
  readonly route: OrdersRoute;
  /** The real event it started from. */
  readonly template: FixtureEventFile;
  /** What is odd about the request (`deep-json+base64`, `valid-order`), for counts and reports. */
  readonly kind: string;
  readonly event: APIGatewayProxyEvent;
}

/** What the cases are built from: real events, and the orders that exist before the first case. */
export interface FuzzCaseSources {
  /** Real API Gateway events (see `loadFixtureEvents`); every case is one of them moved to a route. */
  readonly templates: readonly FixtureEvent[];
  readonly known: KnownOrders;
}

/** The odd thing about a map or field that is `null` or left out, for `kind`. */
const absence = (value: unknown, field: string): string[] => (value === null ? [`${field}-null`] : value === 'missing' ? [`${field}-missing`] : []);

/** A case from its parts; `kind` lists the body's kind and every odd part. */
function toCase(route: OrdersRoute, template: FixtureEvent, parts: EventParts, bodyKind: string | undefined, breakAt: number): FuzzCase {
  const body = parts.body;
  const tags = [
    ...(bodyKind === undefined ? [] : [bodyKind]),
    ...(body !== null && body !== 'missing' && body.encoding !== 'text' ? [body.encoding] : []),
    ...absence(body, 'body'),
    ...absence(parts.headers.kind === 'set' ? {} : parts.headers.kind === 'null' ? null : 'missing', 'headers'),
    ...(template.file === 'apigw-rest-no-auth.json' ? [] : [template.file.replace(/^apigw-rest-|\.json$/g, '')]),
  ];
  return { route, template: template.file, kind: tags.join('+') || 'plain', event: buildEvent(template, parts, breakAt) };
}

/** Mostly the route's own path; sometimes an odd one (API Gateway matched the route, the path still varies in case and encoding). */
const routePath = (path: string): fc.Arbitrary<string> => fc.oneof(SHRINK_TO_PLAIN, { weight: 9, arbitrary: fc.constant(path) }, { weight: 1, arbitrary: oddPath() });

/** No parameters, mostly; sometimes odd ones a route does not declare. */
const strayPathParameters = (): fc.Arbitrary<EventParts['pathParameters']> =>
  fc.oneof(
    SHRINK_TO_PLAIN,
    { weight: 9, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: fc.constant<EventParts['pathParameters']>('missing') },
    { weight: 1, arbitrary: extraParameters().map(parameterMap) },
  );

/** No query, mostly; sometimes one the route ignores. */
const strayQuery = (): fc.Arbitrary<EventParts['query']> =>
  fc.oneof(SHRINK_TO_PLAIN, { weight: 9, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constant<EventParts['query']>('missing') }, { weight: 1, arbitrary: extraParameters() });

/** `POST /orders`: the body arbitraries of `order-bodies.ts` behind every content type and encoding. */
export const createOrderCase = (sources: FuzzCaseSources): fc.Arbitrary<FuzzCase> =>
  fc
    .record({
      template: fc.constantFrom(...sources.templates),
      body: orderBody(),
      encoding: bodyEncoding(),
      absentBody: fc.oneof(SHRINK_TO_PLAIN, { weight: 30, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom<EventBody>(null, 'missing') }),
      headers: headerChange({ contentType: contentType() }),
      path: routePath('/orders'),
      pathParameters: strayPathParameters(),
      query: strayQuery(),
      breakAt: fc.nat(),
    })
    .map(({ template, body, encoding, absentBody, headers, path, pathParameters, query, breakAt }) =>
      toCase(
        'createOrder',
        template,
        { method: 'POST', resource: '/orders', path, headers, body: absentBody ?? { text: body.text, encoding }, pathParameters, query },
        absentBody === undefined ? body.kind : undefined,
        breakAt,
      ),
    );

/** `GET /orders/{orderId}`: existing, unknown and odd ids; the parameter null, missing, empty or among others. */
export const getOrderCase = (sources: FuzzCaseSources): fc.Arbitrary<FuzzCase> =>
  fc
    .record({
      template: fc.constantFrom(...sources.templates),
      orderId: orderIdParameter(sources.known),
      shape: fc.oneof(SHRINK_TO_PLAIN, { weight: 12, arbitrary: fc.constant('param') }, fc.constantFrom('null', 'missing', 'empty-map', 'with-extras', 'odd-path')),
      extras: extraParameters(),
      path: oddPath(),
      headers: headerChange(),
      body: strayBody(),
      query: strayQuery(),
    })
    .chain((parts) => pathSegment(parts.orderId).map((segment) => ({ ...parts, segment })))
    .map(({ template, orderId, shape, extras, path, segment, headers, body, query }) => {
      const pathParameters: EventParts['pathParameters'] =
        shape === 'null' ? null : shape === 'missing' ? 'missing' : shape === 'empty-map' ? {} : shape === 'with-extras' ? parameterMap([...extras, ['orderId', orderId]]) : { orderId };
      const eventPath = shape === 'odd-path' ? path : `/orders/${segment}`;
      return toCase(
        'getOrder',
        template,
        { method: 'GET', resource: '/orders/{orderId}', path: eventPath, headers, body, pathParameters, query },
        `orderId-${sources.known.orderIds.includes(orderId) ? 'known' : /^[A-Za-z0-9._:-]{1,64}$/.test(orderId) ? 'plain' : 'odd'}`,
        0,
      );
    });

/** `GET /orders?customerId=&limit=&nextToken=`: every parameter present or not, odd, forged, repeated. */
export const listOrdersCase = (sources: FuzzCaseSources): fc.Arbitrary<FuzzCase> =>
  fc
    .record({
      template: fc.constantFrom(...sources.templates),
      customerId: customerIdParameter(sources.known),
      limit: limitParameter(),
      repeated: fc.oneof(
        SHRINK_TO_PLAIN,
        { weight: 6, arbitrary: fc.constant(undefined) },
        {
          weight: 1,
          arbitrary: fc.tuple(
            fc.constantFrom('customerId', 'limit', 'nextToken'),
            fc.oneof(
              oddId(),
              limitParameter().map((limit) => limit ?? ''),
            ),
          ),
        },
      ),
      extras: fc.oneof(SHRINK_TO_PLAIN, { weight: 6, arbitrary: fc.constant<QueryEntries>([]) }, { weight: 1, arbitrary: extraParameters() }),
      absentQuery: fc.oneof(SHRINK_TO_PLAIN, { weight: 20, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom<null | 'missing'>(null, 'missing') }),
      headers: headerChange(),
      body: strayBody(),
      path: routePath('/orders'),
      pathParameters: strayPathParameters(),
    })
    // The token depends on the customer: one the API issued, or forged for this customer to get past the first check.
    .chain((parts) => nextTokenParameter(sources.known, parts.customerId ?? '').map((nextToken) => ({ ...parts, nextToken })))
    .map(({ template, customerId, limit, nextToken, repeated, extras, absentQuery, headers, body, path, pathParameters }) => {
      const entries: [string, string][] = [];
      if (customerId !== undefined) entries.push(['customerId', customerId]);
      if (limit !== undefined) entries.push(['limit', limit]);
      if (nextToken !== undefined) entries.push(['nextToken', nextToken]);
      if (repeated) entries.splice(entries.length > 0 ? 1 : 0, 0, repeated);
      const tags = [
        customerId === sources.known.customerId ? 'customer-known' : 'customer-other',
        ...(nextToken === undefined ? [] : [sources.known.nextTokens.includes(nextToken) ? 'token-issued' : 'token-odd']),
        ...(repeated ? ['repeated'] : []),
      ];
      return toCase('listOrders', template, { method: 'GET', resource: '/orders', path, headers, body, pathParameters, query: absentQuery ?? [...entries, ...extras] }, tags.join('+'), 0);
    });

/** `ANY /{proxy+}`: any method on odd paths, with or without the `proxy` parameter. */
export const routeNotFoundCase = (sources: FuzzCaseSources): fc.Arbitrary<FuzzCase> =>
  fc
    .record({
      template: fc.constantFrom(...sources.templates),
      method: fc.oneof(fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'), oddId()),
      path: oddPath(),
      withProxy: fc.oneof(SHRINK_TO_PLAIN, { weight: 4, arbitrary: fc.constant('param') }, fc.constantFrom('null', 'missing')),
      headers: headerChange({ contentType: contentType() }),
      body: strayBody(),
      query: strayQuery(),
    })
    .map(({ template, method, path, withProxy, headers, body, query }) => {
      const pathParameters: EventParts['pathParameters'] = withProxy === 'null' ? null : withProxy === 'missing' ? 'missing' : { proxy: path.replace(/^\//, '') };
      return toCase('routeNotFound', template, { method, resource: '/{proxy+}', path, headers, body, pathParameters, query }, undefined, 0);
    });

/**
 * Requests for the four orders handlers, weighted towards creating orders (the route that reads a
 * body): every case is a real API Gateway event moved to its route, with a body, headers, path and
 * query drawn from the arbitraries in this folder.
 * @example
 * ```ts
 * const cases = ordersCase({ templates: loadFixtureEvents(), known: { orderIds: ['o-1'], customerId: 'c-1', nextTokens: [] } });
 * fc.sample(cases, 1)[0]?.route; // 'createOrder', say
 * ```
 */
export const ordersCase = (sources: FuzzCaseSources): fc.Arbitrary<FuzzCase> =>
  fc.oneof(
    { weight: 40, arbitrary: createOrderCase(sources) },
    { weight: 20, arbitrary: getOrderCase(sources) },
    { weight: 25, arbitrary: listOrdersCase(sources) },
    { weight: 15, arbitrary: routeNotFoundCase(sources) },
  );
