import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { cloudWatchDashboardAnnotator, cloudWatchImpactReader, type ImpactSource } from '../../handlers/delivery/cloudwatch-ports';
import type { DashboardBodyJson, DeploymentMark } from '../../handlers/delivery/deploy-annotations';
import { DeliveryCloudWatchError, DeliveryConfigError } from '../../handlers/delivery/errors';
import { apiMetric, lambdaMetric, type MetricId } from '../../src/cloudwatch';
import { type LocalCloudWatchApi, startLocalCloudWatchApi } from '../../tools/emulators/cloudwatch/api/local-cloudwatch-api';
import { MetricStore } from '../../tools/emulators/cloudwatch/metric-store/metric-store';
import { ordersDashboards } from '../../tools/stack/orders-dashboards';

const CREDENTIALS = { accessKeyId: 'x', secretAccessKey: 'x' };
const T0 = Date.parse('2026-11-23T10:00:00Z');
const MINUTE = 60_000;
const DAY = 86_400_000;
const API = { name: 'dev-periscope-orders', stage: 'dev' };

/** The rejection of a promise that must reject; fails the test when it resolves. */
const rejectionOf = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    (value) => {
      throw new Error(`expected a rejection, got ${JSON.stringify(value)}`);
    },
    (error: unknown) => error,
  );

let api: LocalCloudWatchApi;
let client: CloudWatchClient;

beforeAll(async () => {
  api = await startLocalCloudWatchApi();
  client = new CloudWatchClient({ endpoint: api.endpoint, region: 'us-east-1', credentials: CREDENTIALS, maxAttempts: 1 });
});
afterAll(async () => {
  client?.destroy();
  await api?.close();
});

describe('cloudWatchDashboardAnnotator, against the local CloudWatch API', () => {
  const generated = ordersDashboards().ops;
  const NAME = generated.name;
  /** The generated body as GetDashboard gives it back: JSON. */
  const generatedBody: DashboardBodyJson = JSON.parse(JSON.stringify(generated.body));
  const stored = (): DashboardBodyJson => JSON.parse(api.dashboards().get(NAME) ?? 'null');
  const graphs = (body: DashboardBodyJson) => (body.widgets ?? []).filter((widget) => widget.type === 'metric' && widget.properties?.view === 'timeSeries');
  const labelsOn = (body: DashboardBodyJson) => graphs(body).map((graph) => (graph.properties?.annotations?.vertical ?? []).map((mark) => (Array.isArray(mark) ? mark[0] : mark).label));

  const shipped: DeploymentMark = { id: 'stack@1', startedAt: T0, endedAt: T0 + 6 * MINUTE, outcome: 'succeeded', version: '1.4.2' };
  const running: DeploymentMark = { id: 'stack@2', startedAt: T0 + 60 * MINUTE, version: '1.4.3' };

  beforeEach(() => {
    api.putDashboard(NAME, JSON.stringify(generated.body));
  });

  it('draws the deployments on every graph of the generated operations dashboard and keeps its threshold lines', async () => {
    // Act
    const wrote = await cloudWatchDashboardAnnotator(client, NAME).annotate([shipped, running]);

    // Assess
    const body = stored();
    expect(wrote).toBe(true);
    expect(graphs(body).length).toBeGreaterThan(5);
    expect(labelsOn(body).every((labels) => labels.join(' | ') === 'deploy: 1.4.2 succeeded | deploy: 1.4.3 running')).toBe(true);
    expect(graphs(body).map((graph) => graph.properties?.annotations?.horizontal)).toEqual(graphs(generatedBody).map((graph) => graph.properties?.annotations?.horizontal));
    expect(body.widgets?.filter((widget) => widget.type !== 'metric')).toEqual(generatedBody.widgets?.filter((widget) => widget.type !== 'metric'));
  });

  it('replaces its marks when it draws again: the deployment that was running shows how it ended', async () => {
    // Prepare
    await cloudWatchDashboardAnnotator(client, NAME).annotate([shipped, running]);

    // Act
    const wrote = await cloudWatchDashboardAnnotator(client, NAME).annotate([shipped, { ...running, endedAt: T0 + 64 * MINUTE, outcome: 'rolled-back' }]);

    // Assess
    expect(wrote).toBe(true);
    expect(new Set(labelsOn(stored()).map((labels) => labels.join(' | ')))).toEqual(new Set(['deploy: 1.4.2 succeeded | deploy: 1.4.3 rolled back']));
    expect(graphs(stored())[0]?.properties?.annotations?.vertical?.[1]).toEqual([
      { value: '2026-11-23T11:00:00.000Z', label: 'deploy: 1.4.3 rolled back', color: '#ff7f0e', visible: true },
      { value: '2026-11-23T11:04:00.000Z' },
    ]);
  });

  it('writes nothing when the dashboard already shows these deployments', async () => {
    // Prepare: annotated, then stored as the console would keep it (indented), so a write would show
    await cloudWatchDashboardAnnotator(client, NAME).annotate([shipped]);
    const indented = JSON.stringify(stored(), null, 2);
    api.putDashboard(NAME, indented);

    // Act
    const wrote = await cloudWatchDashboardAnnotator(client, NAME).annotate([shipped]);

    // Assess
    expect(wrote).toBe(false);
    expect(api.dashboards().get(NAME)).toBe(indented);
  });

  it('writes nothing, and does not fail, when the dashboard does not exist', async () => {
    // Act
    const wrote = await cloudWatchDashboardAnnotator(client, 'orders-dev-not-deployed').annotate([shipped]);

    // Assess
    expect(wrote).toBe(false);
    expect(api.dashboards().has('orders-dev-not-deployed')).toBe(false);
  });

  it('fails naming the dashboard when its body is not JSON, and leaves it as it is', async () => {
    // Prepare
    api.putDashboard('orders-dev-broken', '{"widgets": [');

    // Act
    const error = await rejectionOf(cloudWatchDashboardAnnotator(client, 'orders-dev-broken').annotate([shipped]));

    // Assess
    expect(error).toBeInstanceOf(DeliveryCloudWatchError);
    expect((error as Error).message).toBe('the body of dashboard orders-dev-broken is not JSON');
    expect((error as Error).cause).toBeInstanceOf(SyntaxError);
    expect(api.dashboards().get('orders-dev-broken')).toBe('{"widgets": [');
  });
});

