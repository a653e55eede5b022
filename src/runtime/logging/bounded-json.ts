/**
 * Turns any value into JSON that cannot throw and cannot outgrow a log line: what `JSON.stringify`
 * chokes on (a getter that throws, a cycle, a BigInt, a `toJSON` that throws) becomes a readable
 * marker, long strings are cut, and every cut is listed so a reader knows what is missing. Pure.
 */

/** Limits for {@link boundedJson}. */
export interface BoundedJsonLimits {
  /** The serialised line must stay under this many UTF-8 bytes. */
  readonly maxBytes: number;
  /** Longer strings are cut to this many characters (then less, until the line fits). @default 8192 */
  readonly maxStringChars?: number;
  /** Deeper values are replaced by a marker. @default 12 */
  readonly maxDepth?: number;
  /** Top-level keys kept when everything else had to go. @default none */
  readonly essentialKeys?: readonly string[];
}

/** A line that fits, and what was cut to make it fit (paths like `body.items[3].note`). */
export interface BoundedJson {
  readonly json: string;
  readonly cut: readonly string[];
}

/** The attribute listing what a bounded line lost. */
export const TRUNCATED_KEY = 'log_truncated';
const MAX_LISTED_CUTS = 20;

const describeError = (error: unknown): string => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));

const pathOf = (parent: string, key: string | number): string => (typeof key === 'number' ? `${parent}[${key}]` : parent === '' ? key : `${parent}.${key}`);

class Walker {
  readonly cut: string[] = [];
  readonly #seen = new Set<object>();
  readonly #maxStringChars: number;
  readonly #maxDepth: number;

  public constructor(maxStringChars: number, maxDepth: number) {
    this.#maxStringChars = maxStringChars;
    this.#maxDepth = maxDepth;
  }

  public walk(value: unknown, path: string, depth: number): unknown {
    switch (typeof value) {
      case 'string':
        if (value.length <= this.#maxStringChars) return value;
        this.cut.push(path);
        return `${value.slice(0, this.#maxStringChars)}…[cut ${value.length - this.#maxStringChars} of ${value.length} chars]`;
      case 'bigint':
        return value.toString();
      case 'number':
      case 'boolean':
        return value;
      case 'object':
        return value === null ? null : this.#walkObject(value, path, depth);
      default:
        return undefined; // functions, symbols, undefined: JSON leaves them out
    }
  }

  #walkObject(value: object, path: string, depth: number): unknown {
    if (this.#seen.has(value)) return '[Circular]';
    if (depth >= this.#maxDepth) {
      this.cut.push(path);
      return '[Depth limit]';
    }
    this.#seen.add(value);
    try {
      if (value instanceof Error) return this.#walkObject({ name: value.name, message: value.message, stack: value.stack }, path, depth);
      const toJson = (value as { toJSON?: unknown }).toJSON;
      if (typeof toJson === 'function') return this.walk(toJson.call(value), path, depth + 1);
      if (Array.isArray(value)) return value.map((item, index) => this.walk(item, pathOf(path, index), depth + 1) ?? null);
      const copy: Record<string, unknown> = {};
      for (const key of Object.keys(value)) {
        try {
          const walked = this.walk((value as Record<string, unknown>)[key], pathOf(path, key), depth + 1);
          if (walked !== undefined) copy[key] = walked;
        } catch (error) {
          copy[key] = `[Unreadable: ${describeError(error)}]`;
        }
      }
      return copy;
    } catch (error) {
      return `[Unreadable: ${describeError(error)}]`;
    } finally {
      this.#seen.delete(value);
    }
  }
}

/**
 * A plain copy of `value` that `JSON.stringify` cannot choke on: getters and `toJSON`s that throw
 * become `[Unreadable: …]`, cycles `[Circular]`, BigInts strings, errors `{ name, message, stack }`.
 */
export function readableCopy(value: unknown, maxDepth = 12): unknown {
  return new Walker(Number.MAX_SAFE_INTEGER, maxDepth).walk(value, '', 0);
}

/**
 * Serialises `attributes` (a log line's top-level object) so that it never throws and fits in
 * `limits.maxBytes`: first with strings cut to `maxStringChars`, then to ever shorter lengths, and
 * as a last resort keeping only `essentialKeys`. Whatever was cut is listed under {@link TRUNCATED_KEY}.
 *
 * @example
 * ```ts
 * const looped: Record<string, unknown> = { a: 1 };
 * looped.self = looped;
 * boundedJson({ message: 'x'.repeat(1e6), looped }, { maxBytes: 4096 }).json;
 * // {"message":"xxx…[cut … of 1000000 chars]","looped":{"a":1,"self":"[Circular]"},"log_truncated":["message"]}
 * ```
 */
export function boundedJson(attributes: Readonly<Record<string, unknown>>, limits: BoundedJsonLimits): BoundedJson {
  const maxDepth = limits.maxDepth ?? 12;
  for (let maxStringChars = limits.maxStringChars ?? 8192; maxStringChars >= 64; maxStringChars = Math.floor(maxStringChars / 4)) {
    const walker = new Walker(maxStringChars, maxDepth);
    const copy = walker.walk(attributes, '', 0) as Record<string, unknown>;
    const cut = walker.cut;
    const json = JSON.stringify(cut.length > 0 ? { ...copy, [TRUNCATED_KEY]: cut.slice(0, MAX_LISTED_CUTS) } : copy);
    if (Buffer.byteLength(json) <= limits.maxBytes) return { json, cut };
  }
  const walker = new Walker(256, 2);
  const essentials: Record<string, unknown> = {};
  for (const key of limits.essentialKeys ?? []) {
    if (key in attributes) essentials[key] = walker.walk(attributes[key], key, 0);
  }
  const dropped = Object.keys(attributes).filter((key) => !(key in essentials));
  const cut = [...walker.cut, ...dropped];
  return { json: JSON.stringify({ ...essentials, [TRUNCATED_KEY]: cut.slice(0, MAX_LISTED_CUTS) }), cut };
}
