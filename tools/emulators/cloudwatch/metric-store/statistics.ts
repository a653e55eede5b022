import { type ParsedStatistic, parseStatistic, SIMPLE_STATISTICS } from '../../../../src/cloudwatch';
import { MetricQueryError } from './types';

/** What the local store computes, in words for an error message. */
export const COMPUTED_STATISTICS = `${SIMPLE_STATISTICS.join(', ')}, p0–p100`;

/**
 * Reads a statistic as dashboards and alarms name it (see `parseStatistic` in the CloudWatch
 * vocabulary): `Sum`, `Average`, `Minimum`, `Maximum`, `SampleCount`, or a percentile `pNN` / `pNN.NN`
 * between p0 and p100.
 *
 * @throws {MetricQueryError} naming the statistic when it is none of these (trimmed means such as
 * `TM99` and the other extended statistics are not computed locally).
 * @example
 * ```ts
 * readStatistic('p99'); // { kind: 'percentile', percent: 99 }
 * ```
 */
export function readStatistic(stat: string): ParsedStatistic {
  const statistic = parseStatistic(stat);
  if (statistic === undefined) throw new MetricQueryError(`statistic "${stat}" is not one the local store computes (${COMPUTED_STATISTICS})`);
  return statistic;
}

/**
 * The statistic of a period's raw values (at least one). Percentiles use the nearest-rank method
 * over the raw samples: the smallest value with at least `percent`% of the samples at or below it
 * (p0 is the minimum). CloudWatch's own percentiles are estimates from its sketch of the values, so a
 * local p99 over a few samples may differ from CloudWatch's by one sample.
 */
export function computeStatistic(values: readonly number[], statistic: ParsedStatistic): number {
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
