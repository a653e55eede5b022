/** Raised for an event pattern this stand-in cannot match faithfully. */
export class UnsupportedEventPatternError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'UnsupportedEventPatternError';
  }
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** One value of a pattern's array against one event value: an exact scalar, `{ prefix }` or `{ 'anything-but': [...] }`. */
function matchesValue(matcher: unknown, value: unknown, path: string): boolean {
  if (!isObject(matcher)) return matcher === value;
  const [operator, operand] = Object.entries(matcher)[0] ?? [];
  if (operator === 'prefix' && typeof operand === 'string') return typeof value === 'string' && value.startsWith(operand);
  if (operator === 'anything-but' && Array.isArray(operand)) return value !== undefined && !operand.includes(value);
  throw new UnsupportedEventPatternError(`${path}: the matcher ${JSON.stringify(matcher)} is not supported here (exact values, prefix and anything-but are)`);
}

/** A field's matchers against the event's value there: an array value matches when any element does. */
function matchesField(matchers: readonly unknown[], value: unknown, path: string): boolean {
  const values = Array.isArray(value) ? value : [value];
  return values.some((v) => matchers.some((m) => matchesValue(m, v, path)));
}

/**
 * Whether an event matches an EventBridge event pattern, as EventBridge decides it for the parts
 * of the pattern language Periscope's rules use: nested fields, arrays of exact values (any of
 * them), `prefix` and `anything-but`; every field of the pattern must match, and a field the event
 * lacks matches nothing. Array fields of the event (`resources`) match when any element does.
 *
 * @throws {@link UnsupportedEventPatternError} for any other matcher, rather than guess
 */
export function matchesEventPattern(pattern: unknown, event: unknown, path = 'pattern'): boolean {
  if (!isObject(pattern)) throw new UnsupportedEventPatternError(`${path} is ${JSON.stringify(pattern)}: an event pattern is an object`);
  return Object.entries(pattern).every(([key, expected]) => {
    const value = isObject(event) ? event[key] : undefined;
    if (Array.isArray(expected)) return matchesField(expected, value, `${path}.${key}`);
    return isObject(value) && matchesEventPattern(expected, value, `${path}.${key}`);
  });
}

/**
 * What an input transformer with no input paths sends the target: its template, with EventBridge's
 * reserved `<aws.events.event.json>` replaced by the whole event.
 */
export function transformInput(inputTemplate: string, event: unknown): unknown {
  // A replacer function, not a string: `$&`, `$$` and the like in the event are text, not patterns.
  const json = JSON.stringify(event);
  return JSON.parse(inputTemplate.replaceAll('<aws.events.event.json>', () => json));
}
