import { type BinaryOperator, type Expression, MetricMathError } from './parse';

/** A time series as metric math sees it: period start (epoch ms) → value. */
export type Points = ReadonlyMap<number, number>;

/** One series of an array of series, with the label CloudWatch would show for it. */
export interface LabelledSeries {
  readonly label: string;
  readonly points: Points;
}

/** What a (sub)expression evaluates to. */
export type MathValue =
  | { readonly kind: 'scalar'; readonly value: number }
  | { readonly kind: 'series'; readonly points: Points }
  | { readonly kind: 'array'; readonly items: readonly LabelledSeries[] }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'keyword'; readonly name: string };

/** What an expression is evaluated against. */
export interface MathContext {
  /** The value of another metric or expression of the same request, by id. */
  resolve(id: string): MathValue;
  /** The start of every period in the range, oldest first: where FILL puts values. */
  readonly grid: readonly number[];
  /** The request's period in seconds, which `PERIOD(m)` returns; without it PERIOD is not supported. */
  readonly periodSeconds?: number;
  /** Runs `SEARCH(query, stat, period)`; without it SEARCH is not supported. */
  search?(query: string, stat: string, periodSeconds: number): LabelledSeries[];
}

const scalar = (value: number): MathValue => ({ kind: 'scalar', value });
const series = (points: Points): MathValue => ({ kind: 'series', points });
const truthy = (value: number): boolean => value !== 0 && !Number.isNaN(value);

/** Points with every non-finite value dropped (a division by zero drops the data point). */
function finite(entries: Iterable<[number, number]>): Points {
  return new Map([...entries].filter(([, value]) => Number.isFinite(value)).sort(([a], [b]) => a - b));
}

function apply(op: BinaryOperator, a: number, b: number): number {
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return b === 0 ? NaN : a / b;
    case '^':
      return a ** b;
    case '==':
      return a === b ? 1 : 0;
    case '!=':
      return a !== b ? 1 : 0;
    case '<':
      return a < b ? 1 : 0;
    case '<=':
      return a <= b ? 1 : 0;
    case '>':
      return a > b ? 1 : 0;
    case '>=':
      return a >= b ? 1 : 0;
    case 'AND':
      return truthy(a) && truthy(b) ? 1 : 0;
    case 'OR':
      return truthy(a) || truthy(b) ? 1 : 0;
  }
}

/** A number or a series, point by point; two series over the union of their timestamps, a missing value as 0. */
function combine(op: BinaryOperator, left: MathValue, right: MathValue): MathValue {
  if (left.kind === 'array') return { kind: 'array', items: left.items.map((item) => ({ label: item.label, points: pointsOf(combine(op, series(item.points), right)) })) };
  if (right.kind === 'array') return { kind: 'array', items: right.items.map((item) => ({ label: item.label, points: pointsOf(combine(op, left, series(item.points))) })) };
  if (left.kind === 'scalar' && right.kind === 'scalar') return scalar(apply(op, left.value, right.value));
  if (left.kind === 'series' && right.kind === 'scalar') return series(finite([...left.points].map(([t, v]) => [t, apply(op, v, right.value)])));
  if (left.kind === 'scalar' && right.kind === 'series') return series(finite([...right.points].map(([t, v]) => [t, apply(op, left.value, v)])));
  if (left.kind === 'series' && right.kind === 'series') {
    const timestamps = new Set([...left.points.keys(), ...right.points.keys()]);
    return series(finite([...timestamps].map((t) => [t, apply(op, left.points.get(t) ?? 0, right.points.get(t) ?? 0)])));
  }
  throw new MetricMathError(`"${op}" cannot combine a ${left.kind} with a ${right.kind}`);
}

function pointsOf(value: MathValue): Points {
  if (value.kind === 'series') return value.points;
  throw new MetricMathError(`expected a time series, got a ${value.kind}`);
}

