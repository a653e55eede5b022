/** What Periscope knows about one comparison operator. */
export interface ComparisonOperatorInfo {
  /** True for the operators that compare with an anomaly detection band (`ThresholdMetricId`) rather than a `Threshold`. */
  readonly band: boolean;
  /** How the Slack notifier shows it before the threshold (`≥ 5`) or the band's id (`outside the band band`, for a band with id `band`). */
  readonly shown: string;
  /** How CloudWatch words it in a `StateReason`: "were greater than the threshold (5.0)". */
  readonly stateReason: string;
}

/**
 * Every `ComparisonOperator` CloudWatch has, with the band operators marked and the words used for
 * each. The last three compare with an anomaly detection band.
 * @example
 * ```ts
 * COMPARISON_OPERATORS.GreaterThanOrEqualToThreshold.shown; // '≥'
 * COMPARISON_OPERATORS.LessThanLowerThreshold.band; // true
 * ```
 */
export const COMPARISON_OPERATORS = {
  GreaterThanOrEqualToThreshold: { band: false, shown: '≥', stateReason: 'greater than or equal to the threshold' },
  GreaterThanThreshold: { band: false, shown: '>', stateReason: 'greater than the threshold' },
  LessThanThreshold: { band: false, shown: '<', stateReason: 'less than the threshold' },
  LessThanOrEqualToThreshold: { band: false, shown: '≤', stateReason: 'less than or equal to the threshold' },
  LessThanLowerOrGreaterThanUpperThreshold: { band: true, shown: 'outside the band', stateReason: 'less than the lower thresholds' },
  LessThanLowerThreshold: { band: true, shown: 'below the band', stateReason: 'less than the lower thresholds' },
  GreaterThanUpperThreshold: { band: true, shown: 'above the band', stateReason: 'greater than the upper thresholds' },
} as const satisfies Readonly<Record<string, ComparisonOperatorInfo>>;

/** A CloudWatch `ComparisonOperator`: one of {@link COMPARISON_OPERATORS}' keys. */
export type ComparisonOperator = keyof typeof COMPARISON_OPERATORS;

/** {@link COMPARISON_OPERATORS}' keys, in its order. */
export const COMPARISON_OPERATOR_NAMES = Object.keys(COMPARISON_OPERATORS) as readonly ComparisonOperator[];

/** True for a CloudWatch comparison operator. */
export const isComparisonOperator = (value: unknown): value is ComparisonOperator => typeof value === 'string' && Object.hasOwn(COMPARISON_OPERATORS, value);
