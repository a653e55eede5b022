import { decodePageToken, encodePageToken } from '../../handlers/orders/adapters/page-token';
import { OrderAlreadyExistsError, OrderNotFoundError } from '../../handlers/orders/domain/errors';
import type { Order, OrderPage } from '../../handlers/orders/domain/order';
import type { OrderRepository, PageRequest } from '../../handlers/orders/domain/order-repository';

/** Newest first, as the DynamoDB index returns them (descending sort key, then id). */
const newestFirst = (a: Order, b: Order): number => b.createdAt.localeCompare(a.createdAt) || b.orderId.localeCompare(a.orderId);

/**
 * An in-memory {@link OrderRepository} for domain tests. It passes the same contract suite as the
 * DynamoDB adapter, so tests that use it test real behaviour.
 */
export class InMemoryOrderRepository implements OrderRepository {
  readonly #orders = new Map<string, Order>();

  public async create(order: Order): Promise<void> {
    if (this.#orders.has(order.orderId)) throw new OrderAlreadyExistsError(order.orderId);
    this.#orders.set(order.orderId, structuredClone(order));
  }

  public async findById(orderId: string): Promise<Order | undefined> {
    const order = this.#orders.get(orderId);
    return order && structuredClone(order);
  }

  public async listByCustomer(customerId: string, page: PageRequest): Promise<OrderPage> {
    const after = page.nextToken === undefined ? undefined : decodePageToken(page.nextToken, customerId);
    const all = [...this.#orders.values()].filter((order) => order.customerId === customerId).sort(newestFirst);
    const start = after ? all.findIndex((order) => order.orderId === after.orderId) + 1 : 0;
    const items = all.slice(start, start + page.limit).map((order) => structuredClone(order));
    const last = items[items.length - 1];
    return start + page.limit < all.length && last ? { items, nextToken: encodePageToken(last) } : { items };
  }

  public async markFulfilled(orderId: string, fulfilledAt: string): Promise<Order> {
    const order = this.#orders.get(orderId);
    if (!order) throw new OrderNotFoundError(orderId);
    const fulfilled: Order = { ...order, status: 'FULFILLED', fulfilledAt: order.fulfilledAt ?? fulfilledAt };
    this.#orders.set(orderId, fulfilled);
    return structuredClone(fulfilled);
  }
}