/** Each series of a series or an array, transformed; the same shape comes back. */
function perSeries(value: MathValue, name: string, transform: (points: Points) => Points): MathValue {
  if (value.kind === 'series') return series(transform(value.points));
  if (value.kind === 'array') return { kind: 'array', items: value.items.map((item) => ({ label: item.label, points: transform(item.points) })) };
  throw new MetricMathError(`${name} takes a time series or an array of them, not a ${value.kind}`);
}

type Reducer = (values: readonly number[], seriesCount: number) => number;
const REDUCERS: Readonly<Record<'MIN' | 'MAX' | 'SUM' | 'AVG', Reducer>> = {
  MIN: (values) => (values.length === 0 ? NaN : Math.min(...values)),
  MAX: (values) => (values.length === 0 ? NaN : Math.max(...values)),
  SUM: (values) => values.reduce((sum, v) => sum + v, 0),
  // Across an array a missing value counts as 0, so divide by the number of series.
  AVG: (values, seriesCount) => (seriesCount === 0 ? NaN : values.reduce((sum, v) => sum + v, 0) / seriesCount),
};

/** MIN/MAX/SUM/AVG: of one series a number; of an array of series a series, per timestamp over the values present. */
function reduce(name: keyof typeof REDUCERS, value: MathValue): MathValue {
  const reducer = REDUCERS[name];
  if (value.kind === 'series') return scalar(reducer([...value.points.values()], value.points.size));
  if (value.kind !== 'array') throw new MetricMathError(`${name} takes a time series or an array of them, not a ${value.kind}`);
  const timestamps = new Set(value.items.flatMap((item) => [...item.points.keys()]));
  return series(
    finite(
      [...timestamps].map((t) => [
        t,
        reducer(
          value.items.flatMap((item) => (item.points.has(t) ? [item.points.get(t) as number] : [])),
          value.items.length,
        ),
      ]),
    ),
  );
}

function fill(value: MathValue, filler: MathValue, grid: readonly number[]): MathValue {
  return perSeries(value, 'FILL', (points) => {
    const known = [...points.keys()];
    const valueAt = (t: number): number | undefined => {
      if (filler.kind === 'scalar') return filler.value;
      if (filler.kind === 'series') return filler.points.get(t);
      const before = known.filter((k) => k < t).at(-1);
      if (filler.kind === 'keyword' && filler.name === 'REPEAT') return before === undefined ? undefined : points.get(before);
      if (filler.kind === 'keyword' && filler.name === 'LINEAR') {
        const after = known.find((k) => k > t);
        if (before === undefined || after === undefined) return undefined;
        const [a, b] = [points.get(before) as number, points.get(after) as number];
        return a + ((b - a) * (t - before)) / (after - before);
      }
      throw new MetricMathError(`FILL's second argument must be a number, a time series, REPEAT or LINEAR`);
    };
    return finite(
      [...new Set([...grid, ...known])].flatMap((t): [number, number][] => {
        const filled = points.get(t) ?? valueAt(t);
        return filled === undefined ? [] : [[t, filled]];
      }),
    );
  });
}

/** IF(condition, whenTrue, whenFalse?), with CloudWatch's rules for missing values. */
function conditional(condition: MathValue, whenTrue: MathValue, whenFalse: MathValue | undefined): MathValue {
  if (condition.kind === 'scalar') return truthy(condition.value) ? whenTrue : (whenFalse ?? series(new Map()));
  const points = pointsOf(condition);
  const pick = (branch: MathValue | undefined, t: number, missing: number | undefined): number | undefined => {
    if (branch === undefined) return undefined;
    if (branch.kind === 'scalar') return branch.value;
    return pointsOf(branch).get(t) ?? missing;
  };
  return series(
    finite(
      [...points].flatMap(([t, c]): [number, number][] => {
        // A true condition with no value in the series picks 0; a false one with none drops the point.
        const value = truthy(c) ? pick(whenTrue, t, 0) : pick(whenFalse, t, undefined);
        return value === undefined ? [] : [[t, value]];
      }),
    ),
  );
}

