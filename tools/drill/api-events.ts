import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import type { DrillRequest } from './traffic';

const EVENTS_DIR = join(__dirname, '..', '..', 'events');
/** A real API Gateway REST event (events/create-order.json): every request is this one moved to its route. */
const TEMPLATE = JSON.parse(readFileSync(join(EVENTS_DIR, 'create-order.json'), 'utf8')) as APIGatewayProxyEvent;

/** Which serverless.yml function API Gateway routes a drill request to. */
export const functionOf = (request: DrillRequest): string =>
  ({ create: 'createOrder', 'create-invalid': 'createOrder', get: 'getOrder', 'get-missing': 'getOrder', list: 'listOrders', 'unknown-route': 'routeNotFound' })[request.kind];

function moved(
  method: string,
  resource: string,
  path: string,
  change: { body?: unknown; pathParameters?: Record<string, string>; query?: Record<string, string> },
  requestId: string,
  at: number,
): APIGatewayProxyEvent {
  const headers = { ...TEMPLATE.headers, 'x-correlation-id': `drill-${requestId}` };
  return {
    ...TEMPLATE,
    httpMethod: method,
    resource,
    path,
    headers,
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, [value as string]])),
    body: change.body === undefined ? null : JSON.stringify(change.body),
    pathParameters: change.pathParameters ?? null,
    queryStringParameters: change.query ?? null,
    multiValueQueryStringParameters: change.query ? Object.fromEntries(Object.entries(change.query).map(([k, v]) => [k, [v]])) : null,
    requestContext: { ...TEMPLATE.requestContext, httpMethod: method, resourcePath: resource, path: `/dev${path}`, requestId, requestTimeEpoch: at },
  };
}

/** The API Gateway event of a drill request at simulated time `at`; `orderId` is an order known to exist, for reads. */
export function apiEventOf(request: DrillRequest, requestId: string, at: number, orderId: string | undefined): APIGatewayProxyEvent {
  switch (request.kind) {
    case 'create':
      return moved(
        'POST',
        '/orders',
        '/orders',
        { body: { customerId: request.customerId, currency: request.currency, items: [{ sku: 'book-1', quantity: request.quantity, unitPrice: request.unitPrice }] } },
        requestId,
        at,
      );
    case 'create-invalid':
      return moved('POST', '/orders', '/orders', { body: { customerId: request.customerId, currency: 'EUR', items: [{ sku: 'book-1', quantity: 0, unitPrice: 5 }] } }, requestId, at);
    case 'get':
      return moved('GET', '/orders/{orderId}', `/orders/${orderId ?? 'none'}`, { pathParameters: { orderId: orderId ?? 'none' } }, requestId, at);
    case 'get-missing':
      return moved('GET', '/orders/{orderId}', `/orders/missing-${requestId}`, { pathParameters: { orderId: `missing-${requestId}` } }, requestId, at);
    case 'list':
      return moved('GET', '/orders', '/orders', { query: { customerId: request.customerId, limit: '5' } }, requestId, at);
    case 'unknown-route':
      return moved('GET', '/{proxy+}', '/nothing/here', { pathParameters: { proxy: 'nothing/here' } }, requestId, at);
  }
}
