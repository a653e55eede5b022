import type { APIGatewayProxyEvent } from 'aws-lambda';
import fc from 'fast-check';
import { findHeader } from 'periscope';
import { encodeBody } from '../../../../tools/fuzz/api-events';
import { loadFixtureEvents } from '../../../../tools/fuzz/fixture-events';
import { type FuzzCase, ordersCase } from '../../../../tools/fuzz/orders-cases';
import { isJsonContentType } from '../../../../tools/fuzz/response-contract';
import { SHARED_DIR } from '../../../support/lambda';

const RESOURCES = { createOrder: '/orders', getOrder: '/orders/{orderId}', listOrders: '/orders', routeNotFound: '/{proxy+}' } as const;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

const isStringMap = (value: unknown): boolean => typeof value === 'object' && value !== null && Object.values(value).every((v) => typeof v === 'string');
const tags = (fuzzCase: FuzzCase): string[] => fuzzCase.kind.split('+');

describe('fuzz API Gateway events', () => {
  const templates = loadFixtureEvents(SHARED_DIR);
  const sources = { templates, known: { orderIds: ['o-known-1', 'o-known-2'], customerId: 'c-known', nextTokens: ['eyJ2IjoxfQ'] } };
  let cases: FuzzCase[];

  beforeAll(() => {
    cases = fc.sample(ordersCase(sources), { numRuns: 1500, seed: 3 });
  });

  it('generates cases for all four handlers, each on its own route, as API Gateway invokes them', () => {
    expect(new Set(cases.map((c) => c.route))).toEqual(new Set(['createOrder', 'getOrder', 'listOrders', 'routeNotFound']));
    for (const { route, event } of cases) {
      expect(event.resource).toBe(RESOURCES[route]);
      expect(event.requestContext).toMatchObject({ httpMethod: event.httpMethod, resourcePath: event.resource });
    }
  });

  it('keeps every event well-formed: the fields API Gateway sends, of the types it sends, multi-value fields consistent', () => {
    for (const { event } of cases) {
      expect(typeof event.httpMethod).toBe('string');
      expect(typeof event.path).toBe('string');
      expect(typeof event.isBase64Encoded).toBe('boolean');
      expect(event.body === null || event.body === undefined || typeof event.body === 'string').toBe(true);
      for (const field of ['headers', 'pathParameters', 'queryStringParameters'] as const) {
        expect(event[field] === null || event[field] === undefined || isStringMap(event[field])).toBe(true);
      }
      if (event.headers) expect(event.multiValueHeaders).toEqual(Object.fromEntries(Object.entries(event.headers).map(([name, value]) => [name, [value]])));
      if (event.queryStringParameters) {
        const multi = event.multiValueQueryStringParameters as Record<string, string[]>;
        expect(Object.fromEntries(Object.entries(multi).map(([name, values]) => [name, values.at(-1)]))).toEqual({ ...event.queryStringParameters });
      }
    }
  });

  it('starts every event from a real fixture, keeping what the case does not change', () => {
    for (const fuzzCase of cases) {
      const template = templates.find((t) => t.file === fuzzCase.template)?.event as APIGatewayProxyEvent;
      expect(fuzzCase.event.requestContext.requestId).toBe(template.requestContext.requestId);
      expect(fuzzCase.event.requestContext.identity).toEqual(template.requestContext.identity);
    }
    expect(new Set(cases.map((c) => c.template)).size).toBe(templates.length);
  });

  it('encodes base64 bodies that decode to JSON text, and breaks the ones meant to be invalid', () => {
    // Prepare
    const encoded = cases.filter((c) => c.route === 'createOrder' && tags(c).includes('base64'));
    const broken = cases.filter((c) => tags(c).includes('base64-invalid'));

    // Assess
    expect(encoded.length).toBeGreaterThan(10);
    expect(broken.length).toBeGreaterThan(0);
    for (const { event } of encoded) {
      expect(event.isBase64Encoded).toBe(true);
      expect(event.body).toMatch(BASE64);
      expect(Buffer.from(event.body as string, 'base64').toString('base64')).toBe(event.body);
    }
    for (const { event } of broken) expect(event.body).not.toMatch(BASE64);
  });

  it('round-trips a valid base64 body to the text, astral characters included', () => {
    // Act
    const { body, isBase64Encoded } = encodeBody('{"sku":"\u{1f600}\u202e"}', 'base64');

    // Assess
    expect(isBase64Encoded).toBe(true);
    expect(Buffer.from(body, 'base64').toString('utf8')).toBe('{"sku":"\u{1f600}\u202e"}');
  });

  it('sends headers in any casing and sometimes none at all', () => {
    const contentTypeNames = cases.flatMap((c) => Object.keys(c.event.headers ?? {}).filter((name) => name.toLowerCase() === 'content-type'));
    expect(new Set(contentTypeNames).size).toBeGreaterThan(3);
    expect(cases.some((c) => c.event.headers === null)).toBe(true);
    expect(cases.some((c) => !('headers' in c.event))).toBe(true);
  });

  it('keeps a good share of plainly valid requests, so the happy paths run', () => {
    const readable = (c: FuzzCase): boolean => !tags(c).includes('base64-invalid') && !tags(c).includes('flagged-not-encoded');
    const validOrders = cases.filter((c) => tags(c).includes('valid-order') && readable(c) && isJsonContentType(findHeader(c.event.headers, 'content-type')));
    const knownReads = cases.filter((c) => tags(c).includes('orderId-known'));
    expect(validOrders.length).toBeGreaterThan(cases.length * 0.03);
    expect(knownReads.length).toBeGreaterThan(cases.length * 0.03);
  });
});
