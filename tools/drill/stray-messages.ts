/**
 * What another producer puts on the OrderPlaced queue that fulfilOrder can never process:
 * - `not-an-order-event`: a message of another kind (an older service's `OrderShipped`), which
 *   fulfilment refuses as not an `OrderPlaced` event;
 * - `unknown-order`: a well-formed `OrderPlaced` for an order the table does not hold (another
 *   stage's, a test's), whose fulfilment finds no order.
 */
export type StrayMessageKind = 'not-an-order-event' | 'unknown-order';

/** The body of the `n`th stray message of `kind`, sent at simulated time `at`. */
export function strayMessageBody(kind: StrayMessageKind, n: number, at: number): string {
  const placedAt = new Date(at).toISOString();
  const orderId = `stray-${kind}-${n}`;
  return kind === 'not-an-order-event'
    ? JSON.stringify({ type: 'OrderShipped', orderId, shippedAt: placedAt })
    : JSON.stringify({ type: 'OrderPlaced', orderId, customerId: 'c-elsewhere', currency: 'EUR', total: 12.5, placedAt });
}
