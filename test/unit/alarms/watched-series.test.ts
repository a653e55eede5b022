import { AlarmKind, type MetricAlarmSpec } from '../../../alarms';
import { watchesOf } from '../../../alarms/watched-series';
import { lambdaMetric, mathExpression, metricStat } from '../../../src/cloudwatch';

const spec = (overrides: Partial<MetricAlarmSpec>): MetricAlarmSpec => ({
  kind: AlarmKind.LambdaThrottles,
  signal: 'create-order-throttles',
  tier: 'warning',
  meaning: 'throttled',
  action: 'look',
  metrics: [metricStat('throttles', lambdaMetric('orders-dev-createOrder', 'Throttles'), 'Sum', 60, true)],
  comparison: 'GreaterThanOrEqualToThreshold',
  threshold: 1,
  evaluationPeriods: 5,
  datapointsToAlarm: 3,
  treatMissingData: 'notBreaching',
  logGroups: [],
  ...overrides,
});

describe('watchesOf', () => {
  it('tells a dashboard the series an alarm compares, and its threshold', () => {
    // Act
    const { watches } = watchesOf(spec({}));

    // Assess
    expect(watches).toEqual({ metrics: spec({}).metrics, returnedId: 'throttles', comparison: 'GreaterThanOrEqualToThreshold', threshold: 1 });
  });

  it('tells nothing of an anomaly band alarm, whose threshold moves', () => {
    // Prepare
    const value = metricStat('value', lambdaMetric('orders-dev-createOrder', 'Invocations'), 'Sum', 300, true);
    const band = spec({ metrics: [value, mathExpression('band', 'ANOMALY_DETECTION_BAND(value, 2)', 'band')], comparison: 'LessThanLowerThreshold', threshold: undefined, thresholdMetricId: 'band' });

    // Act + Assess
    expect(watchesOf(band)).toEqual({});
  });
});
