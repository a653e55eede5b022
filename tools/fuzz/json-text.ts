import fc from 'fast-check';
import { oddText } from './odd-text';

/**
 * JSON values as text, so they can be spliced into a document as they are: deep nesting that
 * `JSON.stringify` could not write (it overflows the stack at a few thousand levels), duplicate keys,
 * `__proto__` keys, numbers JavaScript cannot hold.
 */
export type JsonText = string;

/** How a {@link deepJsonText} value nests. */
export type NestingShape = 'array' | 'object' | 'mixed';

/** Options of {@link deepJsonText}. */
export interface DeepJsonOptions {
  /** @default 1000 */
  readonly minDepth?: number;
  /** Levels; 30,000 arrays are 60 KB of text, just under the 64 KiB body limit. @default 30000 */
  readonly maxDepth?: number;
}

/** A value nested `depth` levels deep, as text. */
export function nestedJsonText(depth: number, shape: NestingShape, leaf: JsonText = 'null'): JsonText {
  switch (shape) {
    case 'array':
      return `${'['.repeat(depth)}${leaf}${']'.repeat(depth)}`;
    case 'object':
      return `${'{"a":'.repeat(depth)}${leaf}${'}'.repeat(depth)}`;
    case 'mixed': {
      const pairs = Math.ceil(depth / 2);
      return `${'[{"a":'.repeat(pairs)}${leaf}${'}]'.repeat(pairs)}`;
    }
  }
}

/** How many levels deep a JSON text nests (its deepest point, strings skipped). */
export function jsonNestingDepth(text: JsonText): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (inString) {
      if (char === '\\') i++;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '[' || char === '{') deepest = Math.max(deepest, ++depth);
    else if (char === ']' || char === '}') depth--;
  }
  return deepest;
}

/**
 * A value nested thousands of levels deep (arrays, objects or both), as text. Shrinks towards
 * `minDepth`, so a failure reports the shallowest depth that still fails.
 * @example
 * ```ts
 * jsonNestingDepth(fc.sample(deepJsonText(), 1)[0]!) >= 1000; // true
 * ```
 */
export const deepJsonText = (options: DeepJsonOptions = {}): fc.Arbitrary<JsonText> =>
  fc
    .tuple(fc.integer({ min: options.minDepth ?? 1000, max: options.maxDepth ?? 30_000 }), fc.constantFrom<NestingShape>('array', 'object', 'mixed'), scalarJsonText())
    .map(([depth, shape, leaf]) => nestedJsonText(depth, shape, leaf));

/** Numbers at and past the edges of what JavaScript and the order rules hold, as JSON writes them (and some it never would). */
const EDGE_NUMBERS: readonly JsonText[] = [
  '0',
  '-0',
  '-1',
  '1',
  '0.1',
  '1.005',
  '10000',
  '10001',
  '1000000',
  '1000000.01',
  '9007199254740993',
  '1e308',
  '-1e308',
  '1e999999',
  '-1e999999',
  '5e-324',
  '1E2',
  '123456789012345678901234567890',
];

/** `null`, a boolean, an edge number or an odd string, as JSON text. */
export const scalarJsonText = (): fc.Arbitrary<JsonText> =>
  fc.oneof(
    fc.constantFrom('null', 'true', 'false', '""', '" "', '"0"', '"1e3"', '"EUR"', '"eur"', '"NaN"'),
    fc.constantFrom(...EDGE_NUMBERS),
    fc
      .double()
      .filter(Number.isFinite)
      .map((value) => JSON.stringify(value)),
    oddText({ maxLength: 24 }).map((text) => JSON.stringify(text)),
  );

/** Keys that name something on `Object.prototype`, or that code reads on any value. */
export const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', 'length', 'toJSON'] as const;

/** An object made of {@link PROTOTYPE_KEYS} (possibly repeated), as text. */
export const prototypeKeysObjectText = (value: fc.Arbitrary<JsonText>): fc.Arbitrary<JsonText> =>
  fc.array(fc.tuple(fc.constantFrom(...PROTOTYPE_KEYS), value), { minLength: 1, maxLength: 3 }).map((entries) => `{${entries.map(([key, v]) => `${JSON.stringify(key)}:${v}`).join(',')}}`);

