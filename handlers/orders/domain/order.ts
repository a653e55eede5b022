import type { Currency } from './money';

/** One line of an order. */
export interface OrderItem {
  /** Stock keeping unit. */
  readonly sku: string;
  /** How many, a whole number of at least 1. */
  readonly quantity: number;
  /** Price of one unit in the order's currency, major units (`12.5`). */
  readonly unitPrice: number;
}

/** What a customer asks for, once validated. */
export interface NewOrder {
  readonly customerId: string;
  readonly currency: Currency;
  readonly items: readonly OrderItem[];
}

/** Where an order is in its life: `PLACED` when taken, `FULFILLED` once the fulfilment consumer has handled its `OrderPlaced` event. */
export type OrderStatus = 'PLACED' | 'FULFILLED';

/** A stored order. */
export interface Order extends NewOrder {
  /** Unique id, assigned by the service. */
  readonly orderId: string;
  /** Sum of quantity × unit price, in major units, computed exactly. */
  readonly total: number;
  readonly status: OrderStatus;
  /** ISO-8601 UTC time the order was placed. */
  readonly createdAt: string;
  /** ISO-8601 UTC time it was fulfilled; absent until then. */
  readonly fulfilledAt?: string;
}

/** A page of a customer's orders, newest first. */
export interface OrderPage {
  readonly items: readonly Order[];
  /** Opaque token for the next page; absent on the last page. */
  readonly nextToken?: string;
}
