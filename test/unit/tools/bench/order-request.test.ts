import { orderTotal, validateOrderRequest } from '../../../../tools/bench/variants/order-request';

const valid = { customerId: 'c-42', currency: 'EUR', items: [{ sku: 'book-1', quantity: 2, unitPrice: 12.5 }, { sku: 'pen-7', quantity: 1, unitPrice: 1.99 }] };

describe("the baselines' hand validation", () => {
  it('accepts the sample event and prices it exactly', () => {
    // Act
    const validated = validateOrderRequest(valid);

    // Assess
    expect('order' in validated && orderTotal(validated.order)).toBe(26.99);
  });

  it('names every bad field, as the sample does', () => {
    // Act
    const validated = validateOrderRequest({ customerId: '', currency: 'XXX', items: [{ sku: 'a', quantity: 0, unitPrice: 1.234 }] });

    // Assess
    expect('problems' in validated && validated.problems.map((problem) => problem.split(':')[0])).toEqual(['customerId', 'currency', 'items[0].quantity']);
  });

  it('refuses more decimals than the currency has', () => {
    expect(validateOrderRequest({ ...valid, items: [{ sku: 'a', quantity: 1, unitPrice: 1.234 }] })).toEqual({
      problems: ['items[0].unitPrice: must not have more than 2 decimals for EUR'],
    });
  });

  it('refuses a body that is not an object', () => {
    expect(validateOrderRequest([1])).toEqual({ problems: ['body: must be a JSON object with customerId, currency and items'] });
  });
});
