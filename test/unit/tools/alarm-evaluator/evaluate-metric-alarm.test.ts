import { type AlarmState, evaluateMetricAlarm, type TreatMissingData } from '../../../../tools/emulators/cloudwatch/alarm-evaluator';
import { MetricStore } from '../../../../tools/emulators/cloudwatch/metric-store';
import { at, dimensionsOf, ERRORS, metricAlarm, REQUESTS, record, recordSeries } from './support';

/** A store with one value per minute of ERRORS from minute 0. */
const storeOf = (values: readonly (number | undefined)[]): MetricStore => {
  const store = new MetricStore();
  recordSeries(store, ERRORS, 0, values);
  return store;
};

describe('evaluateMetricAlarm', () => {
  it.each([
    ['GreaterThanOrEqualToThreshold', [4, 5, 6], ['OK', 'ALARM', 'ALARM']],
    ['GreaterThanThreshold', [4, 5, 6], ['OK', 'OK', 'ALARM']],
    ['LessThanThreshold', [4, 5, 6], ['ALARM', 'OK', 'OK']],
    ['LessThanOrEqualToThreshold', [4, 5, 6], ['ALARM', 'ALARM', 'OK']],
  ])('compares with %s against the threshold 5: values %j', (comparison, values, expected) => {
    // Prepare: one evaluation period each
    const alarm = metricAlarm({ ComparisonOperator: comparison, EvaluationPeriods: 1 });

    // Act: the minute after each value
    const states = values.map((value) => evaluateMetricAlarm(alarm, storeOf([value]), at(1)).state);

    // Assess
    expect(states).toEqual(expected);
  });

  it('alarms on 3 out of 3 only when all three datapoints breach', () => {
    const alarm = metricAlarm({ EvaluationPeriods: 3, DatapointsToAlarm: 3 });

    expect(evaluateMetricAlarm(alarm, storeOf([9, 9, 9]), at(3)).state).toBe('ALARM');
    expect(evaluateMetricAlarm(alarm, storeOf([9, 1, 9]), at(3)).state).toBe('OK');
  });

  it('alarms on 2 out of 3, the breaching datapoints not consecutive, and says so as CloudWatch does', () => {
    // Prepare: minutes 1..5 in the range; the last three are 1, 40, 45
    const alarm = metricAlarm({ EvaluationPeriods: 3, DatapointsToAlarm: 2 });
    const store = storeOf([undefined, 0, 0, 1, 40, 45]);

    // Act
    const result = evaluateMetricAlarm(alarm, store, at(6));

    // Assess
    expect(result.state).toBe('ALARM');
    expect(result.reason).toBe(
      'Threshold Crossed: 2 out of the last 3 datapoints [45.0 (23/11/26 10:05:00), 40.0 (23/11/26 10:04:00)] were greater than or equal to the threshold (5.0) (minimum 2 datapoints for OK -> ALARM transition).',
    );
    expect(evaluateMetricAlarm(alarm, storeOf([undefined, 0, 0, 9, 1, 9]), at(6)).state).toBe('ALARM');
    expect(evaluateMetricAlarm(alarm, storeOf([undefined, 0, 0, 9, 1, 1]), at(6)).state).toBe('OK');
  });

  it('words an OK like the notify-slack fixture: one datapoint, not less than the threshold', () => {
    const alarm = metricAlarm({ ComparisonOperator: 'LessThanThreshold', Threshold: 1, EvaluationPeriods: 1 });

    expect(evaluateMetricAlarm(alarm, storeOf([1]), at(1)).reason).toBe('Threshold Crossed: 1 datapoint [1.0 (23/11/26 10:00:00)] was not less than the threshold (1.0).');
  });

  it('does not evaluate the period that is still running', () => {
    // Prepare: a breach recorded in minute 4, evaluated 10 s into minute 4
    const alarm = metricAlarm({ EvaluationPeriods: 1, TreatMissingData: 'notBreaching' });
    const store = storeOf([1, 1, 1, 1, 9]);

    // Act / Assess: only once minute 4 is complete
    expect(evaluateMetricAlarm(alarm, store, at(4)).state).toBe('OK');
    expect(evaluateMetricAlarm(alarm, store, at(5, 0)).state).toBe('ALARM');
  });

  it('slides its periods with the evaluation minute, as CloudWatch queries them', () => {
    // Prepare: 5-minute periods; 9 errors at 10:04 and 9 at 10:06 fall in two periods
    const alarm = metricAlarm({ Period: 300, EvaluationPeriods: 1, Threshold: 10 });
    const store = new MetricStore();
    record(store, ERRORS, 4, 9);
    record(store, ERRORS, 6, 9);

    // Act: at 10:11 the last period is [10:06, 10:11); at 10:09 it is [10:04, 10:09), with both
    const later = evaluateMetricAlarm(alarm, store, at(11));
    const both = evaluateMetricAlarm(alarm, store, at(9));

    // Assess
    expect(later.reason).toBe('Threshold Crossed: 1 datapoint [9.0 (23/11/26 10:06:00)] was not greater than or equal to the threshold (10.0).');
    expect([later.state, both.state]).toEqual(['OK', 'ALARM']);
  });

  describe('missing data, through the metric store (3 out of 3; the range is minutes 0..4)', () => {
    const states = (values: readonly (number | undefined)[], current: AlarmState = 'OK'): Record<TreatMissingData, AlarmState> => {
      const store = storeOf(values);
      const of = (treatment: TreatMissingData): AlarmState => evaluateMetricAlarm(metricAlarm({ TreatMissingData: treatment }), store, at(5), current).state;
      return { missing: of('missing'), ignore: of('ignore'), breaching: of('breaching'), notBreaching: of('notBreaching') };
    };

    it('missing at the start: - - - - X', () => {
      expect(states([undefined, undefined, undefined, undefined, 9])).toEqual({ missing: 'INSUFFICIENT_DATA', ignore: 'OK', breaching: 'ALARM', notBreaching: 'OK' });
      expect(states([undefined, undefined, undefined, undefined, 9], 'ALARM').ignore).toBe('ALARM');
    });

    it('missing at the end, after a breach: X - - - -', () => {
      expect(states([9])).toEqual({ missing: 'ALARM', ignore: 'OK', breaching: 'ALARM', notBreaching: 'OK' });
    });

    it('missing in the middle: 0 - X - X', () => {
      expect(states([1, undefined, 9, undefined, 9])).toEqual({ missing: 'OK', ignore: 'OK', breaching: 'OK', notBreaching: 'OK' });
    });

    it('missing in the middle, with enough real datapoints: 0 X X - X', () => {
      expect(states([1, 9, 9, undefined, 9])).toEqual({ missing: 'ALARM', ignore: 'ALARM', breaching: 'ALARM', notBreaching: 'ALARM' });
    });

    it('nothing at all: INSUFFICIENT_DATA, kept, ALARM or OK', () => {
      expect(states([], 'ALARM')).toEqual({ missing: 'INSUFFICIENT_DATA', ignore: 'ALARM', breaching: 'ALARM', notBreaching: 'OK' });
    });

    it('says how many missing datapoints it filled in, and as what', () => {
      const alarm = metricAlarm({ TreatMissingData: 'breaching' });

      expect(evaluateMetricAlarm(alarm, storeOf([]), at(5)).reason).toBe('Threshold Crossed: no datapoints were received for 3 periods and 3 missing datapoints were treated as [Breaching].');
      expect(evaluateMetricAlarm(alarm, storeOf([undefined, undefined, undefined, undefined, 9]), at(5)).reason).toBe(
        'Threshold Crossed: 3 out of the last 3 datapoints [9.0 (23/11/26 10:04:00)] were greater than or equal to the threshold (5.0) (2 missing datapoints were treated as [Breaching]) (minimum 3 datapoints for OK -> ALARM transition).',
      );
      expect(evaluateMetricAlarm(metricAlarm(), storeOf([]), at(5)).reason).toBe('Insufficient Data: 3 datapoints were unknown.');
    });

    it('always ignores missing data on AWS/DynamoDB metrics, whatever is configured', () => {
      // Prepare: a DynamoDB metric that only has datapoints when something goes wrong
      const alarm = metricAlarm({ Namespace: 'AWS/DynamoDB', MetricName: 'ThrottledRequests', Dimensions: [{ Name: 'TableName', Value: 'orders' }], TreatMissingData: 'breaching' });

      // Act
      const result = evaluateMetricAlarm(alarm, new MetricStore(), at(5), 'OK');

      // Assess
      expect(alarm.effectiveTreatMissingData).toBe('ignore');
      expect(result).toMatchObject({ state: 'OK', reason: 'Retained OK: too few datapoints to decide and alarms on AWS/DynamoDB metrics always ignore missing data.' });
    });
  });

  it('alarms on p99 over a period: the nearest-rank 99th percentile of its samples', () => {
    // Prepare: 100 latency samples in minute 0: 1, 2, ..., 100 ms
    const store = new MetricStore();
    record(store, ERRORS, 0, ...Array.from({ length: 100 }, (_, i) => i + 1));
    const p99Above = (threshold: number) => metricAlarm({ Statistic: undefined, ExtendedStatistic: 'p99', ComparisonOperator: 'GreaterThanThreshold', Threshold: threshold, EvaluationPeriods: 1 });

    // Act
    const justBelow = evaluateMetricAlarm(p99Above(98), store, at(1));
    const atIt = evaluateMetricAlarm(p99Above(99), store, at(1));

    // Assess: p99 of 1..100 is 99
    expect(justBelow).toMatchObject({ state: 'ALARM', reason: 'Threshold Crossed: 1 datapoint [99.0 (23/11/26 10:00:00)] was greater than the threshold (98.0).' });
    expect(atIt.state).toBe('OK');
  });

  it('alarms on a FILL/IF error-rate expression, as the generated rate alarms compute it', () => {
    // Prepare: 2 out of 3 minutes above 5%, rates only with at least 10 requests
    const stat = (id: string, metric: typeof ERRORS) => ({
      Id: id,
      MetricStat: { Metric: { Namespace: metric.namespace, MetricName: metric.metricName, Dimensions: dimensionsOf(metric) }, Period: 60, Stat: 'Sum' },
      ReturnData: false,
    });
    const alarm = metricAlarm({
      Namespace: undefined,
      MetricName: undefined,
      Dimensions: undefined,
      Statistic: undefined,
      Period: undefined,
      Metrics: [stat('errors', ERRORS), stat('requests', REQUESTS), { Id: 'rate', Expression: 'IF(requests >= 10, 100 * FILL(errors, 0) / requests, 0)', Label: 'error rate (%)' }],
      ComparisonOperator: 'GreaterThanThreshold',
      EvaluationPeriods: 3,
      DatapointsToAlarm: 2,
    });
    const store = new MetricStore();
    // minute 0: 20 requests, no error datapoint (FILL → 0%); 1: 4 of 20 (20%); 2: 5 of 5 (too few: 0); 3: 2 of 20 (10%)
    for (const [minute, count] of [20, 20, 5, 20].entries()) record(store, REQUESTS, minute, ...Array<number>(count).fill(1));
    record(store, ERRORS, 1, 4);
    record(store, ERRORS, 2, 5);
    record(store, ERRORS, 3, 2);

    // Act
    const afterThree = evaluateMetricAlarm(alarm, store, at(3));
    const afterFour = evaluateMetricAlarm(alarm, store, at(4));

    // Assess: 0, 20, 0 is one breach; 20, 0, 10 is two
    expect(afterThree.range.map((p) => p.value)).toEqual([undefined, undefined, 0, 20, 0]);
    expect(afterThree.state).toBe('OK');
    expect(afterFour).toMatchObject({
      state: 'ALARM',
      reason:
        'Threshold Crossed: 2 out of the last 3 datapoints [10.0 (23/11/26 10:03:00), 20.0 (23/11/26 10:01:00)] were greater than the threshold (5.0) (minimum 2 datapoints for OK -> ALARM transition).',
    });
  });
});
