/** The statistics CloudWatch names by a word (`Statistic`, as opposed to an `ExtendedStatistic`). */
export const SIMPLE_STATISTICS = ['Sum', 'Average', 'Minimum', 'Maximum', 'SampleCount'] as const;

/** One of {@link SIMPLE_STATISTICS}. */
export type SimpleStatistic = (typeof SIMPLE_STATISTICS)[number];

/** A percentile, CloudWatch's `pNN` / `pNN.NN` extended statistic (`p99`, `p99.9`). */
export type Percentile = `p${number}`;

/**
 * A CloudWatch statistic as alarms, graphs and `MetricStat.Stat` name it: `Sum`, `Average`,
 * `Minimum`, `Maximum`, `SampleCount`, or a percentile such as `p99` or `p99.9`.
 */
export type Statistic = SimpleStatistic | Percentile;

/**
 * What a {@link Statistic} computes: one of the simple statistics, or a percentile with its percent.
 */
export type ParsedStatistic = { readonly kind: SimpleStatistic } | { readonly kind: 'percentile'; readonly percent: number };

/**
 * The statistics Periscope accepts, as one pattern: the simple statistics, or a percentile from
 * `p0` to `p100` with up to two decimals (CloudWatch's limit on an `ExtendedStatistic`).
 * Trimmed means (`TM99`) and the other extended statistics are not in it.
 */
export const STATISTIC_PATTERN = /^(Sum|Average|Minimum|Maximum|SampleCount|p(\d{1,2}(\.\d{1,2})?|100))$/;

/**
 * Reads a statistic: what it computes, or `undefined` when it is not one {@link STATISTIC_PATTERN} accepts.
 * @example
 * ```ts
 * parseStatistic('p99.9'); // { kind: 'percentile', percent: 99.9 }
 * parseStatistic('Sum'); // { kind: 'Sum' }
 * parseStatistic('TM99'); // undefined
 * ```
 */
export function parseStatistic(stat: string): ParsedStatistic | undefined {
  if (!STATISTIC_PATTERN.test(stat)) return undefined;
  return stat.startsWith('p') ? { kind: 'percentile', percent: Number(stat.slice(1)) } : { kind: stat as SimpleStatistic };
}

/** True for a string {@link STATISTIC_PATTERN} accepts. */
export const isStatistic = (value: unknown): value is Statistic => typeof value === 'string' && STATISTIC_PATTERN.test(value);

/**
 * A statistic in CloudWatch's spelling, whatever its case: alarm notifications write the simple
 * statistics in capitals (`SUM`); anything else is returned as given.
 * @example
 * ```ts
 * canonicalStatistic('SAMPLECOUNT'); // 'SampleCount'
 * canonicalStatistic('p99'); // 'p99'
 * ```
 */
export const canonicalStatistic = (stat: string): string => SIMPLE_STATISTICS.find((simple) => simple.toUpperCase() === stat.toUpperCase()) ?? stat;
