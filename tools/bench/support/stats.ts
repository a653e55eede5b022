import { BenchError } from './errors';

/** Order statistics of one set of samples, in the samples' unit. */
export interface Summary {
  /** How many samples. */
  readonly count: number;
  readonly min: number;
  readonly max: number;
  /** 25th percentile. */
  readonly p25: number;
  /** 50th percentile. */
  readonly median: number;
  /** 75th percentile. */
  readonly p75: number;
  /** 99th percentile. */
  readonly p99: number;
}

/**
 * The `q` quantile of values already sorted ascending, interpolating linearly between the two
 * nearest ranks (the R-7 / NumPy default definition).
 *
 * @throws {BenchError} when `sorted` is empty or `q` is not within 0–1
 * @example
 * ```ts
 * quantile([1, 2, 3, 4], 0.5); // 2.5
 * ```
 */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) throw new BenchError('quantile of no samples: the list is empty');
  if (!(q >= 0 && q <= 1)) throw new BenchError(`quantile q must be between 0 and 1, got ${q}`);
  const rank = (sorted.length - 1) * q;
  const below = Math.floor(rank);
  const lower = sorted[below] as number;
  const upper = sorted[Math.min(below + 1, sorted.length - 1)] as number;
  return lower + (upper - lower) * (rank - below);
}

/**
 * Summarises samples: count, min, max, p25, median, p75, p99. The input is not changed.
 *
 * @throws {BenchError} when there are no samples or one is not a finite number (naming its index)
 * @example
 * ```ts
 * summarize([3, 1, 2]).median; // 2
 * ```
 */
export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) throw new BenchError('cannot summarise an empty list of samples');
  const bad = values.findIndex((value) => !Number.isFinite(value));
  if (bad !== -1) throw new BenchError(`sample ${bad} is not a finite number: ${String(values[bad])}`);
  const sorted = Float64Array.from(values).sort();
  const list = Array.from(sorted);
  return {
    count: list.length,
    min: list[0] as number,
    max: list[list.length - 1] as number,
    p25: quantile(list, 0.25),
    median: quantile(list, 0.5),
    p75: quantile(list, 0.75),
    p99: quantile(list, 0.99),
  };
}
