import { CloudWatchClient, GetDashboardCommand, GetMetricDataCommand, ListDashboardsCommand, PutDashboardCommand, PutMetricDataCommand, ResourceNotFound } from '@aws-sdk/client-cloudwatch';
import { cloudWatchAlarmStates } from '../../handlers/alerts/alarm-states';
import { lazyCloudWatchClient } from '../../handlers/alerts/cloudwatch-client';
import type { AlarmStateReader } from '../../handlers/alerts/hidden-alarms';
import { type DescribedAlarmState, type LocalCloudWatchApi, type PutMetricDatum, startLocalCloudWatchApi } from '../../tools/emulators/cloudwatch/api/local-cloudwatch-api';
import { MetricStore } from '../../tools/emulators/cloudwatch/metric-store/metric-store';

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
    expect(error.message).toBe('the local CloudWatch API answers DescribeAlarms, GetDashboard and PutDashboard only, not PutMetricData');
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

  it('refuses GetMetricData with a 400 that names what it answers while no metric store is set', async () => {
    // Act
    const error = (await rejectionOf(client.send(new GetMetricDataCommand({ MetricDataQueries: [], StartTime: new Date(0), EndTime: new Date(60_000) })))) as Error & {
      $metadata?: { httpStatusCode?: number };
    };

    // Assess
    expect(error.$metadata?.httpStatusCode).toBe(400);
    expect(error.message).toBe('the local CloudWatch API answers DescribeAlarms, GetDashboard, PutDashboard and PutMetricData only, not GetMetricData');
  });
});

describe('the local CloudWatch API, keeping dashboards for the v3 SDK’s PutDashboard and GetDashboard', () => {
  let api: LocalCloudWatchApi;
  let client: CloudWatchClient;
  const body = JSON.stringify({ start: '-PT3H', widgets: [{ type: 'text', x: 0, y: 0, width: 6, height: 3, properties: { markdown: '# Orders' } }] });

  beforeEach(async () => {
    api = await startLocalCloudWatchApi();
    client = new CloudWatchClient({ endpoint: api.endpoint, region: 'us-east-1', credentials: CREDENTIALS, maxAttempts: 1 });
  });
  afterEach(async () => {
    client.destroy();
    await api.close();
  });

  it('gives back a dashboard as it was put, with its ARN, and shows it to the test', async () => {
    // Act
    const put = await client.send(new PutDashboardCommand({ DashboardName: 'orders-dev-operations', DashboardBody: body }));
    const got = await client.send(new GetDashboardCommand({ DashboardName: 'orders-dev-operations' }));

    // Assess
    expect(put.DashboardValidationMessages).toEqual([]);
    expect(got).toMatchObject({ DashboardName: 'orders-dev-operations', DashboardBody: body, DashboardArn: 'arn:aws:cloudwatch::123456789012:dashboard/orders-dev-operations' });
    expect([...api.dashboards()]).toEqual([['orders-dev-operations', body]]);
  });

  it('serves a dashboard the test seeded', async () => {
    // Prepare
    api.putDashboard('orders-dev-developer', body);

    // Act
    const got = await client.send(new GetDashboardCommand({ DashboardName: 'orders-dev-developer' }));

    // Assess
    expect(got.DashboardBody).toBe(body);
  });

  it('answers a dashboard that does not exist as CloudWatch does: ResourceNotFound, 404', async () => {
    // Act
    const error = (await rejectionOf(client.send(new GetDashboardCommand({ DashboardName: 'orders-dev-gone' })))) as Error & { $metadata?: { httpStatusCode?: number } };

    // Assess
    expect(error).toBeInstanceOf(ResourceNotFound);
    expect(error.$metadata?.httpStatusCode).toBe(404);
    expect(error.message).toBe('Dashboard orders-dev-gone does not exist');
  });

  it.each([
    ['is not JSON', '{"widgets": [', 'the body of dashboard "orders-dev-operations" is not JSON'],
    ['has no widgets', '{"start":"-PT3H"}', 'the body of dashboard "orders-dev-operations" has no "widgets" array'],
  ])('refuses a body that %s with a 400 that says so, and keeps nothing', async (_what, refused, message) => {
    // Act
    const error = (await rejectionOf(client.send(new PutDashboardCommand({ DashboardName: 'orders-dev-operations', DashboardBody: refused })))) as Error & {
      $metadata?: { httpStatusCode?: number };
    };

    // Assess
    expect(error.$metadata?.httpStatusCode).toBe(400);
    expect(error.message).toBe(message);
    expect(api.dashboards().size).toBe(0);
  });

  it('refuses an operation it does not answer with a 400 that names it', async () => {
    // Act
    const error = (await rejectionOf(client.send(new ListDashboardsCommand({})))) as Error & { $metadata?: { httpStatusCode?: number } };

    // Assess
    expect(error.$metadata?.httpStatusCode).toBe(400);
    expect(error.message).toBe('the local CloudWatch API answers DescribeAlarms, GetDashboard and PutDashboard only, not ListDashboards');
  });
});

