/**
 * Currencies orders may be placed in, with the digits of their minor unit (ISO 4217).
 * A closed list keeps amounts exact and the `currency` metric dimension low-cardinality.
 */
export const SUPPORTED_CURRENCIES = {
  AUD: 2,
  CAD: 2,
  CHF: 2,
  EUR: 2,
  GBP: 2,
  JPY: 0,
  SEK: 2,
  USD: 2,
} as const;

/** A currency code orders may use. */
export type Currency = keyof typeof SUPPORTED_CURRENCIES;

/** Whether `code` is a {@link Currency}. */
export const isCurrency = (code: string): code is Currency => Object.hasOwn(SUPPORTED_CURRENCIES, code);

/**
 * Converts a major-unit amount (`12.34`) to integer minor units (`1234`), or `undefined` when it
 * has more decimals than the currency allows. Integers keep totals exact: 0.1 + 0.2 is 0.3 here.
 *
 * The amount must come back exactly from its minor units (`1234 / 100` is the same double as the
 * client's `12.34`), so 1.005 EUR is refused, and so are tiny amounts like `1e-9` or `5e-324` that a
 * tolerance would round to 0 — and that DynamoDB would refuse to store (found by `npm run fuzz`).
 */
export function toMinorUnits(amount: number, currency: Currency): number | undefined {
  const scale = 10 ** SUPPORTED_CURRENCIES[currency];
  const minor = Math.round(amount * scale);
  return minor / scale === amount ? minor : undefined;
}

/** Converts integer minor units back to a major-unit amount. */
export const fromMinorUnits = (minor: number, currency: Currency): number => minor / 10 ** SUPPORTED_CURRENCIES[currency];