describe('cloudWatchImpactReader, against the local CloudWatch API over a metric store', () => {
  // The incident: 10:07:30 to 10:12:10, read as the whole minutes 10:07 to 10:13.
  const INCIDENT = { start: new Date(T0 + 7.5 * MINUTE), end: new Date(T0 + 12 * MINUTE + 10_000) };
  let store: MetricStore;

  /** One datapoint of `metric`, `offset` ms after T0. */
  const put = (metric: MetricId, offset: number, value: number): void => store.add({ ...metric, timestamp: T0 + offset, value, unit: 'Count' });

  beforeEach(() => {
    store = new MetricStore();
    api.useMetricStore(store);
  });
  afterAll(() => api.useMetricStore(undefined));

  describe('for a service with an API', () => {
    const source: ImpactSource = { api: API, functionNames: ['orders-dev-createOrder'], availabilityTarget: 99.9, sloWindowDays: 28 };

    beforeEach(() => {
      // 100 requests a minute from 10:06 to 10:13; 12 and 18 failed in the incident, 50 and 40 just outside it.
      for (let minute = 6; minute <= 13; minute += 1) put(apiMetric(API, 'Count'), minute * MINUTE + 20_000, 100);
      put(apiMetric(API, '5XXError'), 6 * MINUTE + 20_000, 50);
      put(apiMetric(API, '5XXError'), 8 * MINUTE + 20_000, 12);
      put(apiMetric(API, '5XXError'), 10 * MINUTE + 20_000, 18);
      put(apiMetric(API, '5XXError'), 13 * MINUTE + 20_000, 40);
      // The rest of the 28-day SLO window, and a day before it that does not count.
      put(apiMetric(API, 'Count'), -20 * DAY, 59_300);
      put(apiMetric(API, 'Count'), -29 * DAY, 1_000_000);
      // The functions behind the API: not what is counted when there is one.
      put(lambdaMetric('orders-dev-createOrder', 'Errors'), 8 * MINUTE, 500);
    });

    it('counts the API’s requests and 5XX errors in the incident’s minutes, and the budget they burned of the SLO window’s', async () => {
      // Act
      const impact = await cloudWatchImpactReader(client, source).read(INCIDENT);

      // Assess: 600 requests, 30 failed; 60,000 requests in the SLO window (59,300 + 100 at 10:06 + 600)
      expect(impact.requests).toBe(600);
      expect(impact.failedRequests).toBe(30);
      expect(impact.errorRatePercent).toBeCloseTo(5, 10);
      // 100 × 30 / (60,000 × 0.001)
      expect(impact.budgetBurnedPercent).toBeCloseTo(50, 6);
    });

    it('reports no budget without an availability target', async () => {
      // Act
      const impact = await cloudWatchImpactReader(client, { api: API, functionNames: [], sloWindowDays: 28 }).read(INCIDENT);

      // Assess
      expect(impact).toEqual({ requests: 600, failedRequests: 30, errorRatePercent: 5 });
    });
  });

  describe('for a service without an API', () => {
    const functionNames = ['orders-dev-createOrder', 'orders-dev-getOrder'];

    beforeEach(() => {
      put(lambdaMetric('orders-dev-createOrder', 'Invocations'), 8 * MINUTE, 40);
      put(lambdaMetric('orders-dev-getOrder', 'Invocations'), 8 * MINUTE + 5_000, 60);
      put(lambdaMetric('orders-dev-createOrder', 'Invocations'), 11 * MINUTE, 100);
      put(lambdaMetric('orders-dev-createOrder', 'Errors'), 8 * MINUTE, 4);
      put(lambdaMetric('orders-dev-getOrder', 'Errors'), 11 * MINUTE, 1);
      // Another function of the account, and the rest of the 7-day SLO window.
      put(lambdaMetric('orders-dev-reportJob', 'Invocations'), 9 * MINUTE, 1_000);
      put(lambdaMetric('orders-dev-reportJob', 'Errors'), 9 * MINUTE, 1_000);
      put(lambdaMetric('orders-dev-getOrder', 'Invocations'), -3 * DAY, 9_800);
    });

    it('sums the functions’ invocations and errors in the incident, and the budget they burned', async () => {
      // Act
      const impact = await cloudWatchImpactReader(client, { functionNames, availabilityTarget: 99.5, sloWindowDays: 7 }).read(INCIDENT);

      // Assess: 200 invocations, 5 errors; 10,000 invocations in the SLO window
      expect(impact.requests).toBe(200);
      expect(impact.failedRequests).toBe(5);
      expect(impact.errorRatePercent).toBeCloseTo(2.5, 10);
      // 100 × 5 / (10,000 × 0.005)
      expect(impact.budgetBurnedPercent).toBeCloseTo(10, 6);
    });

    it('reports no budget without an availability target', async () => {
      // Act
      const impact = await cloudWatchImpactReader(client, { functionNames, sloWindowDays: 7 }).read(INCIDENT);

      // Assess
      expect(impact).toEqual({ requests: 200, failedRequests: 5, errorRatePercent: 2.5 });
    });
  });

  it('reports no requests, a 0% error rate and no budget when nothing was served', async () => {
    // Act
    const impact = await cloudWatchImpactReader(client, { api: API, functionNames: [], availabilityTarget: 99.9, sloWindowDays: 28 }).read(INCIDENT);

    // Assess
    expect(impact).toEqual({ requests: 0, failedRequests: 0, errorRatePercent: 0 });
  });

  it.each([
    [{ functionNames: [], sloWindowDays: 28 }, 'the impact reader needs an api or at least one of functionNames to count requests at'],
    [{ api: API, functionNames: [], availabilityTarget: 100, sloWindowDays: 28 }, 'availabilityTarget 100 is not a percentage above 0 and below 100'],
    [{ api: API, functionNames: [], availabilityTarget: 99.9, sloWindowDays: 0 }, 'sloWindowDays 0 is not a whole number of days above 0'],
  ])('refuses a source it cannot read from, naming the field: %j', (source, message) => {
    // Act
    const build = () => cloudWatchImpactReader(client, source);

    // Assess
    expect(build).toThrow(DeliveryConfigError);
    expect(build).toThrow(message);
  });

  it('fails naming the window when CloudWatch refuses the read', async () => {
    // Prepare: no metric store, so the local API refuses GetMetricData
    api.useMetricStore(undefined);

    // Act
    const error = await rejectionOf(cloudWatchImpactReader(client, { api: API, functionNames: [], sloWindowDays: 28 }).read(INCIDENT));

    // Assess
    expect(error).toBeInstanceOf(DeliveryCloudWatchError);
    expect((error as Error).message).toMatch(/^GetMetricData over 2026-11-23T10:07:00.000Z–2026-11-23T10:13:00.000Z failed: the local CloudWatch API answers .* not GetMetricData$/);
  });
});
