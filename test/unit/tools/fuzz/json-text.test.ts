import fc from 'fast-check';
import { deepJsonText, jsonNestingDepth, malformedJsonText, nestedJsonText, SPLICE_MARK, spliceJsonText, wrongJsonText } from '../../../../tools/fuzz/json-text';

/** How deep a parsed value nests, walked without recursion (the values are thousands of levels deep). */
function parsedDepth(value: unknown): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [next, depth] = stack.pop() as [unknown, number];
    if (typeof next !== 'object' || next === null) continue;
    deepest = Math.max(deepest, depth + 1);
    for (const child of Object.values(next)) stack.push([child, depth + 1]);
  }
  return deepest;
}

describe('fuzz JSON text', () => {
  it.each(['array', 'object', 'mixed'] as const)('nests %s values exactly as deep as asked, and JSON.parse reads them that deep', (shape) => {
    // Act
    const text = nestedJsonText(5000, shape);

    // Assess
    expect(jsonNestingDepth(text)).toBe(5000);
    expect(parsedDepth(JSON.parse(text))).toBe(5000);
  });

  it('generates deeply nested values thousands of levels deep that are valid JSON', () => {
    fc.assert(
      fc.property(deepJsonText(), (text) => {
        const depth = jsonNestingDepth(text);
        expect(depth).toBeGreaterThanOrEqual(1000);
        expect(depth).toBeLessThanOrEqual(30_001);
        expect(parsedDepth(JSON.parse(text))).toBe(depth);
      }),
      { numRuns: 40 },
    );
  });

  it('generates wrong-type values that are all valid JSON', () => {
    fc.assert(
      fc.property(wrongJsonText(), (text) => {
        expect(() => JSON.parse(text)).not.toThrow();
      }),
      { numRuns: 300 },
    );
  });

  it('splices fragments in place of each mark, in order, keeping the rest as JSON.stringify writes it', () => {
    // Act
    const text = spliceJsonText({ customerId: SPLICE_MARK, items: [SPLICE_MARK], note: 'a"b' }, ['[[[1]]]', '{"__proto__":{"x":1}}']);

    // Assess
    expect(text).toBe('{"customerId":[[[1]]],"items":[{"__proto__":{"x":1}}],"note":"a\\"b"}');
    expect(Object.hasOwn(JSON.parse(text).items[0], '__proto__')).toBe(true);
  });

  it('makes most valid documents unreadable', () => {
    // Prepare
    const samples = fc.sample(malformedJsonText(fc.constant('{"customerId":"c-1","currency":"EUR","items":[{"sku":"a","quantity":1,"unitPrice":2.5}]}')), { numRuns: 300, seed: 7 });

    // Act
    const unreadable = samples.filter((text) => {
      try {
        JSON.parse(text);
        return false;
      } catch {
        return true;
      }
    });

    // Assess
    expect(unreadable.length).toBeGreaterThan(samples.length * 0.7);
  });
});
