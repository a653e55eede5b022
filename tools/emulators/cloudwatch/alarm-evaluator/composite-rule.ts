import { isAlarmState } from '../../../../src/cloudwatch';
import { AlarmRuleSyntaxError } from './errors';
import type { AlarmState } from './types';

/** A parsed `AlarmRule`: state functions, `TRUE`/`FALSE`, and `NOT`/`AND`/`OR` over them. */
export type AlarmRuleExpression =
  | {
      readonly kind: 'state';
      /** The state the function asks for: `ALARM(x)`, `OK(x)` or `INSUFFICIENT_DATA(x)`. */
      readonly state: AlarmState;
      /** The alarm's name (an ARN is reduced to the name after `:alarm:`). */
      readonly alarm: string;
      /** The reference as written in the rule, quotes removed. */
      readonly ref: string;
    }
  | { readonly kind: 'constant'; readonly value: boolean }
  | { readonly kind: 'not'; readonly operand: AlarmRuleExpression }
  | { readonly kind: 'and' | 'or'; readonly left: AlarmRuleExpression; readonly right: AlarmRuleExpression };

const ALARM_ARN = /^arn:[\w-]+:cloudwatch:[\w-]*:\d*:alarm:(.+)$/;

/** The alarm a reference names: itself, or the name at the end of an alarm ARN. */
export const alarmNameOf = (ref: string): string => ALARM_ARN.exec(ref)?.[1] ?? ref;

/**
 * Parses a composite alarm's `AlarmRule` as CloudWatch documents it: `ALARM(name)`, `OK(name)`,
 * `INSUFFICIENT_DATA(name)` (the name quoted or not, or an alarm ARN), `TRUE`, `FALSE`, `NOT`, `AND`,
 * `OR` and parentheses. `NOT` binds tighter than `AND`, which binds tighter than `OR`. Keywords are
 * upper case. An unquoted name runs to the next `)`: quote a name that contains one.
 *
 * @throws {@link AlarmRuleSyntaxError} naming the 1-based character where the rule goes wrong.
 * @example
 * ```ts
 * parseAlarmRule('ALARM("api-5xx") AND NOT ALARM(deploy-in-progress)');
 * ```
 */
export function parseAlarmRule(rule: string): AlarmRuleExpression {
  let at = 0;
  const fail = (what: string, position = at): never => {
    throw new AlarmRuleSyntaxError(`AlarmRule ${what} at character ${position + 1} of ${JSON.stringify(rule)}`, position + 1);
  };
  const skipSpace = (): void => {
    while (at < rule.length && /\s/.test(rule[at] as string)) at += 1;
  };
  /** The upper-case word at the cursor, without consuming it. */
  const peekWord = (): string | undefined => {
    skipSpace();
    return /^[A-Za-z_]+/.exec(rule.slice(at))?.[0];
  };
  const expect = (char: string): void => {
    skipSpace();
    if (rule[at] !== char) fail(`expects "${char}" ${at < rule.length ? `but has "${rule[at]}"` : 'but ends'}`);
    at += 1;
  };

  const alarmReference = (): string => {
    skipSpace();
    const start = at;
    let ref: string;
    if (rule[at] === '"') {
      const close = rule.indexOf('"', at + 1);
      if (close < 0) fail('has an unterminated quoted alarm name');
      ref = rule.slice(at + 1, close);
      at = close + 1;
    } else {
      const close = rule.indexOf(')', at);
      ref = (close < 0 ? rule.slice(at) : rule.slice(at, close)).trim();
      at = close < 0 ? rule.length : close;
    }
    if (ref === '') fail('names no alarm', start);
    return ref;
  };

  const primary = (): AlarmRuleExpression => {
    skipSpace();
    if (rule[at] === '(') {
      at += 1;
      const inner = or();
      expect(')');
      return inner;
    }
    const start = at;
    const word = peekWord();
    if (word === undefined) return fail(at < rule.length ? `has an unexpected "${rule[at]}"` : 'ends where an alarm state, TRUE or FALSE was expected');
    at += word.length;
    if (word === 'TRUE' || word === 'FALSE') return { kind: 'constant', value: word === 'TRUE' };
    if (!isAlarmState(word)) {
      return fail(`has "${word}" where ALARM(...), OK(...), INSUFFICIENT_DATA(...), TRUE, FALSE, NOT or "(" was expected (keywords are upper case)`, start);
    }
    expect('(');
    const ref = alarmReference();
    expect(')');
    return { kind: 'state', state: word, alarm: alarmNameOf(ref), ref };
  };

  const not = (): AlarmRuleExpression => {
    if (peekWord() === 'NOT') {
      at += 3;
      return { kind: 'not', operand: not() };
    }
    return primary();
  };

  const binary = (op: 'AND' | 'OR', operand: () => AlarmRuleExpression) => (): AlarmRuleExpression => {
    let left = operand();
    while (peekWord() === op) {
      at += op.length;
      left = { kind: op === 'AND' ? 'and' : 'or', left, right: operand() };
    }
    return left;
  };
  const and = binary('AND', not);
  const or: () => AlarmRuleExpression = binary('OR', and);

  skipSpace();
  if (at === rule.length) fail('is empty');
  const expression = or();
  skipSpace();
  if (at < rule.length) fail(`has "${rule.slice(at, at + 20)}" after a complete rule (join conditions with AND or OR)`);
  return expression;
}

/** Whether the rule is TRUE when each alarm is in the state `stateOf` gives. */
export function evaluateAlarmRule(expression: AlarmRuleExpression, stateOf: (alarmName: string) => AlarmState): boolean {
  switch (expression.kind) {
    case 'state':
      return stateOf(expression.alarm) === expression.state;
    case 'constant':
      return expression.value;
    case 'not':
      return !evaluateAlarmRule(expression.operand, stateOf);
    case 'and':
      // Both sides are read, so a missing alarm fails loudly whatever the other side says.
      return [evaluateAlarmRule(expression.left, stateOf), evaluateAlarmRule(expression.right, stateOf)].every(Boolean);
    case 'or':
      return [evaluateAlarmRule(expression.left, stateOf), evaluateAlarmRule(expression.right, stateOf)].some(Boolean);
  }
}

/** The alarms a rule names, each once, in the order they first appear. */
export function alarmsNamedIn(expression: AlarmRuleExpression): string[] {
  const names = new Set<string>();
  const visit = (node: AlarmRuleExpression): void => {
    if (node.kind === 'state') names.add(node.alarm);
    else if (node.kind === 'not') visit(node.operand);
    else if (node.kind === 'and' || node.kind === 'or') {
      visit(node.left);
      visit(node.right);
    }
  };
  visit(expression);
  return [...names];
}