/**
 * A value of the wrong type for any order field: scalars, odd strings, arrays, objects, array-likes
 * (`{"length": …}`, which code that reads `.length` on any value meets), prototype keys, and values
 * nested thousands of levels deep, also inside an array-like's `length`.
 */
export const wrongJsonText = (): fc.Arbitrary<JsonText> =>
  fc.letrec<{ value: JsonText }>((tie) => ({
    value: fc.oneof(
      { maxDepth: 4, depthSize: 'small', withCrossShrink: true },
      { weight: 5, arbitrary: scalarJsonText() },
      { weight: 2, arbitrary: fc.array(tie('value'), { maxLength: 3 }).map((values) => `[${values.join(',')}]`) },
      {
        weight: 2,
        arbitrary: fc.dictionary(oddText({ maxLength: 8 }), tie('value'), { maxKeys: 3 }).map(
          (record) =>
            `{${Object.entries(record)
              .map(([k, v]) => `${JSON.stringify(k)}:${v}`)
              .join(',')}}`,
        ),
      },
      { weight: 2, arbitrary: tie('value').map((length) => `{"length":${length}}`) },
      { weight: 1, arbitrary: prototypeKeysObjectText(tie('value')) },
      { weight: 1, arbitrary: deepJsonText({ minDepth: 1000, maxDepth: 12_000 }) },
    ),
  })).value;

/** A placeholder string that marks where {@link spliceJsonText} puts a fragment. */
export const SPLICE_MARK = '\u0000periscope-fuzz-splice\u0000';

/**
 * Writes `value` as JSON with each {@link SPLICE_MARK} string replaced by the next fragment, as text:
 * how a valid document gets a field no `JSON.stringify` would write.
 * @example
 * ```ts
 * spliceJsonText({ customerId: SPLICE_MARK }, ['[[[1]]]']); // '{"customerId":[[[1]]]}'
 * ```
 */
export function spliceJsonText(value: unknown, fragments: readonly JsonText[]): JsonText {
  const pieces = JSON.stringify(value).split(JSON.stringify(SPLICE_MARK));
  return pieces.map((piece, index) => (index === 0 ? piece : `${fragments[index - 1] ?? 'null'}${piece}`)).join('');
}

/** Mutations that make a JSON document unreadable (or readable only by accident). */
type Mutation = (text: string, at: number, extra: string) => string;

const MUTATIONS: Readonly<Record<string, Mutation>> = {
  truncate: (text, at) => text.slice(0, at),
  insert: (text, at, extra) => text.slice(0, at) + extra + text.slice(at),
  delete: (text, at) => text.slice(0, at) + text.slice(at + 1),
  singleQuotes: (text) => text.replace(/"/g, "'"),
  trailingComma: (text) => text.replace(/([}\]])$/, ',$1'),
  byteOrderMark: (text) => `\ufeff${text}`,
  trailingGarbage: (text, _at, extra) => `${text}${extra}`,
  comment: (text) => `/* order */${text}`,
  unquotedKeys: (text) => text.replace(/"(\w+)":/g, '$1:'),
  badEscape: (text, at) => `${text.slice(0, at)}"\\x41"${text.slice(at)}`,
  rawControlInString: (text) => text.replace(/"([^"]*)"/, '"$1\u0001"'),
  notANumber: (text) => text.replace(/(\d+(\.\d+)?)/, 'NaN'),
  leadingZero: (text) => text.replace(/(:)(\d)/, '$10$2'),
  lineSeparatorAsSpace: (text) => text.replace(/,/, ',\u2028'),
};

/**
 * `document` made unreadable: truncated, a character inserted or dropped, single quotes, a trailing
 * comma, a byte order mark, comments, unquoted keys, a bad escape, a raw control character, `NaN`,
 * leading zeros. A few mutations can leave it valid (a truncation at the very end): the handler must
 * cope either way.
 */
export const malformedJsonText = (document: fc.Arbitrary<JsonText>): fc.Arbitrary<JsonText> =>
  fc
    .tuple(document, fc.constantFrom(...Object.keys(MUTATIONS)), fc.nat(), oddText({ minLength: 1, maxLength: 3 }))
    .map(([text, name, position, extra]) => (MUTATIONS[name] as Mutation)(text, position % (text.length + 1), extra));
