import { OrderNotFoundError } from './errors';
import { fromMinorUnits, toMinorUnits } from './money';
import { parseNewOrder } from './new-order';
import type { NewOrder, Order, OrderPage } from './order';
import type { OrderRepository, PageRequest } from './order-repository';

/** What the order use cases need from the outside world. */
export interface OrderServiceDependencies {
  /** Where orders are kept. */
  readonly repository: OrderRepository;
  /** @default () => new Date() */
  readonly clock?: () => Date;
  /** @default crypto.randomUUID */
  readonly newId?: () => string;
}

/** Exact total of an order, in major units, summed in integer minor units. */
export function orderTotal(order: NewOrder): number {
  const minor = order.items.reduce((sum, item) => sum + item.quantity * (toMinorUnits(item.unitPrice, order.currency) ?? Number.NaN), 0);
  return fromMinorUnits(minor, order.currency);
}

/** The orders use cases: place an order, read one, list a customer's. */
export class OrderService {
  readonly #repository: OrderRepository;
  readonly #clock: () => Date;
  readonly #newId: () => string;

  public constructor(dependencies: OrderServiceDependencies) {
    this.#repository = dependencies.repository;
    this.#clock = dependencies.clock ?? (() => new Date());
    this.#newId = dependencies.newId ?? (() => crypto.randomUUID());
  }

  /**
   * Validates a request, prices it and stores it as a new order.
   * @throws InvalidOrderError naming each bad field; OrderAlreadyExistsError if the id is taken
   */
  public async placeOrder(request: unknown): Promise<Order> {
    const newOrder = parseNewOrder(request);
    const order: Order = {
      orderId: this.#newId(),
      customerId: newOrder.customerId,
      currency: newOrder.currency,
      items: newOrder.items.map(({ sku, quantity, unitPrice }) => ({ sku, quantity, unitPrice })),
      total: orderTotal(newOrder),
      status: 'PLACED',
      createdAt: this.#clock().toISOString(),
    };
    await this.#repository.create(order);
    return order;
  }

  /** @throws OrderNotFoundError when no order has this id */
  public async getOrder(orderId: string): Promise<Order> {
    const order = await this.#repository.findById(orderId);
    if (!order) throw new OrderNotFoundError(orderId);
    return order;
  }

  /** A customer's orders, newest first, one page at a time. */
  public listOrders(customerId: string, page: PageRequest): Promise<OrderPage> {
    return this.#repository.listByCustomer(customerId, page);
  }
}
