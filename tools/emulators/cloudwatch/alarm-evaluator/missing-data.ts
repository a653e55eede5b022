import type { AlarmState, TreatMissingData } from './types';

/** How one period of the evaluation range compares: a real datapoint that breaches, one that does not, or none. */
export type DatapointClass = 'breaching' | 'notBreaching' | 'missing';

/**
 * Periods CloudWatch retrieves beyond `EvaluationPeriods` when it evaluates (the *evaluation range*).
 * CloudWatch says only that it retrieves "a higher number of data points" depending on the period;
 * its documented example retrieves 5 for 3 evaluation periods, so this evaluator uses N + 2.
 */
export const EXTRA_EVALUATION_PERIODS = 2;

/** The number of periods in the evaluation range of an alarm with `evaluationPeriods` N. */
export const evaluationRangeLength = (evaluationPeriods: number): number => evaluationPeriods + EXTRA_EVALUATION_PERIODS;

/** What {@link decideAlarmState} decided, and on which datapoints. */
export interface AlarmDecision {
  /** The new state, or `retain` to keep the current one (`ignore`, with too little data to decide). */
  readonly state: AlarmState | 'retain';
  /** Indexes in the range of the real datapoints evaluated, oldest first. */
  readonly evaluated: readonly number[];
  /** How many missing datapoints were filled in, and as what. */
  readonly filled: number;
  readonly filledAs?: 'breaching' | 'notBreaching';
  /** Breaching datapoints among those evaluated, filled ones included. */
  readonly breaching: number;
}

/**
 * The M-out-of-N decision over an evaluation range, with CloudWatch's documented handling of missing
 * datapoints ("How alarm state is evaluated when data is missing"):
 *
 * - At least N real datapoints in the range: the N most recent real ones are evaluated; how missing
 *   data is treated does not matter.
 * - Fewer than N: every real datapoint in the range is evaluated, and only as many missing ones as
 *   it takes to make N are filled in — as breaching (`breaching`) or not breaching (`notBreaching`).
 * - `missing` and `ignore` fill in nothing: M breaching real datapoints still alarm; a real
 *   non-breaching one makes it OK. With only breaching ones, fewer than M, `ignore` keeps the current
 *   state and `missing` goes to ALARM when the N-period window opened by the oldest of them has run
 *   out (the data stopped after breaching: the docs' `X - - - -`), else to INSUFFICIENT_DATA (too
 *   little data yet: `- - - - X`). That last rule is this evaluator's reading of the docs' table,
 *   which it reproduces row for row.
 * - No real datapoint at all: `missing` → INSUFFICIENT_DATA, `ignore` → current state kept,
 *   `breaching` → ALARM, `notBreaching` → OK.
 *
 * @param range the range's periods, oldest first (see {@link evaluationRangeLength})
 * @example
 * ```ts
 * // The docs' "0 - X - X" with 2 out of 3: ALARM whatever the treatment
 * decideAlarmState(['notBreaching', 'missing', 'breaching', 'missing', 'breaching'], 3, 2, 'missing').state; // 'ALARM'
 * ```
 */
export function decideAlarmState(range: readonly DatapointClass[], evaluationPeriods: number, datapointsToAlarm: number, treatment: TreatMissingData): AlarmDecision {
  const real = range.flatMap((value, i) => (value === 'missing' ? [] : [i]));
  const breachingOf = (indexes: readonly number[]): number => indexes.filter((i) => range[i] === 'breaching').length;
  const verdict = (breaching: number): AlarmState => (breaching >= datapointsToAlarm ? 'ALARM' : 'OK');

  if (real.length >= evaluationPeriods) {
    const evaluated = real.slice(-evaluationPeriods);
    const breaching = breachingOf(evaluated);
    return { state: verdict(breaching), evaluated, filled: 0, breaching };
  }
  const missingCount = evaluationPeriods - real.length;
  const breaching = breachingOf(real);
  if (treatment === 'breaching') return { state: verdict(breaching + missingCount), evaluated: real, filled: missingCount, filledAs: 'breaching', breaching: breaching + missingCount };
  if (treatment === 'notBreaching') return { state: verdict(breaching), evaluated: real, filled: missingCount, filledAs: 'notBreaching', breaching };

  const decided = (state: AlarmState | 'retain'): AlarmDecision => ({ state, evaluated: real, filled: 0, breaching });
  if (real.length === 0) return decided(treatment === 'ignore' ? 'retain' : 'INSUFFICIENT_DATA');
  if (breaching >= datapointsToAlarm) return decided('ALARM');
  if (breaching < real.length) return decided('OK');
  if (treatment === 'ignore') return decided('retain');
  const oldest = real[0] as number;
  return decided(oldest <= range.length - evaluationPeriods ? 'ALARM' : 'INSUFFICIENT_DATA');
}
