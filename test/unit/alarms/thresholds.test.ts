import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateAlarms, generateRunbooks, resolveThresholds, Thresholds } from '../../../alarms';
import { windowText } from '../../../alarms/thresholds';
import { ordersServiceResources } from '../../../deploy/service-resources';
import { catalog } from '../../../observability.config';
import { ALARM_THRESHOLD_DEFAULTS, type ServiceDefinition } from '../../../src/catalog';

type Props = Record<string, any>;

/** The orders catalog with `alarmThresholds` set. */
const tuned = (alarmThresholds: ServiceDefinition['alarmThresholds']): ServiceDefinition => ({ ...catalog, alarmThresholds });

const alarmOf = (service: ServiceDefinition, name: string): Props => {
  const found = Object.values(generateAlarms(service, ordersServiceResources('dev')).resources).find((r) => r.Properties.AlarmName === name);
  if (found === undefined) throw new Error(`no alarm named ${name}`);
  return found.Properties as Props;
};
const meaningOf = (alarm: Props): string => String(alarm.AlarmDescription['Fn::Sub']).split('\n')[0] ?? '';

describe('threshold overrides', () => {
  it('resolves every tunable kind to its default when the catalog overrides nothing', () => {
    // Act
    const resolved = resolveThresholds(catalog);

    // Assess
    expect(resolved).toEqual(ALARM_THRESHOLD_DEFAULTS);
    expect(Thresholds.byKind).toBe(ALARM_THRESHOLD_DEFAULTS);
  });

  it('keeps the default datapoints when fewer periods still hold them, and all the periods when not', () => {
    // Act
    const resolved = resolveThresholds(tuned({ 'lambda-errors': { evaluationPeriods: 10 }, 'api-5xx': { evaluationPeriods: 2 } }));

    // Assess
    expect(resolved['lambda-errors']).toMatchObject({ evaluationPeriods: 10, datapointsToAlarm: 3 });
    expect(resolved['api-5xx']).toMatchObject({ evaluationPeriods: 2, datapointsToAlarm: 2 });
  });

  it.each([
    [{ periodSeconds: 60, evaluationPeriods: 5, datapointsToAlarm: 3 }, 'in 3 of the last 5 minutes'],
    [{ periodSeconds: 300, evaluationPeriods: 3, datapointsToAlarm: 3 }, 'for 15 minutes'],
    [{ periodSeconds: 60, evaluationPeriods: 1, datapointsToAlarm: 1 }, 'for 1 minute'],
    [{ periodSeconds: 300, evaluationPeriods: 4, datapointsToAlarm: 2 }, 'in 2 of the last 4 5-minute periods'],
  ])('says an evaluation in words: %p', (evaluation, words) => {
    // Act / Assess
    expect(windowText(evaluation)).toBe(words);
  });

  it('reaches the Lambda and API alarms, whose descriptions state the threshold in force', () => {
    // Prepare
    const service = tuned({ 'lambda-errors': { threshold: 2 }, 'lambda-duration': { threshold: 50 }, 'api-5xx': { threshold: 10, evaluationPeriods: 3, datapointsToAlarm: 2 } });

    // Act
    const errors = alarmOf(service, 'orders-dev-create-order-errors-warning');
    const duration = alarmOf(service, 'orders-dev-create-order-duration-p99-warning');
    const api = alarmOf(service, 'orders-dev-api-5xx-rate-critical');

    // Assess
    expect(errors).toMatchObject({ Threshold: 2, EvaluationPeriods: 5, DatapointsToAlarm: 3 });
    expect(meaningOf(errors)).toMatch(/^More than 2% of createOrder invocations \(and at least 5 a minute\) fail .* in 3 of the last 5 minutes\./);
    // 50% of the 10 s timeout
    expect(duration.Threshold).toBe(5000);
    expect(meaningOf(duration)).toMatch(/above 5000 ms, 50% of its 10 s timeout, for 15 minutes/);
    expect(api).toMatchObject({ Threshold: 10, EvaluationPeriods: 3, DatapointsToAlarm: 2 });
    expect(meaningOf(api)).toMatch(/^More than 10% of API requests .* fail with a 5XX in 2 of the last 3 minutes/);
    // Untouched kinds keep their defaults
    expect(alarmOf(service, 'orders-dev-create-order-throttles-warning')).toMatchObject({ Threshold: 1, EvaluationPeriods: 5, DatapointsToAlarm: 3 });
  });

  it('reaches the DynamoDB and concurrency alarms, with the account limit the catalog declares', () => {
    // Prepare
    const service = { ...tuned({ 'dynamodb-write-throttles': { threshold: 4 }, 'lambda-account-concurrency': { threshold: 70 } }), accountConcurrencyLimit: 2000 };

    // Act
    const writes = alarmOf(service, 'orders-dev-dynamodb-orders-by-customer-write-throttles-warning');
    const account = alarmOf(service, 'orders-dev-lambda-account-concurrency-warning');

    // Assess
    expect(writes.Threshold).toBe(4);
    expect(meaningOf(writes)).toMatch(/^DynamoDB throttled 4\+ write events a minute on index byCustomer/);
    expect(account.Threshold).toBe(1400);
    expect(meaningOf(account)).toMatch(/reached 1400, 70% of its limit of 2000/);
  });

  it('writes the thresholds in force into the runbooks', () => {
    // Act
    const runbooks = generateRunbooks({ ...tuned({ 'dynamodb-latency': { threshold: 40 } }), accountConcurrencyLimit: 2000 });

    // Assess
    expect(runbooks['dynamodb-latency.md']).toContain('Average) is above 40 ms, for 15 minutes.');
    expect(runbooks['dynamodb-latency.md']).toContain(
      "`alarmThresholds: { 'dynamodb-latency': { threshold, evaluationPeriods, datapointsToAlarm } }` in the catalog; this service: 40 ms, for 15 minutes.",
    );
    expect(runbooks['lambda-account-concurrency.md']).toContain('80% of its limit of 2000');
  });

  it('are documented in the README with their defaults and windows, every tunable kind once', () => {
    // Prepare
    const readme = readFileSync(join(__dirname, '../../../README.md'), 'utf8');

    // Act
    const rows = [...readme.matchAll(/^\| `([a-z0-9-]+)` \| [^|]+ \| (\d+) \| ([^|]+) \|$/gm)].map(([, kind, threshold, window]) => [kind, Number(threshold), window?.trim()]);

    // Assess
    expect(rows).toEqual(Object.entries(ALARM_THRESHOLD_DEFAULTS).map(([kind, d]) => [kind, d.threshold, windowText(d)]));
  });
});
