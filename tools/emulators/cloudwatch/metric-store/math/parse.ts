/** A parsed metric math expression. */
export type Expression =
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'id'; readonly name: string }
  | { readonly kind: 'keyword'; readonly name: string }
  | { readonly kind: 'unary'; readonly operand: Expression }
  | { readonly kind: 'binary'; readonly op: BinaryOperator; readonly left: Expression; readonly right: Expression }
  | { readonly kind: 'call'; readonly name: string; readonly args: readonly Expression[] }
  | { readonly kind: 'array'; readonly items: readonly Expression[] };

/** Arithmetic, comparison and logical operators, with `&&` and `||` read as `AND` and `OR`. */
export type BinaryOperator = '+' | '-' | '*' | '/' | '^' | '==' | '!=' | '<' | '<=' | '>' | '>=' | 'AND' | 'OR';

/** Thrown for an expression that cannot be evaluated locally: bad syntax, an unsupported function, an unknown id. */
export class MetricMathError extends Error {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'MetricMathError';
  }
}

type Token = { readonly type: 'number'; readonly value: number } | { readonly type: 'string' | 'name' | 'op'; readonly value: string };

const OPERATORS = ['==', '!=', '<=', '>=', '&&', '||', '+', '-', '*', '/', '^', '<', '>', '(', ')', '[', ']', ','];
/** Binding strength of each binary operator; `^` binds right to left. */
const PRECEDENCE: Readonly<Record<BinaryOperator, number>> = { OR: 1, AND: 2, '==': 3, '!=': 3, '<': 3, '<=': 3, '>': 3, '>=': 3, '+': 4, '-': 4, '*': 5, '/': 5, '^': 6 };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const rest = text.slice(i);
    const space = /^\s+/.exec(rest);
    const number = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/.exec(rest);
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(rest);
    const quote = rest[0] === '"' || rest[0] === "'" ? rest[0] : undefined;
    const op = OPERATORS.find((candidate) => rest.startsWith(candidate));
    if (space) i += space[0].length;
    else if (number) {
      tokens.push({ type: 'number', value: Number(number[0]) });
      i += number[0].length;
    } else if (name) {
      tokens.push({ type: 'name', value: name[0] });
      i += name[0].length;
    } else if (quote !== undefined) {
      const end = text.indexOf(quote, i + 1);
      if (end < 0) throw new MetricMathError(`unterminated string at character ${i + 1} of "${text}"`);
      tokens.push({ type: 'string', value: text.slice(i + 1, end) });
      i = end + 1;
    } else if (op !== undefined) {
      tokens.push({ type: 'op', value: op === '&&' ? 'AND' : op === '||' ? 'OR' : op });
      i += op.length;
    } else throw new MetricMathError(`unexpected "${rest[0]}" at character ${i + 1} of "${text}"`);
  }
  return tokens;
}

/**
 * Parses a CloudWatch metric math expression: numbers, metric ids (starting lowercase), strings,
 * `+ - * / ^`, unary minus, comparisons (`== != < <= > >=`), `AND`/`&&`, `OR`/`||`, parentheses,
 * arrays `[a, b]` and function calls `NAME(args)`. Which functions exist is the evaluator's business.
 *
 * @throws {MetricMathError} naming what is wrong and where.
 * @example
 * ```ts
 * parseExpression('100 * (1 - FILL(errors, 0) / requests)');
 * ```
 */
export function parseExpression(text: string): Expression {
  const tokens = tokenize(text);
  let at = 0;
  const peek = (): Token | undefined => tokens[at];
  const isOp = (value: string): boolean => {
    const token = peek();
    return token !== undefined && token.type !== 'number' && token.type !== 'string' && token.value === value;
  };
  const expect = (value: string): void => {
    if (!isOp(value)) throw new MetricMathError(`expected "${value}" ${describe(peek())} in "${text}"`);
    at += 1;
  };
  const binaryOperator = (): BinaryOperator | undefined => {
    const token = peek();
    if (token === undefined || token.type === 'number' || token.type === 'string') return undefined;
    const value = token.type === 'name' ? token.value.toUpperCase() : token.value;
    return value in PRECEDENCE && (token.type === 'op' || value === 'AND' || value === 'OR') ? (value as BinaryOperator) : undefined;
  };

  const list = (close: string): Expression[] => {
    const items: Expression[] = [];
    if (isOp(close)) {
      at += 1;
      return items;
    }
    for (;;) {
      items.push(binary(0));
      if (isOp(',')) at += 1;
      else break;
    }
    expect(close);
    return items;
  };

  const primary = (): Expression => {
    const token = peek();
    if (token === undefined) throw new MetricMathError(`"${text}" ends where a value was expected`);
    at += 1;
    if (token.type === 'number') return { kind: 'number', value: token.value };
    if (token.type === 'string') return { kind: 'string', value: token.value };
    if (token.type === 'op') {
      if (token.value === '-') return { kind: 'unary', operand: binary(PRECEDENCE['*']) };
      if (token.value === '(') {
        const inner = binary(0);
        expect(')');
        return inner;
      }
      if (token.value === '[') return { kind: 'array', items: list(']') };
      throw new MetricMathError(`unexpected "${token.value}" in "${text}"`);
    }
    if (isOp('(')) {
      at += 1;
      return { kind: 'call', name: token.value, args: list(')') };
    }
    return /^[a-z]/.test(token.value) ? { kind: 'id', name: token.value } : { kind: 'keyword', name: token.value };
  };

  const binary = (minPrecedence: number): Expression => {
    let left = primary();
    for (let op = binaryOperator(); op !== undefined && PRECEDENCE[op] > minPrecedence; op = binaryOperator()) {
      at += 1;
      const right = binary(op === '^' ? PRECEDENCE[op] - 1 : PRECEDENCE[op]);
      left = { kind: 'binary', op, left, right };
    }
    return left;
  };

  if (tokens.length === 0) throw new MetricMathError('the expression is empty');
  const expression = binary(0);
  if (at < tokens.length) throw new MetricMathError(`unexpected ${describe(peek())} in "${text}"`);
  return expression;
}

function describe(token: Token | undefined): string {
  return token === undefined ? 'at the end' : `"${String(token.value)}"`;
}
