import fc from 'fast-check';

/**
 * Characters that break naive text handling, by why: each is a single UTF-16 string, some of them
 * two code units (astral) and some not valid Unicode on their own (lone surrogates).
 */
export const ODD_CHARACTERS = {
  /** U+202E RIGHT-TO-LEFT OVERRIDE, U+200F RIGHT-TO-LEFT MARK, U+2067 RIGHT-TO-LEFT ISOLATE, Hebrew and Arabic letters. */
  rightToLeft: ['\u202e', '\u200f', '\u2067', '\u05e9', '\u0645'],
  /** ZERO WIDTH SPACE, NON-JOINER, JOINER, WORD JOINER, and the byte order mark. */
  zeroWidth: ['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff'],
  /** NUL, other C0 controls, DEL, a C1 control, the line and paragraph separators JSON allows and JavaScript once did not. */
  controls: ['\u0000', '\u0001', '\t', '\n', '\r', '\u001b', '\u007f', '\u0085', '\u2028', '\u2029'],
  /** A combining accent, a non-character and the replacement character. */
  marks: ['\u0301', '\uffff', '\ufffd'],
  /** Characters that mean something in paths, queries, JSON and logs. */
  syntax: ['/', '\\', '%', '?', '#', '&', '=', '"', "'", '<', '>', '{', '}', '[', ']', ':', ',', '.', ' ', '+', '*', '$'],
} as const;

/** A lone UTF-16 surrogate (U+D800–U+DFFF): not valid Unicode, and not encodable as UTF-8. */
export const loneSurrogate = (): fc.Arbitrary<string> => fc.integer({ min: 0xd800, max: 0xdfff }).map((unit) => String.fromCharCode(unit));

/** A code point beyond the Basic Multilingual Plane (emoji, historic scripts, private use): two UTF-16 units. */
export const astralCharacter = (): fc.Arbitrary<string> =>
  fc.oneof(
    fc.constantFrom('\u{1f600}', '\u{1f468}\u200d\u{1f469}\u200d\u{1f467}', '\u{1d11e}', '\u{10ffff}', '\u{e0001}'),
    fc.integer({ min: 0x10000, max: 0x10ffff }).map((point) => String.fromCodePoint(point)),
  );

/** One character of {@link oddText}: mostly plain ASCII, else one of the odd kinds above. */
export const oddCharacter = (): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }) },
    { weight: 1, arbitrary: fc.constantFrom(...ODD_CHARACTERS.rightToLeft) },
    { weight: 1, arbitrary: fc.constantFrom(...ODD_CHARACTERS.zeroWidth) },
    { weight: 1, arbitrary: fc.constantFrom(...ODD_CHARACTERS.controls) },
    { weight: 1, arbitrary: fc.constantFrom(...ODD_CHARACTERS.marks) },
    { weight: 2, arbitrary: fc.constantFrom(...ODD_CHARACTERS.syntax) },
    { weight: 2, arbitrary: astralCharacter() },
    { weight: 1, arbitrary: loneSurrogate() },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }) },
  );

/** Options of {@link oddText}. */
export interface OddTextOptions {
  /** @default 0 */
  readonly minLength?: number;
  /** In characters of {@link oddCharacter} (an astral one is two UTF-16 units). @default 40 */
  readonly maxLength?: number;
}

/**
 * Short text full of what breaks naive handling: astral planes, lone surrogates, right-to-left
 * overrides, zero-width characters, controls, and path/query/JSON syntax.
 * @example
 * ```ts
 * fc.sample(oddText({ maxLength: 8 }), 1); // e.g. [ 'a\u202e\ud83d/%\u0000' ]
 * ```
 */
export const oddText = (options: OddTextOptions = {}): fc.Arbitrary<string> => fc.string({ unit: oddCharacter(), minLength: options.minLength ?? 0, maxLength: options.maxLength ?? 40 });

/** Options of {@link hugeText}. */
export interface HugeTextOptions {
  /** @default 1024 */
  readonly minLength?: number;
  /** @default 300 * 1024 */
  readonly maxLength?: number;
}

/**
 * A long text, built by repeating a short odd piece so that generating (and shrinking) a few hundred
 * kilobytes costs a `String.repeat`, not a random draw per character. Shrinks towards `minLength`.
 * The length is in UTF-16 units, cut to exactly the drawn length (which may split a surrogate pair:
 * one more way to be odd).
 */
export const hugeText = (options: HugeTextOptions = {}): fc.Arbitrary<string> => {
  const minLength = options.minLength ?? 1024;
  const maxLength = options.maxLength ?? 300 * 1024;
  return fc
    .tuple(fc.oneof(fc.constant('x'), oddText({ minLength: 1, maxLength: 6 })), fc.integer({ min: minLength, max: maxLength }))
    .map(([piece, length]) => piece.repeat(Math.ceil(length / piece.length)).slice(0, length));
};
