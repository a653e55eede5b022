import { AlarmRuleSyntaxError, type CfnResources, InvalidAlarmError, LocalAlarmError, readAlarms, UnsupportedAlarmError } from '../../../../tools/emulators/cloudwatch/alarm-evaluator';
import { MetricQueryError } from '../../../../tools/emulators/cloudwatch/metric-store';
import { alarmResource, compositeResource, dimensionsOf, ERRORS } from './support';

/** The error reading `resources` throws; fails the test when they read. */
function refusalOf(resources: CfnResources): LocalAlarmError {
  try {
    readAlarms(resources);
  } catch (error) {
    if (error instanceof LocalAlarmError) return error;
    throw error;
  }
  throw new Error('the alarms were read');
}

const errorsStat = {
  Id: 'errors',
  MetricStat: { Metric: { Namespace: ERRORS.namespace, MetricName: ERRORS.metricName, Dimensions: dimensionsOf(ERRORS) }, Period: 60, Stat: 'Sum' },
  ReturnData: false,
};
/** A metric-math alarm over ERRORS whose returned expression is `expression`. */
const mathAlarm = (expression: string, extra: Record<string, unknown> = {}) =>
  alarmResource({
    Namespace: undefined,
    MetricName: undefined,
    Dimensions: undefined,
    Statistic: undefined,
    Period: undefined,
    Metrics: [errorsStat, { Id: 'value', Expression: expression }],
    ...extra,
  });

