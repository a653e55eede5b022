import { InvalidOrderError, OrderNotFoundError } from '../../../handlers/orders/domain/errors';
import { OrderService } from '../../../handlers/orders/domain/order-service';
import { InMemoryOrderRepository } from '../../support/in-memory-order-repository';

const validRequest = () => ({
  customerId: 'c-42',
  currency: 'EUR',
  items: [
    { sku: 'book-1', quantity: 2, unitPrice: 12.5 },
    { sku: 'pen-7', quantity: 3, unitPrice: 0.1 },
  ],
});

/** The field problems an invalid request raises (fails the test if none is raised). */
async function problemsOf(service: OrderService, request: unknown) {
  const error = await service.placeOrder(request).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InvalidOrderError);
  return (error as InvalidOrderError).details;
}

describe('OrderService', () => {
  const clock = () => new Date('2026-11-22T12:00:00.000Z');
  let repository: InMemoryOrderRepository;
  let service: OrderService;
  beforeEach(() => {
    repository = new InMemoryOrderRepository();
    let ids = 0;
    service = new OrderService({ repository, clock, newId: () => `order-${++ids}` });
  });

  it('places an order with an exact total, stores it and returns it', async () => {
    // Act
    const order = await service.placeOrder(validRequest());

    // Assess: 2 × 12.50 + 3 × 0.10 is exactly 25.30, not 25.300000000000004
    expect(order).toEqual({ orderId: 'order-1', ...validRequest(), total: 25.3, status: 'PLACED', createdAt: '2026-11-22T12:00:00.000Z' });
    await expect(repository.findById('order-1')).resolves.toEqual(order);
  });

  it('prices yen orders in whole units', async () => {
    const order = await service.placeOrder({ customerId: 'c-1', currency: 'JPY', items: [{ sku: 'tea', quantity: 3, unitPrice: 450 }] });
    expect(order.total).toBe(1350);
  });

  it.each<[string, unknown, { field: string; message: RegExp }]>([
    ['a missing customerId', { ...validRequest(), customerId: undefined }, { field: 'customerId', message: /is required/ }],
    ['an empty customerId', { ...validRequest(), customerId: '' }, { field: 'customerId', message: /must not be empty/ }],
    ['an unsupported currency', { ...validRequest(), currency: 'XXX' }, { field: 'currency', message: /must be one of AUD, CAD/ }],
    ['no items', { ...validRequest(), items: [] }, { field: 'items', message: /at least one item/ }],
    ['a zero quantity', { ...validRequest(), items: [{ sku: 'a', quantity: 0, unitPrice: 1 }] }, { field: 'items[0].quantity', message: /at least 1/ }],
    ['a fractional quantity', { ...validRequest(), items: [{ sku: 'a', quantity: 1.5, unitPrice: 1 }] }, { field: 'items[0].quantity', message: /whole number/ }],
    ['a negative price', { ...validRequest(), items: [{ sku: 'a', quantity: 1, unitPrice: -1 }] }, { field: 'items[0].unitPrice', message: /not be negative/ }],
    ['a price as a string', { ...validRequest(), items: [{ sku: 'a', quantity: 1, unitPrice: '9.99' }] }, { field: 'items[0].unitPrice', message: /must be a number/ }],
    ['sub-cent precision', { ...validRequest(), items: [{ sku: 'a', quantity: 1, unitPrice: 12.555 }] }, { field: 'items[0].unitPrice', message: /more than 2 decimals for EUR/ }],
    ['an unknown field', { ...validRequest(), coupon: 'FREE' }, { field: 'body', message: /unknown field\(s\) coupon/ }],
    ['an array body', [validRequest()], { field: 'body', message: /must be a JSON object/ }],
  ])('refuses %s, naming the field', async (_case, request, expected) => {
    const problems = await problemsOf(service, request);
    expect(problems).toContainEqual({ field: expected.field, message: expect.stringMatching(expected.message) });
  });

  it('reports every bad field of a request at once', async () => {
    const problems = await problemsOf(service, { customerId: '', currency: 'XXX', items: [{ sku: 'a', quantity: 0, unitPrice: 1 }] });
    expect(problems.map((p) => p.field)).toEqual(['customerId', 'currency', 'items[0].quantity']);
  });

  it('stores nothing when a request is refused', async () => {
    await service.placeOrder({ ...validRequest(), currency: 'XXX' }).catch(() => undefined);
    await expect(repository.listByCustomer('c-42', { limit: 10 })).resolves.toEqual({ items: [] });
  });

  it('raises OrderNotFoundError for an unknown id', async () => {
    await expect(service.getOrder('missing')).rejects.toEqual(new OrderNotFoundError('missing'));
  });
});
