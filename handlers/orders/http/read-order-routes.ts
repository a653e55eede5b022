import { type ApiHandler, type FieldProblem, jsonResponse } from 'periscope';
import type { OrderService } from '../domain/order-service';
import { assertNoProblems, checkId, checkLimit } from './request-parameters';

/** `GET /orders/{orderId}`: 200 with the order, 404 when there is none, 400 for a malformed id. */
export function getOrderRoute(orders: OrderService): ApiHandler {
  return async function getOrder(event) {
    const problems: FieldProblem[] = [];
    const orderId = checkId('orderId', event.pathParameters?.orderId, problems);
    assertNoProblems(problems);
    return jsonResponse(200, await orders.getOrder(orderId));
  };
}

/**
 * `GET /orders?customerId=&limit=&nextToken=`: a customer's orders, newest first, with an opaque
 * `nextToken` while more remain. A bad `limit` or token is a 400.
 */
export function listOrdersRoute(orders: OrderService): ApiHandler {
  return async function listOrders(event) {
    const query = event.queryStringParameters ?? {};
    const problems: FieldProblem[] = [];
    const customerId = checkId('customerId', query.customerId, problems);
    const limit = checkLimit(query.limit, problems);
    assertNoProblems(problems);
    const page = await orders.listOrders(customerId, query.nextToken === undefined ? { limit } : { limit, nextToken: query.nextToken });
    return jsonResponse(200, page);
  };
}
