import { MetricQueryError } from './types';

/** A statistic CloudWatch computes over the values of one period. */
export type Statistic = { readonly kind: 'Sum' | 'Average' | 'Minimum' | 'Maximum' | 'SampleCount' } | { readonly kind: 'percentile'; readonly percent: number };

const SIMPLE = ['Sum', 'Average', 'Minimum', 'Maximum', 'SampleCount'] as const;
const PERCENTILE = /^p(\d{1,3}(?:\.\d+)?)$/;

/**
 * Reads a statistic as dashboards and alarms name it: `Sum`, `Average`, `Minimum`, `Maximum`,
 * `SampleCount`, or a percentile `pNN` / `pNN.N` between p0 and p100.
 *
 * @throws {MetricQueryError} naming the statistic when it is none of these (trimmed means such as
 * `TM99` and the other extended statistics are not computed locally).
 * @example
 * ```ts
 * parseStatistic('p99'); // { kind: 'percentile', percent: 99 }
 * ```
 */
export function parseStatistic(stat: string): Statistic {
  if ((SIMPLE as readonly string[]).includes(stat)) return { kind: stat as (typeof SIMPLE)[number] };
  const match = PERCENTILE.exec(stat);
  const percent = match?.[1] === undefined ? NaN : Number(match[1]);
  if (!Number.isFinite(percent) || percent < 0 || percent > 100) {
    throw new MetricQueryError(`statistic "${stat}" is not one the local store computes (Sum, Average, Minimum, Maximum, SampleCount, p0–p100)`);
  }
  return { kind: 'percentile', percent };
}

/**
 * The statistic of a period's raw values (at least one). Percentiles use the nearest-rank method
 * over the raw samples: the smallest value with at least `percent`% of the samples at or below it
 * (p0 is the minimum). CloudWatch's own percentiles are estimates from its sketch of the values, so a
 * local p99 over a few samples may differ from CloudWatch's by one sample.
 */
export function computeStatistic(values: readonly number[], statistic: Statistic): number {
  switch (statistic.kind) {
    case 'Sum':
      return values.reduce((sum, value) => sum + value, 0);
    case 'Average':
      return values.reduce((sum, value) => sum + value, 0) / values.length;
    case 'Minimum':
      return Math.min(...values);
    case 'Maximum':
      return Math.max(...values);
    case 'SampleCount':
      return values.length;
    case 'percentile': {
      const sorted = [...values].sort((a, b) => a - b);
      const rank = Math.max(1, Math.ceil((statistic.percent / 100) * sorted.length));
      return sorted[rank - 1] as number;
    }
  }
}
