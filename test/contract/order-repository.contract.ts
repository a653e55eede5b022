import { InvalidPageTokenError, OrderAlreadyExistsError, OrderNotFoundError } from '../../handlers/orders/domain/errors';
import type { Order } from '../../handlers/orders/domain/order';
import type { OrderRepository } from '../../handlers/orders/domain/order-repository';

/** Builds a fresh, empty repository for one test and says how to dispose of it. */
export type RepositoryFactory = () => Promise<{ repository: OrderRepository; dispose?: () => Promise<void> }>;

let sequence = 0;

/** An order placed `minutesAgo` before a fixed instant, with a unique id. */
export function sampleOrder(customerId: string, minutesAgo: number, overrides: Partial<Order> = {}): Order {
  sequence += 1;
  return {
    orderId: `order-${sequence.toString().padStart(5, '0')}-${customerId}`,
    customerId,
    currency: 'EUR',
    items: [{ sku: 'book-1', quantity: 2, unitPrice: 12.5 }],
    total: 25,
    status: 'PLACED',
    createdAt: new Date(Date.UTC(2026, 10, 22, 12, 0, 0) - minutesAgo * 60_000).toISOString(),
    ...overrides,
  };
}

/**
 * The behaviour every {@link OrderRepository} must have. Run against the in-memory fake, dynalite and
 * the official DynamoDB Local, so the fake used by domain tests cannot drift from the real thing.
 */
export function describeOrderRepositoryContract(name: string, factory: RepositoryFactory): void {
  describe(`OrderRepository contract: ${name}`, () => {
    let repository: OrderRepository;
    let dispose: (() => Promise<void>) | undefined;

    beforeEach(async () => {
      ({ repository, dispose } = await factory());
    });
    afterEach(async () => {
      await dispose?.();
    });

    it('returns a stored order exactly as it was created', async () => {
      // Prepare
      const order = sampleOrder('c-read', 0, {
        items: [
          { sku: 'a', quantity: 3, unitPrice: 0.1 },
          { sku: 'b', quantity: 1, unitPrice: 0.2 },
        ],
        total: 0.5,
      });

      // Act
      await repository.create(order);

      // Assess
      await expect(repository.findById(order.orderId)).resolves.toEqual(order);
    });

    it('finds nothing for an unknown id', async () => {
      await expect(repository.findById('no-such-order')).resolves.toBeUndefined();
    });

    it('refuses to overwrite an order with the same id and keeps the first', async () => {
      // Prepare
      const first = sampleOrder('c-dup', 0);
      await repository.create(first);

      // Act
      const second = repository.create({ ...first, total: 999 });

      // Assess
      await expect(second).rejects.toBeInstanceOf(OrderAlreadyExistsError);
      await expect(repository.findById(first.orderId)).resolves.toEqual(first);
    });

    it("lists only that customer's orders, newest first, page by page", async () => {
      // Prepare
      const orders = [5, 1, 4, 2, 3].map((minutesAgo) => sampleOrder('c-list', minutesAgo));
      for (const order of orders) await repository.create(order);
      await repository.create(sampleOrder('c-other', 0));
      const expected = [...orders].sort((a, b) => b.createdAt.localeCompare(a.createdAt)).map((o) => o.orderId);

      // Act
      const first = await repository.listByCustomer('c-list', { limit: 2 });
      const second = await repository.listByCustomer('c-list', { limit: 2, nextToken: first.nextToken! });
      const third = await repository.listByCustomer('c-list', { limit: 2, nextToken: second.nextToken! });

      // Assess
      expect([...first.items, ...second.items, ...third.items].map((o) => o.orderId)).toEqual(expected);
      expect(first.nextToken).toEqual(expect.any(String));
      expect(second.nextToken).toEqual(expect.any(String));
      expect(third.nextToken).toBeUndefined();
    });

    it('gives no next token when the last page is exactly full', async () => {
      // Prepare
      for (const minutesAgo of [1, 2]) await repository.create(sampleOrder('c-exact', minutesAgo));

      // Act
      const page = await repository.listByCustomer('c-exact', { limit: 2 });

      // Assess
      expect(page.items).toHaveLength(2);
      expect(page.nextToken).toBeUndefined();
    });

    it('returns an empty page for a customer with no orders', async () => {
      await expect(repository.listByCustomer('c-nobody', { limit: 10 })).resolves.toEqual({ items: [] });
    });

    it.each([
      ['garbage', 'not a token!'],
      ['valid base64 of non-JSON', Buffer.from('hello').toString('base64url')],
      ['JSON of the wrong shape', Buffer.from(JSON.stringify({ v: 1, o: 5 })).toString('base64url')],
      ['empty', ''],
    ])('rejects a %s page token', async (_label, nextToken) => {
      await expect(repository.listByCustomer('c-token', { limit: 2, nextToken })).rejects.toBeInstanceOf(InvalidPageTokenError);
    });

    it("rejects another customer's page token instead of paging through their orders", async () => {
      // Prepare
      for (const minutesAgo of [1, 2, 3]) await repository.create(sampleOrder('c-owner', minutesAgo));
      const { nextToken } = await repository.listByCustomer('c-owner', { limit: 1 });

      // Act
      const attempt = repository.listByCustomer('c-intruder', { limit: 1, nextToken: nextToken! });

      // Assess
      await expect(attempt).rejects.toBeInstanceOf(InvalidPageTokenError);
    });

    it('marks an order fulfilled once, keeping the first fulfilment time when the event comes again', async () => {
      // Prepare
      const order = sampleOrder('c-fulfil', 5);
      await repository.create(order);

      // Act
      const first = await repository.markFulfilled(order.orderId, '2026-11-22T12:01:00.000Z');
      const again = await repository.markFulfilled(order.orderId, '2026-11-22T12:09:00.000Z');

      // Assess
      expect(first).toEqual({ ...order, status: 'FULFILLED', fulfilledAt: '2026-11-22T12:01:00.000Z' });
      expect(again).toEqual(first);
      await expect(repository.findById(order.orderId)).resolves.toEqual(first);
    });

    it('refuses to fulfil an order that is not stored, creating nothing', async () => {
      // Act
      const attempt = repository.markFulfilled('order-missing', '2026-11-22T12:01:00.000Z');

      // Assess
      await expect(attempt).rejects.toBeInstanceOf(OrderNotFoundError);
      await expect(repository.findById('order-missing')).resolves.toBeUndefined();
    });
  });
}
