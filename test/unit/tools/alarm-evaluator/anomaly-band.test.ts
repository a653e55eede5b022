import { generateAlarms } from '../../../../alarms';
import { ordersServiceResources } from '../../../../deploy/service-resources';
import { catalog } from '../../../../observability.config';
import { AlarmEvaluator, anomalyBand, evaluateMetricAlarm } from '../../../../tools/emulators/cloudwatch/alarm-evaluator';
import { MetricStore, type Points } from '../../../../tools/emulators/cloudwatch/metric-store';
import { at, dimensionsOf, ERRORS, metricAlarm, recordSeries, T0 } from './support';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const QUARTER = 15 * 60_000;

describe('anomalyBand', () => {
  it('builds the band from the same time of day on previous days: mean ± width × standard deviation', () => {
    // Prepare: three previous days, 9:00–11:00 every 15 minutes, at 18, 20 and 22; and a 03:00 spike each day
    const series = new Map<number, number>();
    for (const [daysBack, value] of [
      [3, 18],
      [2, 20],
      [1, 22],
    ] as const) {
      for (let offset = -HOUR; offset <= HOUR; offset += QUARTER) series.set(T0 - daysBack * DAY + offset, value);
      series.set(T0 - daysBack * DAY - 7 * HOUR, 100);
    }

    // Act
    const band = anomalyBand(series, T0, 3);

    // Assess: 27 samples, mean 20, deviation √(8/3) ≈ 1.633; the spikes are another time of day
    expect(band).toMatchObject({ basis: 'same-time-of-day', samples: 27, center: 20 });
    expect(band?.spread).toBeCloseTo(Math.sqrt(8 / 3), 10);
    expect(band?.lower).toBeCloseTo(20 - 3 * Math.sqrt(8 / 3), 10);
    expect(band?.upper).toBeCloseTo(20 + 3 * Math.sqrt(8 / 3), 10);
  });

  it('falls back to the trailing 24 hours with less than a day of history', () => {
    // Prepare: six hours alternating 10 and 30
    const series: Points = new Map(Array.from({ length: 24 }, (_, i) => [T0 - (24 - i) * QUARTER, i % 2 === 0 ? 10 : 30]));

    // Act / Assess: mean 20, deviation 10
    expect(anomalyBand(series, T0, 2)).toEqual({ basis: 'trailing-24h', samples: 24, center: 20, spread: 10, lower: 0, upper: 40 });
  });

  it('still has a band for a flat series: the spread is at least 5% of the mean', () => {
    const flat: Points = new Map(Array.from({ length: 14 }, (_, i) => [T0 - (i + 1) * QUARTER, 20]));

    expect(anomalyBand(flat, T0, 3)).toMatchObject({ center: 20, spread: 1, lower: 17, upper: 23 });
  });

  it('has no band with fewer than 12 history values, and never looks at the period itself or later', () => {
    const eleven: Points = new Map([...Array.from({ length: 11 }, (_, i): [number, number] => [T0 - (i + 1) * QUARTER, 20]), [T0, 20], [T0 + QUARTER, 20]]);

    expect(anomalyBand(eleven, T0, 2)).toBeUndefined();
  });

  it.each([
    ['LessThanLowerThreshold', ['ALARM', 'OK', 'OK']],
    ['GreaterThanUpperThreshold', ['OK', 'OK', 'ALARM']],
    ['LessThanLowerOrGreaterThanUpperThreshold', ['ALARM', 'OK', 'ALARM']],
  ])("compares with the band's bounds with %s: values 17, 20 and 23 against [18, 22]", (comparison, expected) => {
    // Prepare: 30 minutes at 20 give the band 20 ± 2 × 1
    const alarm = metricAlarm({
      Namespace: undefined,
      MetricName: undefined,
      Dimensions: undefined,
      Statistic: undefined,
      Period: undefined,
      Threshold: undefined,
      Metrics: [
        { Id: 'value', MetricStat: { Metric: { Namespace: ERRORS.namespace, MetricName: ERRORS.metricName, Dimensions: dimensionsOf(ERRORS) }, Period: 60, Stat: 'Sum' }, ReturnData: true },
        { Id: 'band', Expression: 'ANOMALY_DETECTION_BAND(value, 2)', ReturnData: true },
      ],
      ThresholdMetricId: 'band',
      ComparisonOperator: comparison,
      EvaluationPeriods: 1,
    });
    const stateWith = (value: number) => {
      const store = new MetricStore();
      recordSeries(store, ERRORS, 0, [...Array<number>(30).fill(20), value]);
      return evaluateMetricAlarm(alarm, store, at(31));
    };

    // Act
    const results = [17, 20, 23].map(stateWith);

    // Assess
    expect(results.map((r) => r.state)).toEqual(expected);
    expect(results[1]?.range.at(-1)?.band).toEqual({ lower: 18, upper: 22 });
  });

  it('takes the sample\'s "orders below normal" alarm to ALARM when orders drop below the band of the last three days', () => {
    // Prepare: three days (and two hours, so each day's window is whole) of 19, 20, 21 orders per quarter hour, then 2 a quarter from 10:00
    const resources = generateAlarms(catalog, ordersServiceResources('dev')).resources;
    const [logicalId, resource] = Object.entries(resources).find(([, r]) => r.Properties.AlarmName === 'orders-dev-orders-below-normal-info')!;
    const evaluator = new AlarmEvaluator({ [logicalId]: resource }, { initialState: 'OK' });
    const store = new MetricStore();
    const orders = { namespace: catalog.namespace, metricName: 'OrderCreated', dimensions: { service: 'orders' } };
    for (let t = T0 - 3 * DAY - 2 * HOUR, i = 0; t < T0; t += QUARTER, i += 1) store.add({ ...orders, timestamp: t + 1000, value: 19 + (i % 3), unit: 'Count' });
    for (let quarter = 0; quarter < 3; quarter += 1) store.add({ ...orders, timestamp: T0 + quarter * QUARTER + 1000, value: 2, unit: 'Count' });

    // Act: two low quarters are not enough (3 of 4); three are
    const afterTwo = evaluator.evaluate(store, T0 + 2 * QUARTER + 10_000);
    const afterThree = evaluator.evaluate(store, T0 + 3 * QUARTER + 10_000);

    // Assess
    expect(afterTwo).toEqual([]);
    expect(afterThree).toMatchObject([
      {
        alarmName: 'orders-dev-orders-below-normal-info',
        from: 'OK',
        to: 'ALARM',
        reason:
          'Thresholds Crossed: 3 out of the last 4 datapoints [2.0 (23/11/26 10:30:00), 2.0 (23/11/26 10:15:00), 2.0 (23/11/26 10:00:00)] were less than the lower thresholds [17.0, 17.0, 17.0] (minimum 3 datapoints for OK -> ALARM transition).',
      },
    ]);
  });
});
