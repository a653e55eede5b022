import { InvalidOrderPlacedError } from '../../../handlers/orders/domain/errors';
import { parseOrderPlaced } from '../../../handlers/orders/domain/order-placed';

const event = { type: 'OrderPlaced', orderId: 'o-1', customerId: 'c-1', currency: 'EUR', total: 25.3, placedAt: '2026-11-22T12:00:00.000Z' };

describe('reading an OrderPlaced message', () => {
  it('reads the event POST /orders publishes', () => {
    // Act
    const parsed = parseOrderPlaced(JSON.stringify(event));

    // Assess
    expect(parsed).toEqual(event);
  });

  it.each([
    ['a body that is not JSON', '{"type":', /not JSON/],
    ['a JSON array', '[]', /not a JSON object/],
    ['another event type', JSON.stringify({ ...event, type: 'OrderCancelled' }), /type is "OrderCancelled"/],
    ['a message without an order id', JSON.stringify({ ...event, orderId: undefined }), /orderId is missing/],
    ['an empty order id', JSON.stringify({ ...event, orderId: '' }), /orderId is missing/],
    ['a placedAt that is no date', JSON.stringify({ ...event, placedAt: 'yesterday' }), /placedAt is missing or not a date/],
  ])('refuses %s, naming what is wrong', (_label, body, reason) => {
    // Act
    const attempt = () => parseOrderPlaced(body);

    // Assess
    expect(attempt).toThrow(InvalidOrderPlacedError);
    expect(attempt).toThrow(reason);
  });
});
