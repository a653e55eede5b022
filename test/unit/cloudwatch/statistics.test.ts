import { canonicalStatistic, isStatistic, parseStatistic, SIMPLE_STATISTICS } from '../../../src/cloudwatch';

describe('parseStatistic', () => {
  it.each(SIMPLE_STATISTICS)('reads %s as itself', (stat) => {
    expect(parseStatistic(stat)).toEqual({ kind: stat });
  });

  it.each([
    ['p0', 0],
    ['p50', 50],
    ['p99', 99],
    ['p99.9', 99.9],
    ['p99.99', 99.99],
    ['p100', 100],
  ])('reads the percentile %s as %d percent', (stat, percent) => {
    expect(parseStatistic(stat)).toEqual({ kind: 'percentile', percent });
  });

  it.each(['TM99', 'p101', 'p99.999', 'p', 'p-1', 'sum', 'SUM', ' Sum', 'Sum ', 'IQM', ''])('refuses %j, which CloudWatch would not take or Periscope does not compute', (stat) => {
    expect(parseStatistic(stat)).toBeUndefined();
    expect(isStatistic(stat)).toBe(false);
  });

  it('tells a statistic from a value that is not even a string', () => {
    expect(isStatistic('p95.5')).toBe(true);
    expect(isStatistic(99)).toBe(false);
    expect(isStatistic(undefined)).toBe(false);
  });
});

describe('canonicalStatistic', () => {
  it('spells the capitals of an alarm notification as CloudWatch does elsewhere', () => {
    expect(['SUM', 'AVERAGE', 'MINIMUM', 'MAXIMUM', 'SAMPLECOUNT', 'sum'].map(canonicalStatistic)).toEqual(['Sum', 'Average', 'Minimum', 'Maximum', 'SampleCount', 'Sum']);
  });

  it('returns a percentile, or anything it does not know, as given', () => {
    expect(['p99', 'TM99', 'Whatever'].map(canonicalStatistic)).toEqual(['p99', 'TM99', 'Whatever']);
  });
});
