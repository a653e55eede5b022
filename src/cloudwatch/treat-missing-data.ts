/**
 * What an alarm does with a period that has no datapoint, CloudWatch's `TreatMissingData`:
 * `breaching` and `notBreaching` count it as such, `ignore` keeps the alarm's state, `missing`
 * (CloudWatch's default) lets the alarm go to INSUFFICIENT_DATA when there is no data at all.
 */
export const TREAT_MISSING_DATA = ['breaching', 'notBreaching', 'ignore', 'missing'] as const;

/** One of {@link TREAT_MISSING_DATA}. */
export type TreatMissingData = (typeof TREAT_MISSING_DATA)[number];

/** True for one of {@link TREAT_MISSING_DATA}. */
export const isTreatMissingData = (value: unknown): value is TreatMissingData => (TREAT_MISSING_DATA as readonly unknown[]).includes(value);
