import { evaluateExpression, type MathValue, MetricMathError, type Points, parseExpression } from '../../../../tools/emulators/cloudwatch/metric-store';

/** Series over five periods t=0..4; `undefined` is a period without a value. */
const ts = (...values: (number | undefined)[]): MathValue => ({
  kind: 'series',
  points: new Map(values.flatMap((value, t): [number, number][] => (value === undefined ? [] : [[t, value]]))),
});
const GRID = [0, 1, 2, 3, 4];

/** Evaluates against named series; the result as five slots, `undefined` where there is no point. */
const run = (expression: string, series: Record<string, MathValue> = {}): (number | undefined)[] | number => {
  const value = evaluateExpression(parseExpression(expression), {
    grid: GRID,
    resolve: (id) => {
      const found = series[id];
      if (found === undefined) throw new MetricMathError(`no metric or expression has the id "${id}"`);
      return found;
    },
  });
  if (value.kind === 'scalar') return value.value;
  if (value.kind !== 'series') throw new Error(`expected a series, got ${value.kind}`);
  return GRID.map((t) => (value.points as Points).get(t));
};

describe('metric math', () => {
  it('computes availability from errors and requests, an error-free period filled with 0', () => {
    // Act
    const availability = run('100 * (1 - FILL(errors, 0) / requests)', { errors: ts(1, undefined, 2, undefined, undefined), requests: ts(10, 4, 4, undefined, 5) });

    // Assess: no requests at t=3 is a division by zero, so no point
    expect(availability).toEqual([90, 100, 50, undefined, 100]);
  });

  it('treats a value missing in one of two series as 0 and drops a division by zero', () => {
    expect(run('a + b', { a: ts(1, undefined, 3), b: ts(10, 20) })).toEqual([11, 20, 3, undefined, undefined]);
    expect(run('a / b', { a: ts(1, 2), b: ts(0, 4) })).toEqual([undefined, 0.5, undefined, undefined, undefined]);
  });

  it('follows the usual precedence: powers, then products, then sums, then comparisons, then AND, then OR', () => {
    expect(run('1 + 2 * 3 ^ 2')).toBe(19);
    expect(run('-2 ^ 2')).toBe(-4);
    expect(run('(1 + 2) * 3')).toBe(9);
    expect(run('1 + 1 == 2 AND 3 > 4 OR 2 >= 2')).toBe(1);
    expect(run('1 < 2 && 2 <= 1 || 0 != 0')).toBe(0);
  });

  it('compares series point by point, a missing value as 0 (CloudWatch documentation example)', () => {
    // Prepare: metric1 [30, 20, 0, 0], metric2 [20, -, 20, -]
    const series = { metric1: ts(30, 20, 0, 0), metric2: ts(20, undefined, 20, undefined) };

    // Act / Assess
    expect(run('metric1 < metric2', series)).toEqual([0, 0, 1, 0, undefined]);
    expect(run('metric1 >= 30', series)).toEqual([1, 0, 0, 0, undefined]);
    expect(run('metric1 > 15 AND metric2 > 15', series)).toEqual([1, 0, 0, 0, undefined]);
  });

  it('picks IF branches point by point with CloudWatch rules for missing values (documentation tables)', () => {
    // Prepare
    const series = { metric1: ts(1, 1, 0, 0, undefined), metric2: ts(30, undefined, 0, 0, 30), metric3: ts(0, 0, 20, undefined, 20) };

    // Act / Assess
    expect(run('IF(metric1, metric2, metric3)', series)).toEqual([30, 0, 20, undefined, undefined]);
    expect(run('IF(metric1, 5, metric3)', series)).toEqual([5, 5, 20, undefined, undefined]);
    expect(run('IF(metric1, metric2, 5)', series)).toEqual([30, 0, 5, 5, undefined]);
    expect(run('IF(metric1, metric2)', series)).toEqual([30, 0, undefined, undefined, undefined]);
  });

  it('computes a burn rate only where there were requests', () => {
    // Act
    const burn = run('IF(requests > 0, (FILL(errors, 0) / requests) / 0.001, 0)', { requests: ts(1000, 0, 500), errors: ts(2, undefined, undefined) });

    // Assess
    expect(burn).toEqual([2, 0, 0, undefined, undefined]);
  });

  it('fills gaps with a number, another series, the last value or a straight line', () => {
    // Prepare
    const series = { m: ts(undefined, 10, undefined, 30, undefined), other: ts(7, 7, 7, 7, 7) };

    // Act / Assess
    expect(run('FILL(m, 0)', series)).toEqual([0, 10, 0, 30, 0]);
    expect(run('FILL(m, other)', series)).toEqual([7, 10, 7, 30, 7]);
    expect(run('FILL(m, REPEAT)', series)).toEqual([undefined, 10, 10, 30, 30]);
    expect(run('FILL(m, LINEAR)', series)).toEqual([undefined, 10, 20, 30, undefined]);
  });

  it('takes MIN and MAX across series per period, and of one series as a number', () => {
    // Prepare
    const series = { a: ts(1, 5, undefined), b: ts(3, 2, 4) };

    // Act / Assess
    expect(run('MIN([a, b])', series)).toEqual([1, 2, 4, undefined, undefined]);
    expect(run('MAX([a, b])', series)).toEqual([3, 5, 4, undefined, undefined]);
    expect(run('SUM([a, b])', series)).toEqual([4, 7, 4, undefined, undefined]);
    expect(run('AVG([a, b])', series)).toEqual([2, 3.5, 2, undefined, undefined]);
    expect(run('a - MIN(a)', series)).toEqual([0, 4, undefined, undefined, undefined]);
  });

  it('keeps a running sum', () => {
    expect(run('RUNNING_SUM(m)', { m: ts(1, undefined, 2, 3) })).toEqual([1, undefined, 3, 6, undefined]);
  });

  it.each([
    ['an unsupported function', 'ANOMALY_DETECTION_BAND(m, 2)', /the function ANOMALY_DETECTION_BAND is not supported by the local evaluator/],
    ['an unknown id', 'm + nothing', /no metric or expression has the id "nothing"/],
    ['a missing parenthesis', '100 * (1 - m', /expected "\)" at the end/],
    ['a stray character', 'm # 2', /unexpected "#" at character 3/],
    ['a wrong number of arguments', 'FILL(m)', /FILL takes 2 arguments, got 1/],
    ['SEARCH where nothing can search', "SEARCH('{A,b} MetricName=\"X\"', 'Sum', 60)", /SEARCH is not available here/],
  ])('refuses %s with a message that says what', (_what, expression, message) => {
    expect(() => run(expression, { m: ts(1) })).toThrow(message);
  });
});
