import { formatRatio, formatUs } from '../figures';

/** How a goal's figure reads: a ratio (`0.93×`) or an overhead in µs (`+42.0 µs`). */
export type GoalUnit = 'ratio' | 'us';

/** One of issue 15's goals, judged on this run's figures: `value ≤ limit`. */
export interface Goal {
  /** What is asked, in words (`default ≤ stock Powertools cold start`). */
  readonly goal: string;
  /** This run's figure. */
  readonly value: number;
  /** The most it may be (a fixed budget, or another row's figure of the same run). */
  readonly limit: number;
  readonly unit: GoalUnit;
  /** `value ≤ limit`; a figure that is not a number (a side that was not measured) never meets it. */
  readonly met: boolean;
}

/**
 * Judges a figure against its limit. Ratios are compared as printed (to 2 decimals), so a goal never
 * reads `1.00× ≤ 1.00×: not met`.
 * @example
 * ```ts
 * judgeGoal('lean ≤ 1.10× bare', 1.07, 1.1, 'ratio'); // { …, met: true }
 * ```
 */
export function judgeGoal(goal: string, value: number, limit: number, unit: GoalUnit): Goal {
  const asPrinted = (figure: number): number => (unit === 'ratio' ? Number(figure.toFixed(2)) : Number(figure.toFixed(1)));
  const met = Number.isFinite(value) && Number.isFinite(limit) && asPrinted(value) <= asPrinted(limit);
  return { goal, value, limit, unit, met };
}

const formatFigure = (value: number, unit: GoalUnit): string => (unit === 'ratio' ? formatRatio(value) : formatUs(value, true));

/**
 * A goal as a note line: `goal default ≤ stock Powertools cold start: 0.93× (limit 1.00×): met`,
 * with `by` how much it was missed when it was.
 */
export function goalNote(goal: Goal): string {
  const verdict = goal.met ? 'met' : `NOT MET, over by ${goal.unit === 'ratio' ? `${(goal.value - goal.limit).toFixed(2)}×` : formatUs(goal.value - goal.limit)}`;
  return `goal ${goal.goal}: ${formatFigure(goal.value, goal.unit)} (limit ${formatFigure(goal.limit, goal.unit)}): ${verdict}`;
}
