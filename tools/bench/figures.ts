/**
 * Small helpers the bench sections share: the mean of samples (order statistics are
 * `support/stats.ts`'s `summarize`) and the formatting of table cells.
 */

/** Thrown when a figure cannot be computed from what was measured; the message names the input. */
export class FigureError extends Error {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'FigureError';
  }
}

const nonEmpty = (samples: readonly number[], what: string): readonly number[] => {
  if (samples.length === 0) throw new FigureError(`no samples to take the ${what} of`);
  return samples;
};

/**
 * The arithmetic mean of `samples`.
 * @throws {FigureError} when there are no samples
 */
export function mean(samples: readonly number[]): number {
  return nonEmpty(samples, 'mean').reduce((sum, value) => sum + value, 0) / samples.length;
}

/** Rounds to `digits` decimals, so figures in results.json read cleanly. */
export const rounded = (value: number, digits = 2): number => Number(value.toFixed(digits));

/** Bytes for a table cell: `1,234 B`. */
export const formatBytes = (bytes: number): string => `${Math.round(bytes).toLocaleString('en-US')} B`;

/** Bytes in KiB for a table cell: `123.4 KiB`. */
export const formatKiB = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`;

/** Dollars for a table cell, with enough decimals for fractions of a cent: `$0.0123`. */
export const formatUsd = (usd: number): string => `$${usd.toFixed(4)}`;

/** Milliseconds for a table cell: `12.3 ms`. */
export const formatMs = (ms: number): string => `${ms.toFixed(1)} ms`;

/** A share for a table cell: `12.3%` (`digits` decimals). */
export const formatPercent = (share: number, digits = 1): string => `${(share * 100).toFixed(digits)}%`;

/** A list price for a note or cell: `$0.50`. */
export const formatPrice = (usd: number): string => `$${usd.toFixed(2)}`;

/** Microseconds, with a sign when `signed` (an overhead). */
export const formatUs = (us: number, signed = false): string => `${signed && us >= 0 ? '+' : ''}${us.toFixed(1)} µs`;

/** A ratio (`1.57×`), `—` when there is none. */
export const formatRatio = (ratio: number | undefined): string => (ratio === undefined ? '—' : `${ratio.toFixed(2)}×`);
