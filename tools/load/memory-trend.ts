/** One reading of a memory figure (resident set, or heap after GC). */
export interface MemorySample {
  /** When: seconds since the load started, or a block number. */
  readonly atSeconds: number;
  readonly bytes: number;
}

/** Whether memory stayed flat under load, and the figures that say so. */
export interface MemoryTrend {
  /** Median RSS over the first third of the samples after the warm-up, MiB. */
  readonly startMiB: number;
  /** Median RSS over the last third, MiB. */
  readonly endMiB: number;
  /** Least-squares slope over the samples after the warm-up, MiB per minute. */
  readonly slopeMiBPerMinute: number;
  /** The end within `toleranceMiB` of the start. */
  readonly flat: boolean;
}

const MIB = 1024 * 1024;
const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};

/**
 * Judges memory under a steady load: after `warmUpSeconds` (JIT, pools and caches filling), the
 * median of the last third of the samples must be within `toleranceMiB` of the median of the first
 * third. Medians, so one GC cycle does not decide; the slope is reported beside them. Pure.
 *
 * @example
 * ```ts
 * memoryTrend([{ atSeconds: 0, bytes: 90 * 2 ** 20 }, …], { warmUpSeconds: 10, toleranceMiB: 16 });
 * ```
 */
export function memoryTrend(samples: readonly MemorySample[], options: { readonly warmUpSeconds: number; readonly toleranceMiB: number }): MemoryTrend {
  const steady = samples.filter((sample) => sample.atSeconds >= options.warmUpSeconds);
  if (steady.length < 3) throw new RangeError(`need at least 3 memory samples after the ${options.warmUpSeconds} s warm-up, got ${steady.length}`);
  const third = Math.max(1, Math.floor(steady.length / 3));
  const startMiB = median(steady.slice(0, third).map((s) => s.bytes)) / MIB;
  const endMiB = median(steady.slice(-third).map((s) => s.bytes)) / MIB;
  const meanT = steady.reduce((sum, s) => sum + s.atSeconds, 0) / steady.length;
  const meanM = steady.reduce((sum, s) => sum + s.bytes / MIB, 0) / steady.length;
  const covariance = steady.reduce((sum, s) => sum + (s.atSeconds - meanT) * (s.bytes / MIB - meanM), 0);
  const variance = steady.reduce((sum, s) => sum + (s.atSeconds - meanT) ** 2, 0);
  const slopeMiBPerMinute = variance === 0 ? 0 : (covariance / variance) * 60;
  return { startMiB, endMiB, slopeMiBPerMinute, flat: endMiB - startMiB <= options.toleranceMiB };
}
