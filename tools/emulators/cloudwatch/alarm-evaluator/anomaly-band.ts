import type { Points } from '../metric-store';

const DAY_MS = 86_400_000;

/** The expected range of one period's value. */
export interface AnomalyBand {
  readonly lower: number;
  readonly upper: number;
  /** The expected value: the mean of the history samples. */
  readonly center: number;
  /** The standard deviation used, after the floor. */
  readonly spread: number;
  /** How many history values it was built from. */
  readonly samples: number;
  /** `same-time-of-day` with at least a day of history, else `trailing-24h`. */
  readonly basis: 'same-time-of-day' | 'trailing-24h';
}

/** The knobs of the local band model, with the values the evaluator uses. */
export const ANOMALY_BAND_MODEL = {
  /** Previous days looked at for the same time of day. */
  maxDays: 14,
  /** How far around the same time of day a previous day's values count (either side), in ms. */
  timeOfDayWindowMs: 3_600_000,
  /** Fewer history values than this: no band (the datapoint is missing). */
  minSamples: 12,
  /** The spread is at least this share of |center|... */
  minSpreadFraction: 0.05,
  /** ...and at least this much, so a flat series still has a band. */
  minSpread: 0.001,
} as const;

/** The band model's settings; see {@link ANOMALY_BAND_MODEL}. */
export type AnomalyBandModel = { readonly [K in keyof typeof ANOMALY_BAND_MODEL]: number };

/** How far before a period the band model reads history, in ms. */
export const anomalyHistoryMs = (model: Partial<AnomalyBandModel> = {}): number => {
  const { maxDays, timeOfDayWindowMs } = { ...ANOMALY_BAND_MODEL, ...model };
  return maxDays * DAY_MS + timeOfDayWindowMs;
};

/**
 * A local stand-in for `ANOMALY_DETECTION_BAND(m, width)` at the period starting at `at`. CloudWatch
 * trains a machine-learning model on up to two weeks of the metric, with daily and weekly patterns;
 * its bands cannot be reproduced here, so this is a documented approximation:
 *
 * - With at least a day of history before `at`: the samples are the metric's period values within
 *   one hour either side of the same time of day on each of the previous days (up to 14).
 * - With less than a day of history: the samples are the period values of the trailing 24 hours.
 * - center = mean of the samples; spread = their (population) standard deviation, floored at 5% of
 *   |center| and at 0.001 so a flat series still has a band; band = center ± width × spread.
 * - Fewer than 12 samples: no band, and the alarm sees a missing datapoint.
 *
 * @param series the metric's period values (period start → value), history included; values at or
 * after `at` are not used
 * @example
 * ```ts
 * anomalyBand(history, Date.parse('2026-11-23T10:00:00Z'), 3); // { lower: 17.2, upper: 22.9, ... }
 * ```
 */
export function anomalyBand(series: Points, at: number, width: number, model: Partial<AnomalyBandModel> = {}): AnomalyBand | undefined {
  const settings = { ...ANOMALY_BAND_MODEL, ...model };
  const history = [...series].filter(([t]) => t < at);
  if (history.length === 0) return undefined;
  const oldest = Math.min(...history.map(([t]) => t));
  const basis = oldest <= at - DAY_MS ? 'same-time-of-day' : 'trailing-24h';
  const samples =
    basis === 'trailing-24h'
      ? history.filter(([t]) => t >= at - DAY_MS).map(([, v]) => v)
      : history
          .filter(([t]) => {
            const daysBack = Math.round((at - t) / DAY_MS);
            return daysBack >= 1 && daysBack <= settings.maxDays && Math.abs(at - daysBack * DAY_MS - t) <= settings.timeOfDayWindowMs;
          })
          .map(([, v]) => v);
  if (samples.length < settings.minSamples) return undefined;
  const center = samples.reduce((sum, v) => sum + v, 0) / samples.length;
  const deviation = Math.sqrt(samples.reduce((sum, v) => sum + (v - center) ** 2, 0) / samples.length);
  const spread = Math.max(deviation, settings.minSpreadFraction * Math.abs(center), settings.minSpread);
  return { lower: center - width * spread, upper: center + width * spread, center, spread, samples: samples.length, basis };
}
