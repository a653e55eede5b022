import { generateAlarms } from '../../../../alarms';
import { ordersServiceResources } from '../../../../deploy/service-resources';
import { catalog } from '../../../../observability.config';
import { AlarmEvaluator, type AlarmStateChange } from '../../../../tools/emulators/cloudwatch/alarm-evaluator';
import { MetricStore } from '../../../../tools/emulators/cloudwatch/metric-store';
import { at, MINUTE, T0 } from './support';

const resources = generateAlarms(catalog, ordersServiceResources('dev')).resources;
const API = { ApiName: 'dev-periscope-orders', Stage: 'dev' };

describe("the sample's generated alarms, evaluated locally", () => {
  it('loads every alarm and composite the generator writes', () => {
    // Act
    const evaluator = new AlarmEvaluator(resources);

    // Assess
    const generated = Object.values(resources).filter((r) => r.Type === 'AWS::CloudWatch::Alarm' || r.Type === 'AWS::CloudWatch::CompositeAlarm');
    expect(evaluator.alarms()).toHaveLength(generated.length);
    expect(
      evaluator
        .alarms()
        .filter((a) => a.kind === 'composite')
        .map((a) => a.name),
    ).toEqual(['orders-dev-orders-api-fast-burn-critical', 'orders-dev-orders-api-burn-warning', 'orders-dev-orders-api-slow-burn-warning', 'orders-dev-critical', 'orders-dev-warning']);
  });

  it('over an empty store: OK where missing data is not breaching, ALARM where it is, nothing INSUFFICIENT_DATA', () => {
    // Prepare
    const evaluator = new AlarmEvaluator(resources);

    // Act
    const changes = evaluator.evaluate(new MetricStore(), T0);

    // Assess: every alarm leaves INSUFFICIENT_DATA (the DynamoDB ones too: CloudWatch ignores their missing data, and they
    // read their metrics through FILL); only the "silence is bad" ones alarm, and the warning tier over them
    expect(changes).toHaveLength(evaluator.alarms().length);
    expect(changes.filter((c) => c.to === 'ALARM').map((c) => c.alarmName)).toEqual(['orders-dev-orders-stopped-warning', 'orders-dev-orders-below-normal-info', 'orders-dev-warning']);
    expect(evaluator.state('orders-dev-api-5xx-rate-critical')).toMatchObject({
      state: 'OK',
      // FILL(errors, 0) in the failure floor gives real zeros: OK on data
      reason: expect.stringMatching(/^Threshold Crossed: 5 out of the last 5 datapoints \[0\.0 .*\] were not greater than the threshold \(5\.0\)/),
    });
    expect(evaluator.state('orders-dev-orders-stopped-warning')).toMatchObject({
      state: 'ALARM',
      // FILL(raw, 0): a quarter-hour without orders is a real 0, not a gap
      reason:
        'Threshold Crossed: 2 out of the last 2 datapoints [0.0 (23/11/26 09:45:00), 0.0 (23/11/26 09:30:00)] were less than the threshold (1.0) (minimum 2 datapoints for OK -> ALARM transition).',
    });
    // FILL(…, 0) gives real zeros, so the DynamoDB alarms are OK on data, not on missing data (which CloudWatch ignores for them)
    for (const name of ['orders-dev-dynamodb-orders-read-throttles-warning', 'orders-dev-dynamodb-orders-by-customer-write-throttles-warning']) {
      expect(evaluator.state(name).reason).toMatch(/^Threshold Crossed: 5 out of the last 5 datapoints \[0\.0 .*\] were not greater than or equal to the threshold \(10\.0\)/);
    }
    expect(evaluator.state('orders-dev-dynamodb-orders-query-latency-warning')).toMatchObject({
      state: 'OK',
      reason: expect.stringMatching(/^Threshold Crossed: 3 out of the last 3 datapoints \[0\.0 /),
    });
    expect(evaluator.state('orders-dev-critical')).toMatchObject({ state: 'OK' });
    // The critical tier's OK goes out at once; the warning tier's ALARM waits for the deploy marker
    expect(changes.find((c) => c.alarmName === 'orders-dev-critical')).toMatchObject({ actions: [{ Ref: 'PeriscopeOrdersDevCriticalTopic' }], suppressed: false });
    expect(changes.find((c) => c.alarmName === 'orders-dev-warning')).toMatchObject({ suppressed: true, suppressedBy: 'WaitPeriod', pendingUntil: T0 + 2 * MINUTE });
  });

  it('takes the API 5XX alarm and the critical composite to ALARM within 5 minutes of a 100% error burst, and pages once', () => {
    // Prepare: from 10:00, 20 requests a minute, every one a 5XX
    const evaluator = new AlarmEvaluator(resources);
    const store = new MetricStore();
    const changes: AlarmStateChange[] = [];

    // Act: CloudWatch evaluates once a minute
    for (let minute = 0; minute <= 5; minute += 1) {
      for (let i = 0; i < 20; i += 1) {
        store.add({ namespace: 'AWS/ApiGateway', metricName: 'Count', dimensions: API, timestamp: T0 + minute * MINUTE + i * 100, value: 1, unit: 'Count' });
        store.add({ namespace: 'AWS/ApiGateway', metricName: '5XXError', dimensions: API, timestamp: T0 + minute * MINUTE + i * 100, value: 1, unit: 'Count' });
      }
      changes.push(...evaluator.evaluate(store, at(minute)));
    }

    // Assess: 3 of 5 one-minute periods above 5% once minutes 0–2 are complete
    expect(changes.find((c) => c.alarmName === 'orders-dev-api-5xx-rate-critical' && c.to === 'ALARM')).toMatchObject({
      at: at(3),
      reason:
        'Threshold Crossed: 3 out of the last 5 datapoints [100.0 (23/11/26 10:02:00), 100.0 (23/11/26 10:01:00), 100.0 (23/11/26 10:00:00)] were greater than the threshold (5.0) (minimum 3 datapoints for OK -> ALARM transition).',
    });
    expect(evaluator.state('orders-dev-api-5xx-rate-critical').state).toBe('ALARM');
    // The fast burn waits for its windows' minimum of requests (90 in the hour), so the 5XX rate trips it, at minute 3
    expect(evaluator.state('orders-dev-critical')).toMatchObject({ state: 'ALARM', since: at(3) });
    // The page: held for the deploy marker's 120 s wait, then sent once
    const critical = changes.filter((c) => c.alarmName === 'orders-dev-critical' && c.actions.length > 0 && !c.suppressed);
    expect(critical.map((c) => [c.event, c.from, c.to, c.at])).toEqual([
      ['transition', 'INSUFFICIENT_DATA', 'OK', at(0)],
      ['actionsReleased', 'OK', 'ALARM', at(5)],
    ]);
    // Each tier stands alone: orders-stopped (no order in the burst) holds the warning tier
    expect(evaluator.state('orders-dev-warning').state).toBe('ALARM');
    // Both fast-burn windows slide to the minute: a burst with no traffic before burns the hour's budget too
    expect(evaluator.state('orders-dev-orders-api-fast-burn-5m-critical').state).toBe('ALARM');
    expect(evaluator.state('orders-dev-orders-api-fast-burn-critical').state).toBe('ALARM');
  });

  it('warns that orders stopped 30 minutes after the last order, not an hour later', () => {
    // Prepare: an order every minute from 09:00 to 10:00, then none while reads go on
    const evaluator = new AlarmEvaluator(resources, { initialState: 'OK' });
    const store = new MetricStore();
    for (let minute = -60; minute < 0; minute += 1)
      store.add({ namespace: 'Periscope/Orders', metricName: 'OrderCreated', dimensions: { service: 'orders' }, timestamp: T0 + minute * MINUTE, value: 1, unit: 'Count' });

    // Act: evaluate every minute for the next hour
    const fired = Array.from({ length: 60 }, (_, minute) => minute).find((minute) =>
      evaluator.evaluate(store, at(minute)).some((c) => c.alarmName === 'orders-dev-orders-stopped-warning' && c.to === 'ALARM'),
    );

    // Assess: both 15-minute periods of the window are empty once 30 minutes have passed
    expect(fired).toBe(30);
  });

  it('does not page on a few failures a minute at low traffic, and does on five', () => {
    // Prepare: 20 requests a minute; `failures` of them 5XX every minute for 10 minutes
    const fivexxAlarmAfter = (failures: number): string => {
      const evaluator = new AlarmEvaluator(resources, { initialState: 'OK' });
      const store = new MetricStore();
      for (let minute = 0; minute < 10; minute += 1) {
        for (let i = 0; i < 20; i += 1) {
          const timestamp = T0 + minute * MINUTE + i * 100;
          store.add({ namespace: 'AWS/ApiGateway', metricName: 'Count', dimensions: API, timestamp, value: 1, unit: 'Count' });
          store.add({ namespace: 'AWS/ApiGateway', metricName: '5XXError', dimensions: API, timestamp, value: i < failures ? 1 : 0, unit: 'Count' });
        }
        evaluator.evaluate(store, at(minute + 1));
      }
      return evaluator.state('orders-dev-api-5xx-rate-critical').state;
    };

    // Act + Assess: 4 of 20 is 20%, over the 5% threshold, but under the floor of 5 failures a minute
    expect(fivexxAlarmAfter(4)).toBe('OK');
    expect(fivexxAlarmAfter(5)).toBe('ALARM');
  });
});
