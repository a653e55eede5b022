import { type ApiHandler, type BusinessMetrics, correlationOf, jsonResponse, readJsonBody } from 'periscope';
import type { OrdersCatalog } from '../../../observability.config';
import type { OrderService } from '../domain/order-service';
import { rejectionReason } from './rejection-reason';

/**
 * `POST /orders`: reads the JSON body, places the order (which publishes `OrderPlaced` with the
 * request's correlation id and trace), answers 201 with it and a `location` header. Records
 * `OrderCreated` and `OrderValue`, or `OrderRejected` with the reason.
 */
export function createOrderRoute(orders: OrderService, metrics: BusinessMetrics<OrdersCatalog>): ApiHandler {
  return async function createOrder(event, context) {
    try {
      const order = await orders.placeOrder(readJsonBody(event), correlationOf(context));
      metrics.record('OrderCreated', 1);
      metrics.record('OrderValue', order.total, { currency: order.currency });
      return jsonResponse(201, order, { location: `/orders/${encodeURIComponent(order.orderId)}` });
    } catch (error) {
      const reason = rejectionReason(error);
      if (reason) metrics.record('OrderRejected', 1, { reason });
      throw error;
    }
  };
}
