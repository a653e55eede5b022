import {
  ACTIONS_PROPERTY,
  ALARM_STATES,
  actionsProperties,
  COMPARISON_OPERATOR_NAMES,
  COMPARISON_OPERATORS,
  countActions,
  isAlarmState,
  isComparisonOperator,
  isTreatMissingData,
  TREAT_MISSING_DATA,
} from '../../../src/cloudwatch';

describe('alarm actions per state', () => {
  const topic = { Ref: 'CriticalTopic' };

  it('names the property of each state as CloudFormation does', () => {
    expect(ALARM_STATES.map((state) => ACTIONS_PROPERTY[state])).toEqual(['OKActions', 'AlarmActions', 'InsufficientDataActions']);
  });

  it('writes only the states that have a list, AlarmActions first', () => {
    // Act
    const properties = actionsProperties({ OK: [topic], ALARM: [topic] });

    // Assess
    expect(JSON.stringify(properties)).toBe('{"AlarmActions":[{"Ref":"CriticalTopic"}],"OKActions":[{"Ref":"CriticalTopic"}]}');
    expect(actionsProperties({})).toEqual({});
    expect(actionsProperties({ INSUFFICIENT_DATA: [] })).toEqual({ InsufficientDataActions: [] });
  });

  it('counts the actions over every state', () => {
    expect(countActions({})).toBe(0);
    expect(countActions({ ALARM: [], OK: [] })).toBe(0);
    expect(countActions<unknown>({ ALARM: [topic], OK: [topic], INSUFFICIENT_DATA: ['arn:aws:sns:us-east-1:123456789012:x'] })).toBe(3);
  });
});

describe('comparison operators', () => {
  it('marks the three that compare with an anomaly band', () => {
    expect(COMPARISON_OPERATOR_NAMES.filter((operator) => COMPARISON_OPERATORS[operator].band)).toEqual([
      'LessThanLowerOrGreaterThanUpperThreshold',
      'LessThanLowerThreshold',
      'GreaterThanUpperThreshold',
    ]);
    expect(COMPARISON_OPERATOR_NAMES).toHaveLength(7);
  });

  it('says each the way the notifier shows it and CloudWatch words it', () => {
    expect(COMPARISON_OPERATORS.GreaterThanOrEqualToThreshold).toEqual({ band: false, shown: '≥', stateReason: 'greater than or equal to the threshold' });
    expect(COMPARISON_OPERATORS.LessThanLowerOrGreaterThanUpperThreshold.shown).toBe('outside the band');
  });

  it('recognises only CloudWatch operators, not what an object inherits', () => {
    expect(isComparisonOperator('GreaterThanThreshold')).toBe(true);
    expect(['GreaterThan', 'toString', 'constructor', '', 5, undefined].some(isComparisonOperator)).toBe(false);
  });
});

describe('alarm states and TreatMissingData', () => {
  it('recognises CloudWatch spellings only', () => {
    expect(ALARM_STATES.every(isAlarmState)).toBe(true);
    expect(['alarm', 'Ok', 'INSUFFICIENT', undefined].some(isAlarmState)).toBe(false);
    expect(TREAT_MISSING_DATA.every(isTreatMissingData)).toBe(true);
    expect(['notbreaching', 'NonBreaching', '- TreatMissingData:NonBreaching', null].some(isTreatMissingData)).toBe(false);
  });
});
