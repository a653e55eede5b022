import { apiMetric } from '../../../../src/cloudwatch';
import { MetricStore } from '../../../../tools/emulators/cloudwatch/metric-store';
import { NOT_EVALUATED, PreviewAlarms } from '../../../../tools/preview/alarm-states';
import { FIXTURE_API, fixtureAlarmResources } from './fixture-alarms';

const MINUTE = 60_000;
const NOW = Date.parse('2026-11-22T20:10:30.000Z');
const THIS_MINUTE = Date.parse('2026-11-22T20:10:00.000Z');
const API_5XX = 'orders-dev-api-5xx-rate-critical';

/** `requests` API requests `minutesAgo` minutes before NOW's minute, `failed` of them with a 5XX. */
function recordRequests(store: MetricStore, minutesAgo: number, requests: number, failed: number): void {
  const timestamp = THIS_MINUTE - minutesAgo * MINUTE + 1000;
  store.add({ ...apiMetric(FIXTURE_API, 'Count'), timestamp, value: requests, unit: 'Count' }, { ...apiMetric(FIXTURE_API, '5XXError'), timestamp, value: failed, unit: 'Count' });
}

describe('PreviewAlarms', () => {
  it('starts each alarm as CloudWatch creates it, then decides it at the minute from the recorded metrics', () => {
    // Prepare: 20% of requests failing in each of the last 3 minutes
    const store = new MetricStore();
    for (const minutesAgo of [3, 2, 1]) recordRequests(store, minutesAgo, 10, 2);
    const alarms = new PreviewAlarms(fixtureAlarmResources);
    const before = alarms.state(API_5XX);

    // Act
    alarms.evaluateUntil(store, NOW);

    // Assess
    expect(before).toEqual({ name: API_5XX, state: 'INSUFFICIENT_DATA', reason: 'Unchecked: Initial alarm creation' });
    expect(alarms.evaluatedAt).toBe(THIS_MINUTE);
    expect(alarms.state(API_5XX)).toEqual({ name: API_5XX, state: 'ALARM', reason: expect.stringMatching(/^Threshold Crossed: .*greater than the threshold \(5\.0\)/), since: THIS_MINUTE });
    expect(alarms.state('orders-dev-critical')).toMatchObject({ state: 'ALARM', reason: expect.stringContaining(API_5XX) });
  });

  it('finds an idle service OK: no requests, no errors', () => {
    // Prepare
    const alarms = new PreviewAlarms(fixtureAlarmResources);

    // Act
    alarms.evaluateUntil(new MetricStore(), NOW);

    // Assess
    expect([alarms.state(API_5XX).state, alarms.state('orders-dev-critical').state]).toEqual(['OK', 'OK']);
  });

  it('catches up the minutes since it last evaluated, an hour at most, and evaluates a minute only once', () => {
    // Prepare
    const store = new MetricStore();
    for (const minutesAgo of [3, 2, 1]) recordRequests(store, minutesAgo, 10, 2);
    const alarms = new PreviewAlarms(fixtureAlarmResources);
    alarms.evaluateUntil(store, NOW);

    // Act: the page comes back three hours later, then refreshes within the same minute
    const later = NOW + 3 * 60 * MINUTE;
    alarms.evaluateUntil(store, later);
    alarms.evaluateUntil(store, later + 20_000);

    // Assess: the failures aged out at the first minute caught up, 59 minutes before the last
    expect(alarms.evaluatedAt).toBe(THIS_MINUTE + 180 * MINUTE);
    expect(alarms.state(API_5XX)).toMatchObject({ state: 'OK', since: THIS_MINUTE + 121 * MINUTE });
  });

  it('names an alarm the template does not have as not evaluated', () => {
    // Act
    const state = new PreviewAlarms(fixtureAlarmResources).state('orders-dev-something-else-info');

    // Assess
    expect(state).toEqual({ name: 'orders-dev-something-else-info', state: NOT_EVALUATED, reason: 'the local stack does not deploy this alarm' });
  });

  it('says why every alarm is not evaluated when the local evaluator cannot read the template', () => {
    // Prepare: an alarm that exists only under a deploy-time condition
    const conditional = { ...fixtureAlarmResources, Maybe: { ...fixtureAlarmResources['PeriscopeOrdersDevApi5xxRateCritical']!, Condition: 'IsProd' } };

    // Act
    const alarms = new PreviewAlarms(conditional);
    alarms.evaluateUntil(new MetricStore(), NOW);

    // Assess
    expect(alarms.state(API_5XX)).toEqual({ name: API_5XX, state: NOT_EVALUATED, reason: expect.stringMatching(/^the local evaluator cannot read the alarms: .*Condition/) });
    expect(alarms.evaluatedAt).toBeUndefined();
  });
});