function runningSum(points: Points): Points {
  let total = 0;
  return new Map(
    [...points].map(([t, v]) => {
      total += v;
      return [t, total];
    }),
  );
}

const lift = (f: (v: number) => number) => (points: Points) => finite([...points].map(([t, v]) => [t, f(v)]));

/**
 * Evaluates a parsed expression the way CloudWatch metric math does, for the functions a local
 * preview needs: arithmetic and comparisons (two series over the union of their timestamps, a missing
 * value as 0, a division by zero dropping the point), `FILL`, `IF`, `MIN`/`MAX`/`SUM`/`AVG`,
 * `RUNNING_SUM`, `ABS`, `CEIL`, `FLOOR`, `TIME_SERIES` and, when the context can search, `SEARCH`.
 *
 * @throws {MetricMathError} for any other function, a wrong argument, or an unknown id.
 */
export function evaluateExpression(expression: Expression, context: MathContext): MathValue {
  const evaluate = (node: Expression): MathValue => evaluateExpression(node, context);
  switch (expression.kind) {
    case 'number':
      return scalar(expression.value);
    case 'string':
      return { kind: 'string', value: expression.value };
    case 'keyword':
      return { kind: 'keyword', name: expression.name };
    case 'id':
      return context.resolve(expression.name);
    case 'unary':
      return combine('-', scalar(0), evaluate(expression.operand));
    case 'binary':
      return combine(expression.op, evaluate(expression.left), evaluate(expression.right));
    case 'array':
      return {
        kind: 'array',
        items: expression.items.flatMap((item) => {
          const value = evaluate(item);
          if (value.kind === 'array') return value.items;
          return [{ label: item.kind === 'id' ? item.name : '', points: pointsOf(value) }];
        }),
      };
    case 'call':
      return call(expression.name, expression.args.map(evaluate), context);
  }
}

function call(name: string, args: readonly MathValue[], context: MathContext): MathValue {
  const arity = (min: number, max = min): void => {
    if (args.length < min || args.length > max) throw new MetricMathError(`${name} takes ${min === max ? min : `${min} to ${max}`} arguments, got ${args.length}`);
  };
  const [first, second, third] = args as [MathValue, MathValue | undefined, MathValue | undefined];
  switch (name) {
    case 'FILL':
      arity(2);
      return fill(first, second as MathValue, context.grid);
    case 'IF':
      arity(2, 3);
      return conditional(first, second as MathValue, third);
    case 'MIN':
    case 'MAX':
    case 'SUM':
    case 'AVG':
      arity(1);
      return reduce(name, first);
    case 'RUNNING_SUM':
      arity(1);
      return perSeries(first, name, runningSum);
    case 'ABS':
    case 'CEIL':
    case 'FLOOR':
      arity(1);
      return perSeries(first, name, lift(name === 'ABS' ? Math.abs : name === 'CEIL' ? Math.ceil : Math.floor));
    case 'PERIOD': {
      // CloudWatch: "returns the period of the metric in seconds", at each of its points.
      arity(1);
      const period = context.periodSeconds;
      if (period === undefined) throw new MetricMathError('PERIOD is not available here');
      return perSeries(first, name, (points) => new Map([...points.keys()].map((t) => [t, period])));
    }
    case 'TIME_SERIES':
      arity(1);
      if (first.kind !== 'scalar') throw new MetricMathError('TIME_SERIES takes a number');
      return series(finite(context.grid.map((t) => [t, first.value])));
    case 'SEARCH': {
      arity(3);
      if (context.search === undefined) throw new MetricMathError('SEARCH is not available here');
      if (first.kind !== 'string' || second?.kind !== 'string' || third?.kind !== 'scalar')
        throw new MetricMathError("SEARCH takes a search expression, a statistic and a period: SEARCH('{Namespace,dim} MetricName=\"X\"', 'Sum', 300)");
      return { kind: 'array', items: context.search(first.value, second.value, third.value) };
    }
    default:
      throw new MetricMathError(`the function ${name} is not supported by the local evaluator`);
  }
}
