import { type DatapointClass, decideAlarmState, evaluationRangeLength, type TreatMissingData } from '../../../../tools/emulators/cloudwatch/alarm-evaluator';

/** The docs' notation: `0` not breaching, `X` breaching, `-` missing; oldest first. */
const range = (points: string): DatapointClass[] => points.split(' ').map((p) => (p === 'X' ? 'breaching' : p === '0' ? 'notBreaching' : 'missing'));

const TREATMENTS: readonly TreatMissingData[] = ['missing', 'ignore', 'breaching', 'notBreaching'];

/** The state per treatment, `retain` where the current state is kept. */
const statesFor = (points: string, evaluationPeriods: number, datapointsToAlarm: number): string[] =>
  TREATMENTS.map((treatment) => decideAlarmState(range(points), evaluationPeriods, datapointsToAlarm, treatment).state);

describe('decideAlarmState, against the tables of "Configuring how CloudWatch alarms treat missing data"', () => {
  it("looks at 5 datapoints for 3 evaluation periods, as the docs' example does", () => {
    expect(evaluationRangeLength(3)).toBe(5);
  });

  // Columns: MISSING, IGNORE, BREACHING, NOT BREACHING
  it.each([
    ['0 - X - X', ['OK', 'OK', 'OK', 'OK']],
    ['0 - - - -', ['OK', 'OK', 'OK', 'OK']],
    ['- - - - -', ['INSUFFICIENT_DATA', 'retain', 'ALARM', 'OK']],
    ['0 X X - X', ['ALARM', 'ALARM', 'ALARM', 'ALARM']],
    ['- - - - X', ['INSUFFICIENT_DATA', 'retain', 'ALARM', 'OK']],
    ['X - - - -', ['ALARM', 'retain', 'ALARM', 'OK']],
  ])('3 out of 3, datapoints %s → %j', (points, expected) => {
    expect(statesFor(points, 3, 3)).toEqual(expected);
  });

  it.each([
    ['0 - X - X', ['ALARM', 'ALARM', 'ALARM', 'ALARM']],
    ['0 0 X 0 X', ['ALARM', 'ALARM', 'ALARM', 'ALARM']],
    ['0 - X - -', ['OK', 'OK', 'ALARM', 'OK']],
    ['- - - - 0', ['OK', 'OK', 'ALARM', 'OK']],
    ['- - - - X', ['INSUFFICIENT_DATA', 'retain', 'ALARM', 'OK']],
  ])('2 out of 3, datapoints %s → %j', (points, expected) => {
    expect(statesFor(points, 3, 2)).toEqual(expected);
  });

  it('evaluates the most recent real datapoints when there are enough, whatever is missing in between', () => {
    // Act: 0 X X - X, 3 out of 3 — the last three real ones are X X X
    const decision = decideAlarmState(range('0 X X - X'), 3, 3, 'notBreaching');

    // Assess
    expect(decision).toEqual({ state: 'ALARM', evaluated: [1, 2, 4], filled: 0, breaching: 3 });
  });

  it('fills in only as many missing datapoints as it takes to make N', () => {
    // Act: 0 - - - -, 3 out of 3, breaching: the 0 and two filled X are not enough
    const decision = decideAlarmState(range('0 - - - -'), 3, 3, 'breaching');

    // Assess: the next evaluation, with the 0 gone from the range, would alarm
    expect(decision).toEqual({ state: 'OK', evaluated: [0], filled: 2, filledAs: 'breaching', breaching: 2 });
    expect(decideAlarmState(range('- - - - -'), 3, 3, 'breaching').state).toBe('ALARM');
  });
});