describe('readAlarms', () => {
  it('reads both forms of metric alarm and a composite, composites after the alarms they read', () => {
    // Act: the composite first in the template, reading another composite declared after it
    const alarms = readAlarms({
      Outer: compositeResource({ AlarmName: 'outer', AlarmRule: 'ALARM(inner) OR ALARM(errors-high)' }),
      Inner: compositeResource({ AlarmName: 'inner', AlarmRule: 'ALARM("errors-math")' }),
      Single: alarmResource(),
      Math: mathAlarm('FILL(errors, 0) * 2', { AlarmName: 'errors-math' }),
      Topic: { Type: 'AWS::SNS::Topic', Properties: { TopicName: 'alerts' } },
    });

    // Assess
    expect(alarms.map((a) => [a.name, a.kind])).toEqual([
      ['errors-high', 'metric'],
      ['errors-math', 'metric'],
      ['inner', 'composite'],
      ['outer', 'composite'],
    ]);
    expect(alarms[0]).toMatchObject({
      form: 'metric',
      valueId: 'm1',
      queries: [{ id: 'm1', metric: ERRORS, stat: 'Sum', periodSeconds: 60, returnData: true }],
      datapointsToAlarm: 3,
      treatMissingData: 'missing',
    });
    expect(alarms[1]).toMatchObject({ form: 'math', valueId: 'value', threshold: { kind: 'static', value: 5 } });
  });

  it('keeps actions and the description as the template gives them', () => {
    // Act
    const [alarm] = readAlarms({
      A: alarmResource({ AlarmDescription: { 'Fn::Sub': 'in ${AWS::Region}' }, AlarmActions: [{ Ref: 'Topic' }], OKActions: ['arn:aws:sns:us-east-1:123456789012:ok'], ActionsEnabled: 'false' }),
      Topic: { Type: 'AWS::SNS::Topic', Properties: { TopicName: 'alerts' } },
    });

    // Assess
    expect(alarm).toMatchObject({
      description: { 'Fn::Sub': 'in ${AWS::Region}' },
      actions: { enabled: false, perState: { ALARM: [{ Ref: 'Topic' }], OK: ['arn:aws:sns:us-east-1:123456789012:ok'], INSUFFICIENT_DATA: [] }, topicNames: { Topic: 'alerts' } },
    });
  });

  it('refuses an unknown math function, found by checking every expression up front', () => {
    const error = refusalOf({ A: mathAlarm('RATE(errors)') });

    expect(error).toBeInstanceOf(UnsupportedAlarmError);
    expect(error.message).toBe('alarm "errors-high": Metrics[1] (id "value") cannot be evaluated locally: the function RATE is not supported by the local evaluator');
  });

  it('refuses a helper expression that fails even when only the returned one is compared', () => {
    const error = refusalOf({
      A: alarmResource({
        Namespace: undefined,
        MetricName: undefined,
        Dimensions: undefined,
        Statistic: undefined,
        Period: undefined,
        Metrics: [errorsStat, { Id: 'spare', Expression: 'SLICE(errors, 0, 1)', ReturnData: false }, { Id: 'value', Expression: 'errors' }],
      }),
    });

    expect(error.message).toContain('alarm "errors-high": Metrics[1] (id "spare") cannot be evaluated locally: the function SLICE');
  });

  it.each([
    [
      'EvaluateLowSampleCountPercentile "ignore"',
      { ExtendedStatistic: 'p99', Statistic: undefined, EvaluateLowSampleCountPercentile: 'ignore' },
      'alarm "errors-high": EvaluateLowSampleCountPercentile is "ignore"',
    ],
    ['a Unit', { Unit: 'Count' }, 'alarm "errors-high": Unit filters datapoints by unit'],
    ['a trimmed mean', { ExtendedStatistic: 'TM(10%:90%)', Statistic: undefined }, 'alarm "errors-high": ExtendedStatistic is "TM(10%:90%)", a statistic the local evaluator does not compute'],
    ['a misspelt property', { Treshold: 5 }, 'alarm "errors-high": Treshold is not a property this evaluator knows'],
  ])('refuses %s, naming the alarm and the property', (_, properties, message) => {
    const error = refusalOf({ A: alarmResource(properties) });

    expect(error).toBeInstanceOf(UnsupportedAlarmError);
    expect(error.message).toContain(message);
  });

  it('refuses a trimmed mean and a unit inside Metrics, and a metric of another account', () => {
    const withStat = (metricStat: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
      refusalOf({
        A: alarmResource({
          Namespace: undefined,
          MetricName: undefined,
          Dimensions: undefined,
          Statistic: undefined,
          Period: undefined,
          Metrics: [{ ...errorsStat, ...extra, MetricStat: { ...errorsStat.MetricStat, ...metricStat }, ReturnData: true }],
        }),
      });

    const trimmed = withStat({ Stat: 'TM99' });
    expect(trimmed.message).toContain('alarm "errors-high": Metrics[0].MetricStat.Stat is "TM99"');
    expect(trimmed.cause).toBeInstanceOf(MetricQueryError);
    expect(withStat({ Unit: 'Count' }).message).toContain('alarm "errors-high": Metrics[0].MetricStat.Unit filters datapoints by unit');
    expect(withStat({}, { AccountId: '111122223333' }).message).toContain('alarm "errors-high": Metrics[0].AccountId reads a metric of another account');
  });

  it('refuses SEARCH and an anomaly band that is not the threshold', () => {
    expect(refusalOf({ A: mathAlarm(`MAX(SEARCH('{Periscope/Test,service} MetricName="Errors"', 'Sum', 60))`) }).message).toContain(
      'Metrics[1].Expression (id "value") uses SEARCH, which CloudWatch alarms cannot use',
    );
    expect(refusalOf({ A: mathAlarm('ANOMALY_DETECTION_BAND(errors, 2)') }).message).toContain("uses ANOMALY_DETECTION_BAND other than as the alarm's ThresholdMetricId");
  });

  it('refuses a rule that is not a plain string, and a rule that does not parse', () => {
    const joined = refusalOf({ C: compositeResource({ AlarmName: 'tier', AlarmRule: { 'Fn::Join': [' OR ', ['ALARM(a)', 'ALARM(b)']] } }) });
    const broken = refusalOf({ A: alarmResource(), C: compositeResource({ AlarmName: 'tier', AlarmRule: 'ALARM(errors-high) AND' }) });

    expect(joined).toBeInstanceOf(UnsupportedAlarmError);
    expect(joined.message).toContain('alarm "tier": AlarmRule is {"Fn::Join":[" OR ",["ALARM(a)","ALARM(b)"]]}, not a plain string');
    expect(broken).toBeInstanceOf(InvalidAlarmError);
    expect(broken.message).toContain('alarm "tier": AlarmRule does not parse: AlarmRule ends where');
    expect(broken.cause).toBeInstanceOf(AlarmRuleSyntaxError);
  });

  it('refuses a rule or a suppressor naming an alarm that does not exist', () => {
    expect(refusalOf({ A: alarmResource(), C: compositeResource({ AlarmName: 'tier', AlarmRule: 'ALARM(errors-high) OR ALARM(erors-high)' }) }).message).toBe(
      'alarm "tier": AlarmRule names the alarm "erors-high", which is not an alarm of these resources',
    );
    expect(
      refusalOf({
        A: alarmResource(),
        C: compositeResource({ AlarmName: 'tier', AlarmRule: 'ALARM(errors-high)', ActionsSuppressor: 'deploying', ActionsSuppressorWaitPeriod: 60, ActionsSuppressorExtensionPeriod: 60 }),
      }).message,
    ).toBe('alarm "tier": ActionsSuppressor names the alarm "deploying", which is not an alarm of these resources');
  });

  it('resolves a suppressor given as a Ref or an Fn::GetAtt Arn to an alarm of the template, and needs both its periods', () => {
    const composite = (suppressor: unknown, periods: Record<string, unknown> = { ActionsSuppressorWaitPeriod: 120, ActionsSuppressorExtensionPeriod: 300 }) =>
      compositeResource({ AlarmName: 'tier', AlarmRule: 'TRUE', ActionsSuppressor: suppressor, ...periods });

    expect(readAlarms({ A: alarmResource(), C: composite({ Ref: 'A' }) })[1]).toMatchObject({ suppressor: { alarmName: 'errors-high', waitSeconds: 120, extensionSeconds: 300 } });
    expect(readAlarms({ A: alarmResource(), C: composite({ 'Fn::GetAtt': ['A', 'Arn'] }) })[1]).toMatchObject({ suppressor: { alarmName: 'errors-high' } });
    expect(refusalOf({ A: alarmResource(), C: composite({ Ref: 'A' }, { ActionsSuppressorWaitPeriod: 120 }) }).message).toBe(
      'alarm "tier": ActionsSuppressorExtensionPeriod is required with ActionsSuppressor',
    );
  });

  it('refuses a cycle of composites, naming it', () => {
    const error = refusalOf({
      A: compositeResource({ AlarmName: 'a', AlarmRule: 'ALARM(b)' }),
      B: compositeResource({ AlarmName: 'b', AlarmRule: 'ALARM(c) OR TRUE' }),
      C: compositeResource({ AlarmName: 'c', AlarmRule: 'NOT ALARM(a)' }),
    });

    expect(error).toBeInstanceOf(UnsupportedAlarmError);
    expect(error.message).toBe('alarm "a": AlarmRule or ActionsSuppressor forms a cycle of composite alarms (a → b → c → a), which CloudWatch stops evaluating');
  });

  it.each([
    ['DatapointsToAlarm above EvaluationPeriods', { DatapointsToAlarm: 4 }, 'alarm "errors-high": DatapointsToAlarm is 4, more than EvaluationPeriods (3)'],
    ['an unknown comparison', { ComparisonOperator: 'GreaterThan' }, 'alarm "errors-high": ComparisonOperator is "GreaterThan", which is not one of'],
    [
      'a band comparison without a band',
      { ComparisonOperator: 'LessThanLowerThreshold' },
      'alarm "errors-high": ComparisonOperator is LessThanLowerThreshold, which needs an anomaly band (ThresholdMetricId)',
    ],
    ['an unknown TreatMissingData', { TreatMissingData: 'notbreaching' }, 'alarm "errors-high": TreatMissingData is "notbreaching", which is not one of breaching, notBreaching, ignore, missing'],
    ['a period that is not one', { Period: 45 }, 'alarm "errors-high": Period is 45: a period is 10, 30 or a multiple of 60 seconds'],
    ['more than a day of evaluation', { Period: 3600, EvaluationPeriods: 25 }, 'alarm "errors-high": EvaluationPeriods × Period is 90000 s: CloudWatch evaluates at most one day'],
    ['a missing threshold', { Threshold: undefined }, 'alarm "errors-high": Threshold is required'],
  ])('refuses %s as CloudWatch would', (_, properties, message) => {
    const error = refusalOf({ A: alarmResource(properties) });

    expect(error).toBeInstanceOf(InvalidAlarmError);
    expect(error.message).toContain(message);
  });

  it('refuses an alarm created only under a CloudFormation Condition', () => {
    expect(refusalOf({ A: { ...alarmResource(), Condition: 'IsProd' } }).message).toBe(
      'alarm "errors-high": Condition "IsProd" decides at deploy time whether the alarm exists, which cannot be known locally',
    );
  });

  it('refuses two alarms with one name', () => {
    expect(refusalOf({ A: alarmResource(), B: alarmResource() }).message).toContain('alarm "errors-high": AlarmName is used by two alarms');
  });
});