describe('the local CloudWatch API, answering the v3 SDK’s GetMetricData from a metric store', () => {
  const T0 = Date.parse('2026-11-23T10:00:00Z');
  const API_DIMENSIONS = [
    { Name: 'ApiName', Value: 'dev-periscope-orders' },
    { Name: 'Stage', Value: 'dev' },
  ];
  const stat = (id: string, metricName: string, returnData = true, period = 60) => ({
    Id: id,
    MetricStat: { Metric: { Namespace: 'AWS/ApiGateway', MetricName: metricName, Dimensions: API_DIMENSIONS }, Period: period, Stat: 'Sum' },
    ReturnData: returnData,
  });
  let api: LocalCloudWatchApi;
  let client: CloudWatchClient;
  let store: MetricStore;

  beforeAll(async () => {
    api = await startLocalCloudWatchApi();
  });
  afterAll(async () => {
    await api?.close();
  });

  beforeEach(async () => {
    store = new MetricStore();
    api.useMetricSink((data) => store.add(...data));
    api.useMetricStore(store);
    client = new CloudWatchClient({ endpoint: api.endpoint, region: 'us-east-1', credentials: CREDENTIALS, maxAttempts: 1 });
    // Requests and 5XX errors in the first three minutes after T0, put through the API itself.
    const datum = (metricName: string, minute: number, value: number) => ({
      MetricName: metricName,
      Dimensions: API_DIMENSIONS,
      Timestamp: new Date(T0 + minute * 60_000 + 15_000),
      Value: value,
      Unit: 'Count' as const,
    });
    await client.send(
      new PutMetricDataCommand({
        Namespace: 'AWS/ApiGateway',
        MetricData: [datum('Count', 0, 100), datum('Count', 0, 20), datum('Count', 1, 80), datum('Count', 2, 50), datum('5XXError', 1, 8), datum('5XXError', 2, 5)],
      }),
    );
  });
  afterEach(() => {
    client.destroy();
    api.useMetricStore(undefined);
  });

  it('answers a metric’s statistic per period, newest first, with the times as dates', async () => {
    // Act
    const answer = await client.send(new GetMetricDataCommand({ StartTime: new Date(T0), EndTime: new Date(T0 + 5 * 60_000), MetricDataQueries: [stat('requests', 'Count')] }));

    // Assess
    expect(answer.MetricDataResults).toEqual([
      {
        Id: 'requests',
        Label: 'Count',
        Timestamps: [new Date(T0 + 120_000), new Date(T0 + 60_000), new Date(T0)],
        Values: [50, 80, 120],
        StatusCode: 'Complete',
      },
    ]);
  });

  it('answers oldest first when asked, over periods laid from the start rounded down to the minute', async () => {
    // Act
    const answer = await client.send(
      new GetMetricDataCommand({ StartTime: new Date(T0 + 42_000), EndTime: new Date(T0 + 5 * 60_000), ScanBy: 'TimestampAscending', MetricDataQueries: [stat('requests', 'Count', true, 120)] }),
    );

    // Assess
    expect(answer.MetricDataResults?.[0]).toMatchObject({ Timestamps: [new Date(T0), new Date(T0 + 120_000)], Values: [200, 50] });
  });

  it('evaluates metric math over the other queries and returns only the queries with ReturnData', async () => {
    // Act
    const answer = await client.send(
      new GetMetricDataCommand({
        StartTime: new Date(T0),
        EndTime: new Date(T0 + 3 * 60_000),
        ScanBy: 'TimestampAscending',
        MetricDataQueries: [stat('errors', '5XXError', false), stat('requests', 'Count', false), { Id: 'rate', Expression: '100 * FILL(errors, 0) / requests', Label: '5XX rate (%)' }],
      }),
    );

    // Assess
    expect(answer.MetricDataResults).toEqual([
      { Id: 'rate', Label: '5XX rate (%)', Timestamps: [new Date(T0), new Date(T0 + 60_000), new Date(T0 + 120_000)], Values: [0, 10, 10], StatusCode: 'Complete' },
    ]);
  });

  it('answers a metric without data with an empty series', async () => {
    // Act
    const answer = await client.send(new GetMetricDataCommand({ StartTime: new Date(T0), EndTime: new Date(T0 + 60_000), MetricDataQueries: [stat('throttles', '4XXError')] }));

    // Assess
    expect(answer.MetricDataResults).toEqual([{ Id: 'throttles', Label: '4XXError', Timestamps: [], Values: [], StatusCode: 'Complete' }]);
  });

  it.each([
    ['an expression over an unknown id', [{ Id: 'rate', Expression: '100 * errors / requests' }], 'the query "rate" cannot be answered: no metric or expression has the id "errors"'],
    [
      'a statistic the store does not compute',
      [{ ...stat('requests', 'Count'), MetricStat: { ...stat('requests', 'Count').MetricStat, Stat: 'TM99' } }],
      'the query "requests" cannot be answered: statistic "TM99" is not one the local store computes',
    ],
    [
      'a period CloudWatch does not take',
      [stat('requests', 'Count', true, 90)],
      'MetricDataQueries.member.1 (requests) has MetricStat.Period 90: a period is 1, 5, 10, 30 or a multiple of 60 seconds',
    ],
    [
      'an id that starts with a capital',
      [stat('Requests', 'Count')],
      'MetricDataQueries.member.1 has the Id "Requests": an Id starts with a lowercase letter and holds only letters, digits and underscores',
    ],
  ])('refuses %s with a 400 that names the query', async (_what, queries, message) => {
    // Act
    const error = (await rejectionOf(client.send(new GetMetricDataCommand({ StartTime: new Date(T0), EndTime: new Date(T0 + 60_000), MetricDataQueries: queries })))) as Error & {
      $metadata?: { httpStatusCode?: number };
    };

    // Assess
    expect(error.$metadata?.httpStatusCode).toBe(400);
    expect(error.message).toContain(message);
  });

  it('refuses a range that ends before it starts', async () => {
    // Act
    const error = (await rejectionOf(client.send(new GetMetricDataCommand({ StartTime: new Date(T0), EndTime: new Date(T0 - 60_000), MetricDataQueries: [stat('requests', 'Count')] })))) as Error;

    // Assess
    expect(error.message).toBe('StartTime 2026-11-23T10:00:00.000Z must be before EndTime 2026-11-23T09:59:00.000Z');
  });
});
