import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { cloudWatchAlarmStates } from '../../handlers/alerts/alarm-states';
import type { AlarmStateReader } from '../../handlers/alerts/hidden-alarms';
import { type DescribedAlarmState, type LocalCloudWatchApi, startLocalCloudWatchApi } from '../../tools/emulators/cloudwatch/api/local-cloudwatch-api';

const CREDENTIALS = { accessKeyId: 'x', secretAccessKey: 'x' };
const SINCE = Date.parse('2026-11-23T10:05:10.415Z');
const RULE = 'ALARM("orders-prod-api-5xx-rate-critical") OR ALARM("orders-prod-orders-api-fast-burn-critical")';

/** The alarms the local API knows, by name. */
const ALARMS: Record<string, DescribedAlarmState> = {
  'orders-prod-critical': { kind: 'composite', state: 'ALARM', since: SINCE, reason: 'orders-prod-api-5xx-rate-critical transitioned to ALARM', rule: RULE },
  'orders-prod-warning': { kind: 'composite', state: 'OK', since: SINCE - 3_600_000, reason: 'no member in ALARM', rule: 'ALARM("orders-prod-api-latency-p99-warning")' },
  'orders-prod-deploy-in-progress-info': { kind: 'metric', state: 'OK', since: SINCE - 86_400_000, reason: 'Threshold Crossed: no datapoints' },
};

/** The rejection of a promise that must reject; fails the test when it resolves. */
const rejectionOf = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    (value) => {
      throw new Error(`expected a rejection, got ${JSON.stringify(value)}`);
    },
    (error: unknown) => error,
  );

describe('the local CloudWatch API, read by the notifier’s real DescribeAlarms client', () => {
  let api: LocalCloudWatchApi;
  let readStates: AlarmStateReader;

  beforeAll(async () => {
    api = await startLocalCloudWatchApi();
  });
  afterAll(async () => {
    await api?.close();
  });

  beforeEach(() => {
    api.useStates((name) => ALARMS[name]);
    readStates = cloudWatchAlarmStates(undefined, { endpoint: api.endpoint, region: 'us-east-1', credentials: CREDENTIALS });
  });

  it('answers each composite’s and metric alarm’s state, since when, and a composite’s rule', async () => {
    // Act
    const states = await readStates(['orders-prod-critical', 'orders-prod-warning', 'orders-prod-deploy-in-progress-info']);

    // Assess
    expect(Object.fromEntries(states)).toEqual({
      'orders-prod-critical': { state: 'ALARM', since: SINCE, rule: RULE },
      'orders-prod-warning': { state: 'OK', since: SINCE - 3_600_000, rule: 'ALARM("orders-prod-api-latency-p99-warning")' },
      'orders-prod-deploy-in-progress-info': { state: 'OK', since: SINCE - 86_400_000 },
    });
  });

  it('leaves out an alarm that does not exist', async () => {
    // Act
    const states = await readStates(['orders-prod-critical', 'orders-prod-gone-critical']);

    // Assess
    expect([...states.keys()]).toEqual(['orders-prod-critical']);
  });

  it('answers from the states given last', async () => {
    // Prepare
    await readStates(['orders-prod-critical']);
    api.useStates((name) => (name === 'orders-prod-critical' ? { ...ALARMS[name]!, state: 'OK', since: SINCE + 60_000 } : undefined));

    // Act
    const states = await readStates(['orders-prod-critical', 'orders-prod-warning']);

    // Assess
    expect(Object.fromEntries(states)).toEqual({ 'orders-prod-critical': { state: 'OK', since: SINCE + 60_000, rule: RULE } });
  });

  it('refuses any other operation with a 400 that names it', async () => {
    // Prepare
    const client = new CloudWatchClient({ endpoint: api.endpoint, region: 'us-east-1', credentials: CREDENTIALS, maxAttempts: 1 });

    // Act
    const error = (await rejectionOf(client.send(new PutMetricDataCommand({ Namespace: 'Periscope/Test', MetricData: [{ MetricName: 'Errors', Value: 1 }] })))) as Error & {
      $metadata?: { httpStatusCode?: number };
    };
    client.destroy();

    // Assess
    expect(error.$metadata?.httpStatusCode).toBe(400);
    expect(error.message).toBe('the local CloudWatch API answers DescribeAlarms only, not PutMetricData');
  });
});
