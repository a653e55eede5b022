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
 */
export function toMinorUnits(amount: number, currency: Currency): number | undefined {
  const scale = 10 ** SUPPORTED_CURRENCIES[currency];
  const minor = Math.round(amount * scale);
  return Math.abs(minor - amount * scale) < 1e-6 ? minor : undefined;
}

/** Converts integer minor units back to a major-unit amount. */
export const fromMinorUnits = (minor: number, currency: Currency): number => minor / 10 ** SUPPORTED_CURRENCIES[currency];
