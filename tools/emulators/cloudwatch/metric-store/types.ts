import type { MetricId } from '../../../../src/cloudwatch';

export type { MetricId };

/** One value recorded for a metric (namespace, name, full dimension set), as CloudWatch would store it. */
export interface Datapoint extends MetricId {
  /** Epoch milliseconds. */
  readonly timestamp: number;
  readonly value: number;
  /** A CloudWatch unit (`Count`, `Milliseconds`, `None`...). */
  readonly unit: string;
}

/** A time series: parallel arrays, timestamps ascending (epoch ms, the start of each period). */
export interface MetricSeries {
  readonly timestamps: readonly number[];
  readonly values: readonly number[];
}

/** Options of a metric query: which statistic, over which periods. */
export interface QueryOptions {
  /** `Sum`, `Average`, `Minimum`, `Maximum`, `SampleCount` or a percentile `p0`–`p100` (`p99`, `p99.9`). */
  readonly stat: string;
  readonly periodSeconds: number;
  /** Epoch ms, inclusive: periods are `[start + k·period, start + (k+1)·period)`. */
  readonly start: number;
  /** Epoch ms, exclusive. */
  readonly end: number;
}

/** Thrown for a query the store cannot answer: an unknown statistic, a bad period or range. */
export class MetricQueryError extends Error {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'MetricQueryError';
  }
}
