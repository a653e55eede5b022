import type { Order, OrderPage } from './order';

/** How to page through a customer's orders. */
export interface PageRequest {
  /** Orders per page, 1–100. */
  readonly limit: number;
  /** The `nextToken` of the previous page, unchanged. */
  readonly nextToken?: string;
}

/**
 * Where orders are kept. The domain owns this port; adapters (DynamoDB, in-memory) implement it,
 * and every implementation passes the same contract test suite.
 */
export interface OrderRepository {
  /**
   * Stores a new order. Never overwrites.
   * @throws OrderAlreadyExistsError when an order with the same id is already stored
   */
  create(order: Order): Promise<void>;
  /** The order with this id, or `undefined`. */
  findById(orderId: string): Promise<Order | undefined>;
  /**
   * A customer's orders, newest first.
   * @throws InvalidPageTokenError when `nextToken` was not issued for this customer by this repository
   */
  listByCustomer(customerId: string, page: PageRequest): Promise<OrderPage>;
  /**
   * Marks an order fulfilled at `fulfilledAt`, once: fulfilling it again changes nothing (an
   * `OrderPlaced` event may be delivered more than once).
   * @returns the order as stored afterwards
   * @throws OrderNotFoundError when no order has this id
   */
  markFulfilled(orderId: string, fulfilledAt: string): Promise<Order>;
}
