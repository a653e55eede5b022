import { InvalidOrderPlacedError } from './errors';
import type { Order } from './order';

/** The event `POST /orders` publishes once an order is stored: what fulfilment needs to act on it. */
export interface OrderPlaced {
  readonly type: 'OrderPlaced';
  readonly orderId: string;
  readonly customerId: string;
  readonly currency: Order['currency'];
  readonly total: number;
  /** When the order was placed (its `createdAt`), ISO-8601 UTC. */
  readonly placedAt: string;
}

/** How the message of an event travels: its correlation id, and the X-Ray trace it continues when traced. */
export interface MessageTrace {
  readonly correlationId: string;
  readonly traceHeader?: string;
}

/** Where the service announces what happened to its orders (a queue, a bus). */
export interface OrderEvents {
  /** Publishes `event` with `trace` on the message, so its consumer logs and traces under the same request. */
  orderPlaced(event: OrderPlaced, trace: MessageTrace): Promise<void>;
}

/** The `OrderPlaced` event of a stored order. */
export const orderPlacedOf = (order: Order): OrderPlaced => ({
  type: 'OrderPlaced',
  orderId: order.orderId,
  customerId: order.customerId,
  currency: order.currency,
  total: order.total,
  placedAt: order.createdAt,
});

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Reads an `OrderPlaced` message body. Only what fulfilment needs is checked: the type, an order
 * id and when it was placed.
 * @throws InvalidOrderPlacedError naming what is wrong (such a message goes to the dead letter queue after its retries)
 */
export function parseOrderPlaced(body: string): OrderPlaced {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (error) {
    throw new InvalidOrderPlacedError('the body is not JSON', { cause: error });
  }
  if (!isObject(parsed)) throw new InvalidOrderPlacedError('the body is not a JSON object');
  if (parsed.type !== 'OrderPlaced') throw new InvalidOrderPlacedError(`type is ${JSON.stringify(parsed.type)}, not "OrderPlaced"`);
  if (typeof parsed.orderId !== 'string' || parsed.orderId === '') throw new InvalidOrderPlacedError('orderId is missing or not a string');
  if (typeof parsed.placedAt !== 'string' || Number.isNaN(Date.parse(parsed.placedAt))) throw new InvalidOrderPlacedError('placedAt is missing or not a date');
  return parsed as unknown as OrderPlaced;
}
