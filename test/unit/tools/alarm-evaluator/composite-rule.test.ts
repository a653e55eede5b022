import { type AlarmRuleExpression, AlarmRuleSyntaxError, type AlarmState, alarmsNamedIn, evaluateAlarmRule, parseAlarmRule } from '../../../../tools/emulators/cloudwatch/alarm-evaluator';

/** Whether `rule` is TRUE with the given states (alarms not listed are OK). */
const holds = (rule: string, states: Record<string, AlarmState> = {}): boolean => evaluateAlarmRule(parseAlarmRule(rule), (name) => states[name] ?? 'OK');

/** The syntax error `rule` throws; fails the test when it parses. */
function syntaxErrorOf(rule: string): AlarmRuleSyntaxError {
  try {
    parseAlarmRule(rule);
  } catch (error) {
    if (error instanceof AlarmRuleSyntaxError) return error;
    throw error;
  }
  throw new Error(`"${rule}" parsed`);
}

describe('parseAlarmRule and evaluateAlarmRule', () => {
  it('is TRUE for ALARM, OK and INSUFFICIENT_DATA only when the named alarm is in that state', () => {
    const states: Record<string, AlarmState> = { a: 'ALARM', b: 'OK', c: 'INSUFFICIENT_DATA' };

    expect([holds('ALARM("a")', states), holds('ALARM("b")', states), holds('ALARM("c")', states)]).toEqual([true, false, false]);
    expect([holds('OK("a")', states), holds('OK("b")', states), holds('OK("c")', states)]).toEqual([false, true, false]);
    expect([holds('INSUFFICIENT_DATA("a")', states), holds('INSUFFICIENT_DATA("b")', states), holds('INSUFFICIENT_DATA("c")', states)]).toEqual([false, false, true]);
  });

  it('combines with AND, OR and NOT, and TRUE and FALSE are constants', () => {
    const states: Record<string, AlarmState> = { a: 'ALARM', b: 'OK' };

    expect(holds('ALARM(a) AND ALARM(b)', states)).toBe(false);
    expect(holds('ALARM(a) OR ALARM(b)', states)).toBe(true);
    expect(holds('NOT ALARM(b)', states)).toBe(true);
    expect(holds('NOT NOT ALARM(b)', states)).toBe(false);
    expect([holds('TRUE'), holds('FALSE'), holds('TRUE AND FALSE'), holds('FALSE OR TRUE')]).toEqual([true, false, false, true]);
  });

  it('binds NOT tighter than AND, and AND tighter than OR', () => {
    // Prepare: a in ALARM, b and c OK
    const states: Record<string, AlarmState> = { a: 'ALARM', b: 'OK', c: 'OK' };

    // Assess: NOT (a AND b) would be TRUE; (NOT a) AND b is FALSE
    expect(holds('NOT ALARM(a) AND ALARM(b)', states)).toBe(false);
    // a OR (b AND c) is TRUE; (a OR b) AND c would be FALSE
    expect(holds('ALARM(a) OR ALARM(b) AND ALARM(c)', states)).toBe(true);
    expect(parseAlarmRule('ALARM(a) OR ALARM(b) AND NOT ALARM(c)')).toEqual({
      kind: 'or',
      left: { kind: 'state', state: 'ALARM', alarm: 'a', ref: 'a' },
      right: { kind: 'and', left: { kind: 'state', state: 'ALARM', alarm: 'b', ref: 'b' }, right: { kind: 'not', operand: { kind: 'state', state: 'ALARM', alarm: 'c', ref: 'c' } } },
    } satisfies AlarmRuleExpression);
  });

  it('follows parentheses, nested', () => {
    const states: Record<string, AlarmState> = { a: 'ALARM', b: 'OK', c: 'OK' };

    expect(holds('(ALARM(a) OR ALARM(b)) AND ALARM(c)', states)).toBe(false);
    expect(holds('NOT (ALARM(b) AND (ALARM(c) OR ALARM(a)))', states)).toBe(true);
    expect(holds('((((ALARM(a)))))', states)).toBe(true);
  });

  it('reads names quoted or not, with spaces around them, and an alarm ARN as its name', () => {
    // Act
    const rule = parseAlarmRule('ALARM( "orders dev (critical)" ) OR OK( plain-name ) OR ALARM("arn:aws:cloudwatch:us-east-1:123456789012:alarm:orders-dev-api-5xx-rate-critical")');

    // Assess
    expect(alarmsNamedIn(rule)).toEqual(['orders dev (critical)', 'plain-name', 'orders-dev-api-5xx-rate-critical']);
    expect(holds('ALARM(arn:aws-cn:cloudwatch:cn-north-1:123456789012:alarm:x)', { x: 'ALARM' })).toBe(true);
  });

  it("reads the generator's tier rule: any member in ALARM unless critical is", () => {
    const rule = '(ALARM("orders-dev-api-latency-p99-warning") OR ALARM("orders-dev-orders-stopped-warning")) AND NOT (ALARM("orders-dev-critical"))';

    expect(holds(rule, { 'orders-dev-orders-stopped-warning': 'ALARM' })).toBe(true);
    expect(holds(rule, { 'orders-dev-orders-stopped-warning': 'ALARM', 'orders-dev-critical': 'ALARM' })).toBe(false);
  });

  it('refuses a malformed rule, naming the character where it goes wrong', () => {
    expect(syntaxErrorOf('ALARM("a") AND')).toMatchObject({ position: 15, message: expect.stringContaining('ends where an alarm state, TRUE or FALSE was expected at character 15') });
    expect(syntaxErrorOf('ALARM("a" OR ALARM("b")')).toMatchObject({ position: 11, message: expect.stringContaining('expects ")" but has "O"') });
    expect(syntaxErrorOf('ALARM("a) AND ALARM(b)').message).toContain('unterminated quoted alarm name at character 7');
    expect(syntaxErrorOf('alarm(a)').message).toContain('"alarm" where ALARM(...), OK(...), INSUFFICIENT_DATA(...), TRUE, FALSE, NOT or "(" was expected (keywords are upper case) at character 1');
    expect(syntaxErrorOf('ALARM(a) ALARM(b)').message).toContain('after a complete rule (join conditions with AND or OR) at character 10');
    expect(syntaxErrorOf('ALARM()').message).toContain('names no alarm at character 7');
    expect(syntaxErrorOf('(ALARM(a)').position).toBe(10);
    expect(syntaxErrorOf('   ').message).toContain('is empty');
  });
});
