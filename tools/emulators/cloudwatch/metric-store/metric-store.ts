import { computeStatistic, readStatistic } from './statistics';
import { type Datapoint, type MetricId, MetricQueryError, type MetricSeries, type QueryOptions } from './types';

/** Options of a {@link MetricStore}. */
export interface MetricStoreOptions {
  /**
   * Datapoints kept per metric; the oldest go first. A preview left running with traffic stays
   * within memory. @default 50000
   */
  readonly maxDatapointsPerMetric?: number;
}

/** Which metrics {@link MetricStore.list} returns. */
export interface MetricFilter {
  readonly namespace?: string;
  readonly metricName?: string;
  /** Only metrics with exactly these dimension names (in any order), as a SEARCH schema `{Namespace,dim1,dim2}` asks. */
  readonly dimensionNames?: readonly string[];
}

interface StoredMetric {
  readonly id: MetricId;
  readonly unit: string;
  timestamps: number[];
  values: number[];
  /** Whether `timestamps` ascend; datapoints usually arrive in time order, so this rarely costs a sort. */
  sorted: boolean;
}

/** The first index whose timestamp is at or after `at`, in ascending `timestamps`. */
function lowerBound(timestamps: readonly number[], at: number): number {
  let low = 0;
  let high = timestamps.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((timestamps[middle] as number) < at) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Puts a metric's datapoints in time order (stable: equal timestamps keep their arrival order). */
function sortByTime(metric: StoredMetric): void {
  const order = metric.timestamps.map((_, i) => i).sort((a, b) => (metric.timestamps[a] as number) - (metric.timestamps[b] as number));
  metric.timestamps = order.map((i) => metric.timestamps[i] as number);
  metric.values = order.map((i) => metric.values[i] as number);
  metric.sorted = true;
}

/** One key per metric identity: namespace, name and the full dimension set, as CloudWatch identifies a metric. */
const keyOf = (metric: MetricId): string => JSON.stringify([metric.namespace, metric.metricName, Object.entries(metric.dimensions).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))]);

/**
 * In-memory CloudWatch metrics: datapoints in, per-period statistics out. A metric is its namespace,
 * name and full dimension set, so a query for `{ service }` does not see datapoints recorded with
 * `{ service, currency }` — as in CloudWatch. No clock and no I/O: time comes in with the datapoints
 * and the queries.
 *
 * @example
 * ```ts
 * const store = new MetricStore();
 * store.add({ namespace: 'Periscope/Orders', metricName: 'OrderCreated', dimensions: { service: 'orders' }, timestamp: Date.now(), value: 1, unit: 'Count' });
 * store.query({ namespace: 'Periscope/Orders', metricName: 'OrderCreated', dimensions: { service: 'orders' } }, { stat: 'Sum', periodSeconds: 60, start, end });
 * ```
 */
export class MetricStore {
  readonly #metrics = new Map<string, StoredMetric>();
  readonly #maxPerMetric: number;

  public constructor(options: MetricStoreOptions = {}) {
    this.#maxPerMetric = options.maxDatapointsPerMetric ?? 50_000;
  }

  /** Records datapoints; a non-finite value or timestamp is ignored (CloudWatch rejects them). */
  public add(...datapoints: readonly Datapoint[]): void {
    for (const point of datapoints) {
      if (!Number.isFinite(point.value) || !Number.isFinite(point.timestamp)) continue;
      const key = keyOf(point);
      let metric = this.#metrics.get(key);
      if (metric === undefined) {
        metric = { id: { namespace: point.namespace, metricName: point.metricName, dimensions: { ...point.dimensions } }, unit: point.unit, timestamps: [], values: [], sorted: true };
        this.#metrics.set(key, metric);
      }
      if (point.timestamp < (metric.timestamps.at(-1) ?? -Infinity)) metric.sorted = false;
      metric.timestamps.push(point.timestamp);
      metric.values.push(point.value);
      if (metric.timestamps.length > this.#maxPerMetric) {
        metric.timestamps.shift();
        metric.values.shift();
      }
    }
  }

  /**
   * The statistic of each period in `[start, end)` that has at least one datapoint, oldest first;
   * a period without datapoints has no value (CloudWatch returns none either). Periods start at
   * `start`: pass a start on a multiple of the period for clock-aligned periods (see {@link alignedRange}).
   *
   * @throws {MetricQueryError} for an unknown statistic, a period that is not a positive number of
   * seconds, or an empty range.
   */
  public query(metric: MetricId, options: QueryOptions): MetricSeries {
    const statistic = readStatistic(options.stat);
    const periodMs = options.periodSeconds * 1000;
    if (!Number.isFinite(periodMs) || periodMs <= 0) throw new MetricQueryError(`period ${options.periodSeconds} is not a positive number of seconds`);
    if (!(options.end > options.start)) throw new MetricQueryError(`range [${options.start}, ${options.end}) is empty: end must be after start`);

    const stored = this.#metrics.get(keyOf(metric));
    if (stored === undefined) return { timestamps: [], values: [] };
    if (!stored.sorted) sortByTime(stored);
    // Only the datapoints in range: queries run every simulated minute over long histories.
    const buckets = new Map<number, number[]>();
    for (let i = lowerBound(stored.timestamps, options.start); i < stored.timestamps.length; i += 1) {
      const timestamp = stored.timestamps[i] as number;
      if (timestamp >= options.end) break;
      const bucket = options.start + Math.floor((timestamp - options.start) / periodMs) * periodMs;
      const values = buckets.get(bucket) ?? [];
      values.push(stored.values[i] as number);
      buckets.set(bucket, values);
    }
    const timestamps = [...buckets.keys()];
    return { timestamps, values: timestamps.map((t) => computeStatistic(buckets.get(t) as number[], statistic)) };
  }

  /** The metrics recorded so far that match `filter`, in first-recorded order. */
  public list(filter: MetricFilter = {}): MetricId[] {
    const wanted = filter.dimensionNames === undefined ? undefined : [...filter.dimensionNames].sort().join('\u0000');
    return [...this.#metrics.values()]
      .map((metric) => metric.id)
      .filter(
        (id) =>
          (filter.namespace === undefined || id.namespace === filter.namespace) &&
          (filter.metricName === undefined || id.metricName === filter.metricName) &&
          (wanted === undefined || Object.keys(id.dimensions).sort().join('\u0000') === wanted),
      );
  }

  /** The unit the metric was first recorded with, or undefined for an unknown metric. */
  public unitOf(metric: MetricId): string | undefined {
    return this.#metrics.get(keyOf(metric))?.unit;
  }

  /** How many datapoints are held, over all metrics. */
  public get size(): number {
    let count = 0;
    for (const metric of this.#metrics.values()) count += metric.timestamps.length;
    return count;
  }
}

/**
 * The range of the last `rangeMs` before `now`, widened to whole periods on the clock (a period of 60 s
 * starts on the minute), as CloudWatch graphs align their periods.
 * @example
 * ```ts
 * alignedRange(Date.parse('2026-01-01T10:00:30Z'), 3_600_000, 60); // start 09:00:00, end 10:01:00
 * ```
 */
export function alignedRange(now: number, rangeMs: number, periodSeconds: number): { start: number; end: number } {
  const periodMs = periodSeconds * 1000;
  return { start: Math.floor((now - rangeMs) / periodMs) * periodMs, end: (Math.floor(now / periodMs) + 1) * periodMs };
}
