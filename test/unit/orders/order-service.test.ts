import { InvalidOrderError, OrderNotFoundError } from '../../../handlers/orders/domain/errors';
import { type MessageTrace, type OrderEvents, type OrderPlaced, orderPlacedOf } from '../../../handlers/orders/domain/order-placed';
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

  it('publishes OrderPlaced with the request trace once the order is stored, and nothing for a refused request', async () => {
    // Prepare
    const published: { event: OrderPlaced; trace: MessageTrace; stored: boolean }[] = [];
    const events: OrderEvents = {
      orderPlaced: async (event, trace) => {
        published.push({ event, trace, stored: (await repository.findById(event.orderId)) !== undefined });
      },
    };
    const announcing = new OrderService({ repository, clock, newId: () => 'order-7', events });
    const trace = { correlationId: 'req-1', traceHeader: 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1' };

    // Act
    await announcing.placeOrder(validRequest(), trace);
    await announcing.placeOrder({ customerId: '' }, trace).catch(() => undefined);

    // Assess
    expect(published).toEqual([{ event: { type: 'OrderPlaced', orderId: 'order-7', customerId: 'c-42', currency: 'EUR', total: 25.3, placedAt: '2026-11-22T12:00:00.000Z' }, trace, stored: true }]);
  });

  it('fails the request when OrderPlaced cannot be published', async () => {
    // Prepare
    const failing = new OrderService({ repository, clock, newId: () => 'order-8', events: { orderPlaced: async () => Promise.reject(new Error('queue unavailable')) } });

    // Act
    const attempt = failing.placeOrder(validRequest(), { correlationId: 'req-2' });

    // Assess
    await expect(attempt).rejects.toThrow('queue unavailable');
  });

  it('fulfils a placed order and says how long after it was placed', async () => {
    // Prepare
    const order = await service.placeOrder(validRequest());
    const later = new OrderService({ repository, clock: () => new Date('2026-11-22T12:00:42.500Z') });

    // Act
    const fulfilment = await later.fulfilOrder(orderPlacedOf(order));

    // Assess
    expect(fulfilment).toEqual({ order: { ...order, status: 'FULFILLED', fulfilledAt: '2026-11-22T12:00:42.500Z' }, delayMs: 42_500 });
  });

  it('fulfils an order once when its event comes twice', async () => {
    // Prepare
    const order = await service.placeOrder(validRequest());
    await service.fulfilOrder(orderPlacedOf(order));
    const later = new OrderService({ repository, clock: () => new Date('2026-11-22T13:00:00.000Z') });

    // Act
    const again = await later.fulfilOrder(orderPlacedOf(order));

    // Assess: the first fulfilment time stays
    expect(again.order.fulfilledAt).toBe('2026-11-22T12:00:00.000Z');
  });

  it('refuses to fulfil an order that is not stored, so its message is retried', async () => {
    // Act
    const attempt = service.fulfilOrder({ type: 'OrderPlaced', orderId: 'missing', customerId: 'c-1', currency: 'EUR', total: 1, placedAt: '2026-11-22T12:00:00.000Z' });

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(OrderNotFoundError);
  });
});
