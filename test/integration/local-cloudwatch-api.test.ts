import { CloudWatchClient, GetMetricDataCommand, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { cloudWatchAlarmStates } from '../../handlers/alerts/alarm-states';
import { lazyCloudWatchClient } from '../../handlers/alerts/cloudwatch-client';
import type { AlarmStateReader } from '../../handlers/alerts/hidden-alarms';
import { type DescribedAlarmState, type LocalCloudWatchApi, type PutMetricDatum, startLocalCloudWatchApi } from '../../tools/emulators/cloudwatch/api/local-cloudwatch-api';

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
    readStates = cloudWatchAlarmStates(lazyCloudWatchClient(undefined, { endpoint: api.endpoint, region: 'us-east-1', credentials: CREDENTIALS }));
  });

  it('answers each composite’s and metric alarm’s state, since when, why, and a composite’s rule', async () => {
    // Act
    const states = await readStates(['orders-prod-critical', 'orders-prod-warning', 'orders-prod-deploy-in-progress-info']);

    // Assess
    expect(Object.fromEntries(states)).toEqual({
      'orders-prod-critical': { state: 'ALARM', since: SINCE, reason: 'orders-prod-api-5xx-rate-critical transitioned to ALARM', rule: RULE },
      'orders-prod-warning': { state: 'OK', since: SINCE - 3_600_000, reason: 'no member in ALARM', rule: 'ALARM("orders-prod-api-latency-p99-warning")' },
      'orders-prod-deploy-in-progress-info': { state: 'OK', since: SINCE - 86_400_000, reason: 'Threshold Crossed: no datapoints' },
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
    expect(Object.fromEntries(states)).toEqual({ 'orders-prod-critical': { state: 'OK', since: SINCE + 60_000, reason: 'orders-prod-api-5xx-rate-critical transitioned to ALARM', rule: RULE } });
  });

  it('refuses PutMetricData with a 400 while no metric sink is set', async () => {
    // Prepare
    const client = new CloudWatchClient({ endpoint: api.endpoint, region: 'us-east-1', credentials: CREDENTIALS, maxAttempts: 1 });
    api.useMetricSink(undefined);

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

describe('the local CloudWatch API, sent metrics by the v3 SDK’s PutMetricData', () => {
  let api: LocalCloudWatchApi;
  let client: CloudWatchClient;
  let received: PutMetricDatum[];

  beforeAll(async () => {
    api = await startLocalCloudWatchApi();
  });
  afterAll(async () => {
    await api?.close();
  });

  beforeEach(() => {
    received = [];
    api.useMetricSink((data) => received.push(...data));
    client = new CloudWatchClient({ endpoint: api.endpoint, region: 'us-east-1', credentials: CREDENTIALS, maxAttempts: 1 });
  });
  afterEach(() => client.destroy());

  it('hands each datum to the sink with its namespace, name, dimensions, value, unit and time', async () => {
    // Prepare: a deploy marker as the notifier publishes it (value: the event's time in epoch seconds)
    const at = new Date('2026-11-23T11:10:20Z');

    // Act
    await client.send(
      new PutMetricDataCommand({
        Namespace: 'Periscope/Deployments',
        MetricData: [
          {
            MetricName: 'DeployStarted',
            Dimensions: [
              { Name: 'Service', Value: 'orders' },
              { Name: 'Stage', Value: 'prod' },
            ],
            Timestamp: at,
            Value: at.getTime() / 1000,
            Unit: 'None',
          },
        ],
      }),
    );

    // Assess
    expect(received).toEqual([
      { namespace: 'Periscope/Deployments', metricName: 'DeployStarted', dimensions: { Service: 'orders', Stage: 'prod' }, value: at.getTime() / 1000, timestamp: at.getTime(), unit: 'None' },
    ]);
  });

  it('repeats each of a datum’s Values as many times as its Counts say, and stamps a datum without a time when it arrived', async () => {
    // Prepare
    const before = Date.now();

    // Act
    await client.send(new PutMetricDataCommand({ Namespace: 'Periscope/Test', MetricData: [{ MetricName: 'Latency', Values: [120, 480], Counts: [2, 1], Unit: 'Milliseconds' }] }));

    // Assess
    expect(received.map((d) => [d.metricName, d.value, d.unit])).toEqual([
      ['Latency', 120, 'Milliseconds'],
      ['Latency', 120, 'Milliseconds'],
      ['Latency', 480, 'Milliseconds'],
    ]);
    expect(received.every((d) => d.timestamp >= before && d.timestamp <= Date.now())).toBe(true);
  });

  it('takes a request large enough for the SDK to gzip', async () => {
    // Prepare: well over the SDK's 10 KiB compression threshold
    const data = Array.from({ length: 400 }, (_, i) => ({ MetricName: `Metric${i}`, Dimensions: [{ Name: 'Service', Value: 'orders' }], Value: i }));

    // Act
    await client.send(new PutMetricDataCommand({ Namespace: 'Periscope/Test', MetricData: data }));

    // Assess
    expect(received).toHaveLength(400);
    expect(received[399]).toMatchObject({ metricName: 'Metric399', value: 399 });
  });

  it('refuses a datum without a value with a 400 that says so', async () => {
    // Act
    const error = (await rejectionOf(client.send(new PutMetricDataCommand({ Namespace: 'Periscope/Test', MetricData: [{ MetricName: 'Errors' }] })))) as Error & {
      $metadata?: { httpStatusCode?: number };
    };

    // Assess
    expect(error.$metadata?.httpStatusCode).toBe(400);
    expect(error.message).toMatch(/MetricData\.member\.1 \(Errors\) has no Value/);
    expect(received).toEqual([]);
  });

  it('refuses any other operation with a 400 that names it', async () => {
    // Act
    const error = (await rejectionOf(client.send(new GetMetricDataCommand({ MetricDataQueries: [], StartTime: new Date(0), EndTime: new Date(60_000) })))) as Error & {
      $metadata?: { httpStatusCode?: number };
    };

    // Assess
    expect(error.$metadata?.httpStatusCode).toBe(400);
    expect(error.message).toBe('the local CloudWatch API answers DescribeAlarms and PutMetricData only, not GetMetricData');
  });
});
