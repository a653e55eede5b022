import type { FieldProblem } from 'periscope';
import { InvalidOrderError } from '../../../handlers/orders/domain/errors';
import { parseNewOrder } from '../../../handlers/orders/domain/new-order';

const item = (overrides: Record<string, unknown> = {}) => ({ sku: 'book-1', quantity: 2, unitPrice: 12.5, ...overrides });
const validRequest = (overrides: Record<string, unknown> = {}) => ({
  customerId: 'c-42',
  currency: 'EUR',
  items: [item(), { sku: 'pen-7', quantity: 3, unitPrice: 0.1 }],
  ...overrides,
});
/** A request whose second item has `overrides`, so paths are checked past index 0. */
const withSecondItem = (overrides: Record<string, unknown>) => validRequest({ items: [item(), item(overrides)] });

/** The problems `input` is refused with (fails the test if it is accepted or fails otherwise). */
function problemsOf(input: unknown): readonly FieldProblem[] {
  let thrown: unknown;
  try {
    parseNewOrder(input);
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(InvalidOrderError);
  return (thrown as InvalidOrderError).details;
}

const problem = (field: string, message: string): FieldProblem => ({ field, message });

const ONE_OF_CURRENCIES = 'must be one of AUD, CAD, CHF, EUR, GBP, JPY, SEK, USD';
const SKU_FORMAT = 'must be a SKU of letters, digits and . _ : -';
const CUSTOMER_ID_FORMAT = 'must be a customer id of letters, digits and . _ : -';

describe('parseNewOrder', () => {
  it('returns a valid order with exactly its fields, as a copy', () => {
    // Prepare: fields in an unusual order
    const request = { items: [{ unitPrice: 450, quantity: 3, sku: 'tea' }], currency: 'JPY', customerId: 'c-1' };

    // Act
    const order = parseNewOrder(request);

    // Assess
    expect(order).toEqual({ customerId: 'c-1', currency: 'JPY', items: [{ sku: 'tea', quantity: 3, unitPrice: 450 }] });
    expect(Object.keys(order)).toEqual(['customerId', 'currency', 'items']);
    expect(Object.keys(order.items[0] ?? {})).toEqual(['sku', 'quantity', 'unitPrice']);
    expect(order).not.toBe(request);
    expect(order.items).not.toBe(request.items);
  });

  it('accepts the limits themselves', () => {
    const request = validRequest({
      customerId: 'c'.repeat(64),
      items: Array.from({ length: 100 }, () => item({ sku: 'A-z_0.9:x', quantity: 10_000, unitPrice: 1_000_000 })),
    });
    expect(parseNewOrder(request)).toEqual(request);
  });

  it.each<[string, unknown, FieldProblem[]]>([
    ['a body that is not an object', 'order', [problem('body', 'must be a JSON object with customerId, currency and items')]],
    ['a null body', null, [problem('body', 'must be a JSON object with customerId, currency and items')]],
    ['an array body', [validRequest()], [problem('body', 'must be a JSON object with customerId, currency and items')]],
    ['a missing customerId', validRequest({ customerId: undefined }), [problem('customerId', 'is required')]],
    ['a numeric customerId', validRequest({ customerId: 42 }), [problem('customerId', 'must be a string')]],
    ['a null customerId', validRequest({ customerId: null }), [problem('customerId', 'must be a string')]],
    ['an empty customerId', validRequest({ customerId: '' }), [problem('customerId', 'must not be empty')]],
    ['a customerId of 65 characters', validRequest({ customerId: 'c'.repeat(65) }), [problem('customerId', 'must be at most 64 characters')]],
    ['a customerId with a space', validRequest({ customerId: 'c 42' }), [problem('customerId', CUSTOMER_ID_FORMAT)]],
    ['a missing currency', validRequest({ currency: undefined }), [problem('currency', 'is required')]],
    ['a numeric currency', validRequest({ currency: 978 }), [problem('currency', 'must be a currency code')]],
    ['an unsupported currency', validRequest({ currency: 'XXX' }), [problem('currency', ONE_OF_CURRENCIES)]],
    ['a lower-case currency', validRequest({ currency: 'eur' }), [problem('currency', ONE_OF_CURRENCIES)]],
    ['missing items', validRequest({ items: undefined }), [problem('items', 'is required')]],
    ['items that are not a list', validRequest({ items: { sku: 'a' } }), [problem('items', 'must be a list of items')]],
    ['no items', validRequest({ items: [] }), [problem('items', 'must contain at least one item')]],
    ['101 items', validRequest({ items: Array.from({ length: 101 }, () => item()) }), [problem('items', 'must contain at most 100 items')]],
    ['an item that is not an object', validRequest({ items: [item(), null] }), [problem('items[1]', 'must be an object with sku, quantity and unitPrice')]],
    ['an item that is a list', validRequest({ items: [item(), ['book-1', 2, 12.5]] }), [problem('items[1]', 'must be an object with sku, quantity and unitPrice')]],
    ['a missing sku', withSecondItem({ sku: undefined }), [problem('items[1].sku', 'is required')]],
    ['a numeric sku', withSecondItem({ sku: 7 }), [problem('items[1].sku', 'must be a string')]],
    ['an empty sku', withSecondItem({ sku: '' }), [problem('items[1].sku', 'must not be empty')]],
    ['a sku of 65 characters', withSecondItem({ sku: 's'.repeat(65) }), [problem('items[1].sku', 'must be at most 64 characters')]],
    ['a sku with a slash', withSecondItem({ sku: 'book/1' }), [problem('items[1].sku', SKU_FORMAT)]],
    ['a missing quantity', withSecondItem({ quantity: undefined }), [problem('items[1].quantity', 'is required')]],
    ['a quantity as a string', withSecondItem({ quantity: '2' }), [problem('items[1].quantity', 'must be a number')]],
    ['a NaN quantity', withSecondItem({ quantity: Number.NaN }), [problem('items[1].quantity', 'must be a number')]],
    ['an infinite quantity', withSecondItem({ quantity: Number.POSITIVE_INFINITY }), [problem('items[1].quantity', 'must be a number')]],
    ['a fractional quantity', withSecondItem({ quantity: 1.5 }), [problem('items[1].quantity', 'must be a whole number')]],
    ['a zero quantity', withSecondItem({ quantity: 0 }), [problem('items[1].quantity', 'must be at least 1')]],
    ['a negative quantity', withSecondItem({ quantity: -3 }), [problem('items[1].quantity', 'must be at least 1')]],
    ['a quantity over 10,000', withSecondItem({ quantity: 10_001 }), [problem('items[1].quantity', 'must be at most 10000')]],
    ['a missing unitPrice', withSecondItem({ unitPrice: undefined }), [problem('items[1].unitPrice', 'is required')]],
    ['a unitPrice as a string', withSecondItem({ unitPrice: '9.99' }), [problem('items[1].unitPrice', 'must be a number')]],
    ['a null unitPrice', withSecondItem({ unitPrice: null }), [problem('items[1].unitPrice', 'must be a number')]],
    ['a negative unitPrice', withSecondItem({ unitPrice: -0.01 }), [problem('items[1].unitPrice', 'must not be negative')]],
    ['a unitPrice over 1,000,000', withSecondItem({ unitPrice: 1_000_000.01 }), [problem('items[1].unitPrice', 'must be at most 1000000')]],
    ['sub-cent precision in EUR', withSecondItem({ unitPrice: 1.234 }), [problem('items[1].unitPrice', 'must not have more than 2 decimals for EUR')]],
    ['cents in JPY', validRequest({ currency: 'JPY', items: [item({ unitPrice: 450 }), item({ unitPrice: 1.5 })] }), [problem('items[1].unitPrice', 'must not have more than 0 decimals for JPY')]],
  ])('refuses %s, naming the field', (_case, input, expected) => {
    expect(problemsOf(input)).toEqual(expected);
  });

  it('reports every problem at once, in field order, unknown fields last', () => {
    // Prepare
    const request = {
      note: 'leave at the door',
      customerId: '',
      currency: 'XXX',
      items: [item({ sku: 'a b', quantity: 1.5, unitPrice: -1, gift: true }), 'pen', item({ quantity: 0 })],
    };

    // Act
    const problems = problemsOf(request);

    // Assess
    expect(problems).toEqual([
      problem('customerId', 'must not be empty'),
      problem('currency', ONE_OF_CURRENCIES),
      problem('items[0].sku', SKU_FORMAT),
      problem('items[0].quantity', 'must be a whole number'),
      problem('items[0].unitPrice', 'must not be negative'),
      problem('items[0]', 'has unknown field(s) gift'),
      problem('items[1]', 'must be an object with sku, quantity and unitPrice'),
      problem('items[2].quantity', 'must be at least 1'),
      problem('body', 'has unknown field(s) note'),
    ]);
  });

  it('reports both the length and the characters of an id that breaks both rules', () => {
    expect(problemsOf(validRequest({ customerId: 'x y'.repeat(30) }))).toEqual([problem('customerId', 'must be at most 64 characters'), problem('customerId', CUSTOMER_ID_FORMAT)]);
  });

  it('counts characters, not UTF-16 units, in an id', () => {
    // 64 emoji are 128 UTF-16 units but 64 characters: only the character rule is broken
    expect(problemsOf(validRequest({ customerId: '😀'.repeat(64) }))).toEqual([problem('customerId', CUSTOMER_ID_FORMAT)]);
  });

  it('reports a number beyond 2^53 as neither whole nor in range', () => {
    expect(problemsOf(withSecondItem({ quantity: 1e20 }))).toEqual([problem('items[1].quantity', 'must be a whole number'), problem('items[1].quantity', 'must be at most 10000')]);
  });

  it('also measures a value of the wrong type that has a length', () => {
    expect(problemsOf(validRequest({ customerId: [], items: '' }))).toEqual([
      problem('customerId', 'must be a string'),
      problem('customerId', 'must not be empty'),
      problem('items', 'must be a list of items'),
      problem('items', 'must contain at least one item'),
    ]);
  });

  it('answers a length nested 10,000 deep with a client error, not a stack overflow (found by npm run fuzz)', () => {
    const deep = JSON.parse(`{"customerId":"c-1","currency":"EUR","items":{"length":${'['.repeat(10_000)}${']'.repeat(10_000)}}}`);
    expect(problemsOf(deep)).toEqual([problem('items', 'must be a list of items')]);
  });

  it.each([5e-324, 1e-131, 1e-9, 0.001])('refuses a unit price of %p EUR as too precise, not storing what rounds to 0 (found by npm run fuzz)', (unitPrice) => {
    expect(problemsOf(validRequest({ items: [item({ unitPrice })] }))).toEqual([problem('items[0].unitPrice', 'must not have more than 2 decimals for EUR')]);
  });

  it('does not look into the items of a list that is too long', () => {
    const items = Array.from({ length: 101 }, (_, index) => (index === 3 ? item({ sku: '' }) : item()));
    expect(problemsOf(validRequest({ items }))).toEqual([problem('items', 'must contain at most 100 items')]);
  });

  it('checks precision only once everything else is valid', () => {
    expect(problemsOf(validRequest({ customerId: '', items: [item({ unitPrice: 1.234 })] }))).toEqual([problem('customerId', 'must not be empty')]);
  });

  it('reports every precision problem at once', () => {
    const request = validRequest({ currency: 'JPY', items: [item({ unitPrice: 1.5 }), item({ unitPrice: 2 }), item({ unitPrice: 0.1 })] });
    expect(problemsOf(request)).toEqual([problem('items[0].unitPrice', 'must not have more than 0 decimals for JPY'), problem('items[2].unitPrice', 'must not have more than 0 decimals for JPY')]);
  });

  it('names every unknown field, in the order the request lists them', () => {
    const request = { extra: 1, ...validRequest({ items: [item({ colour: 'red', size: 'L' })] }), coupon: 'FREE' };
    expect(problemsOf(request)).toEqual([problem('items[0]', 'has unknown field(s) colour, size'), problem('body', 'has unknown field(s) extra, coupon')]);
  });

  describe('with __proto__ and constructor keys in the JSON body', () => {
    afterEach(() => {
      // Undo a pollution so one failing test cannot break the others.
      delete (Object.prototype as Record<string, unknown>).polluted;
    });

    it('reports them as unknown fields and never pollutes a prototype', () => {
      // Prepare: JSON.parse makes them own keys, as a real request body does
      const body = JSON.parse(
        '{"__proto__":{"polluted":true},"customerId":"c-1","currency":"EUR","constructor":{"prototype":{"polluted":true}},' +
          '"items":[{"sku":"a","quantity":1,"unitPrice":1,"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}]}',
      ) as unknown;

      // Act
      const problems = problemsOf(body);

      // Assess
      expect(problems).toEqual([problem('items[0]', 'has unknown field(s) __proto__, constructor'), problem('body', 'has unknown field(s) __proto__, constructor')]);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(Object.getPrototypeOf(body)).toBe(Object.prototype);
    });

    it('does not read fields hidden behind a __proto__ key', () => {
      const body = JSON.parse('{"__proto__":{"customerId":"c-1","currency":"EUR","items":[{"sku":"a","quantity":1,"unitPrice":1}]}}') as unknown;
      expect(problemsOf(body)).toEqual([problem('customerId', 'is required'), problem('currency', 'is required'), problem('items', 'is required'), problem('body', 'has unknown field(s) __proto__')]);
    });
  });

  it('raises InvalidOrderError whose message lists every problem', () => {
    const parse = () => parseNewOrder(validRequest({ customerId: '', currency: 'XXX' }));
    expect(parse).toThrow(InvalidOrderError);
    expect(parse).toThrow(`Invalid order: customerId: must not be empty; currency: ${ONE_OF_CURRENCIES}`);
  });
});
