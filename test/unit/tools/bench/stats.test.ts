import { BenchError } from '../../../../tools/bench/support/errors';
import { quantile, summarize } from '../../../../tools/bench/support/stats';

describe('quantile', () => {
  it('interpolates between the two nearest ranks', () => {
    // Act
    const values = [quantile([1, 2, 3, 4], 0.5), quantile([10, 20], 0.25), quantile([7], 0.99)];

    // Assess
    expect(values).toEqual([2.5, 12.5, 7]);
  });

  it('returns the extremes at 0 and 1', () => {
    expect([quantile([1, 5, 9], 0), quantile([1, 5, 9], 1)]).toEqual([1, 9]);
  });

  it('refuses an empty list and a q outside 0–1, naming it', () => {
    expect(() => quantile([], 0.5)).toThrow(BenchError);
    expect(() => quantile([1], 1.5)).toThrow('quantile q must be between 0 and 1, got 1.5');
    expect(() => quantile([1], Number.NaN)).toThrow('got NaN');
  });
});

describe('summarize', () => {
  it('gives count, min, max and percentiles of unsorted samples', () => {
    // Prepare
    const samples = Array.from({ length: 101 }, (_, i) => 100 - i);

    // Act
    const summary = summarize(samples);

    // Assess
    expect(summary).toEqual({ count: 101, min: 0, max: 100, p25: 25, median: 50, p75: 75, p99: 99 });
  });

  it('sorts numerically, not as text', () => {
    expect(summarize([100, 9, 20]).median).toBe(20);
  });

  it('leaves the samples as they were', () => {
    // Prepare
    const samples = [3, 1, 2];

    // Act
    summarize(samples);

    // Assess
    expect(samples).toEqual([3, 1, 2]);
  });

  it('refuses no samples, and names a sample that is not a finite number', () => {
    expect(() => summarize([])).toThrow('cannot summarise an empty list of samples');
    expect(() => summarize([1, 2, Number.POSITIVE_INFINITY])).toThrow('sample 2 is not a finite number: Infinity');
  });
});
