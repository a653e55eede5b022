import fc from 'fast-check';
import { DEFAULT_MAX_BODY_BYTES } from 'periscope';
import { parseNewOrder } from '../../../../handlers/orders/domain/new-order';
import { jsonNestingDepth, PROTOTYPE_KEYS } from '../../../../tools/fuzz/json-text';
import { type OrderBody, orderBody, validOrderRequest } from '../../../../tools/fuzz/order-bodies';

const bodiesOf = (kind: OrderBody['kind'], count: number): string[] =>
  fc
    .sample(
      orderBody().filter((body) => body.kind === kind),
      { numRuns: count, seed: 11 },
    )
    .map((body) => body.text);

describe('fuzz order bodies', () => {
  it('generates valid orders the real order validation accepts', () => {
    fc.assert(
      fc.property(validOrderRequest(), (order) => {
        expect(() => parseNewOrder(JSON.parse(JSON.stringify(order)))).not.toThrow();
      }),
      { numRuns: 300 },
    );
  });

  it('generates huge bodies both around the 64 KiB limit and far past it', () => {
    // Act
    const sizes = bodiesOf('huge', 200).map((text) => Buffer.byteLength(text));

    // Assess
    expect(sizes.some((bytes) => Math.abs(bytes - DEFAULT_MAX_BODY_BYTES) <= 64)).toBe(true);
    expect(sizes.some((bytes) => bytes > 200 * 1024)).toBe(true);
    expect(sizes.some((bytes) => bytes < DEFAULT_MAX_BODY_BYTES)).toBe(true);
  });

  it('puts prototype keys into bodies that still parse, as own properties', () => {
    for (const text of bodiesOf('prototype-keys', 100)) {
      expect(PROTOTYPE_KEYS.some((key) => text.includes(`"${key}":`))).toBe(true);
      expect(() => JSON.parse(text)).not.toThrow();
    }
  });

  it('generates deep-JSON bodies nested at least a thousand levels', () => {
    for (const text of bodiesOf('deep-json', 30)) expect(jsonNestingDepth(text)).toBeGreaterThanOrEqual(1000);
  });

  it('puts lone surrogates in some unicode bodies, as \\u escapes that JSON.parse turns back into them', () => {
    // Act
    const strings = bodiesOf('unicode', 300).flatMap((text) => {
      const order = JSON.parse(text) as { customerId: unknown; currency: unknown; items: { sku: unknown }[] };
      return [order.customerId, order.currency, order.items[0]?.sku].filter((value): value is string => typeof value === 'string');
    });

    // Assess
    expect(strings.some((value) => /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(value))).toBe(true);
    expect(strings.some((value) => /[\u{10000}-\u{10ffff}]/u.test(value))).toBe(true);
    expect(strings.some((value) => /[\u200b-\u200f\u202e\u2060\ufeff]/.test(value))).toBe(true);
  });
});
