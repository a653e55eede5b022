import { OrderNotFoundError } from './errors';
import { fromMinorUnits, toMinorUnits } from './money';
import { parseNewOrder } from './new-order';
import type { NewOrder, Order, OrderPage } from './order';
import { type MessageTrace, type OrderEvents, type OrderPlaced, orderPlacedOf } from './order-placed';
import type { OrderRepository, PageRequest } from './order-repository';

/** What the order use cases need from the outside world. */
export interface OrderServiceDependencies {
  /** Where orders are kept. */
  readonly repository: OrderRepository;
  /** Where `OrderPlaced` is published once an order is stored. @default nowhere (nothing fulfils the orders) */
  readonly events?: OrderEvents;
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

/** What fulfilling an order did. */
export interface Fulfilment {
  /** The order as stored afterwards. */
  readonly order: Order;
  /** How long after it was placed it was fulfilled, in ms (from the first fulfilment, on a repeat). */
  readonly delayMs: number;
}

/** The orders use cases: place an order, read one, list a customer's, fulfil one. */
export class OrderService {
  readonly #repository: OrderRepository;
  readonly #events: OrderEvents | undefined;
  readonly #clock: () => Date;
  readonly #newId: () => string;

  public constructor(dependencies: OrderServiceDependencies) {
    this.#repository = dependencies.repository;
    this.#events = dependencies.events;
    this.#clock = dependencies.clock ?? (() => new Date());
    this.#newId = dependencies.newId ?? (() => crypto.randomUUID());
  }

  /**
   * Validates a request, prices it, stores it as a new order and publishes `OrderPlaced` with `trace`.
   * The order is stored before the event is published: a failed publish fails the request, and the
   * stored order stays `PLACED` (README.md, "What you see when it runs", on the outbox this leaves out).
   * @throws InvalidOrderError naming each bad field; OrderAlreadyExistsError if the id is taken
   */
  public async placeOrder(request: unknown, trace?: MessageTrace): Promise<Order> {
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
    await this.#events?.orderPlaced(orderPlacedOf(order), trace ?? { correlationId: order.orderId });
    return order;
  }

  /**
   * Marks the order of an `OrderPlaced` event fulfilled. Fulfilling it again changes nothing, so a
   * message delivered twice is harmless.
   * @throws OrderNotFoundError when the order is not stored (yet): the message is retried
   */
  public async fulfilOrder(event: OrderPlaced): Promise<Fulfilment> {
    const order = await this.#repository.markFulfilled(event.orderId, this.#clock().toISOString());
    return { order, delayMs: Math.max(0, Date.parse(order.fulfilledAt ?? order.createdAt) - Date.parse(order.createdAt)) };
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
