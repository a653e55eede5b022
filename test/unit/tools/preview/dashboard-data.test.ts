import { createLocalMetricsFeed, MetricStore } from '../../../../tools/emulators/cloudwatch/metric-store';
import { PreviewAlarms } from '../../../../tools/preview/alarm-states';
import { type AlarmWidgetData, alarmNameOf, dashboardRangeMs, type ViewData, viewData, widgetLayouts } from '../../../../tools/preview/dashboard-data';
import { previewDashboards } from '../../../../tools/preview/dashboards';
import { LogBuffer } from '../../../../tools/preview/log-buffer';
import type { LogTable } from '../../../../tools/preview/log-query';
import { type MetricWidgetData, metricWidgetData } from '../../../../tools/preview/metric-widget';
import { serviceNamesAt } from '../../../../tools/stack/service-names';
import { fixtureAlarmResources } from './fixture-alarms';
import { fixtureDashboard } from './fixture-dashboard';

const NOW = Date.parse('2026-11-22T20:10:30.000Z');
const [dashboard] = previewDashboards({ exec: fixtureDashboard, ops: fixtureDashboard, dev: fixtureDashboard });

/** A request's closing log line `minutesAgo` before NOW. */
const completed = (minutesAgo: number, statusCode: number, correlationId: string): string =>
  JSON.stringify({
    level: statusCode >= 500 ? 'ERROR' : 'INFO',
    message: 'request completed',
    timestamp: new Date(NOW - minutesAgo * 60_000).toISOString(),
    function_name: 'periscope-orders-dev-createOrder',
    route: 'POST /orders',
    statusCode,
    durationMs: 10 + minutesAgo,
    correlation_id: correlationId,
  });
const orderValue = (minutesAgo: number, currency: string, value: number): string =>
  JSON.stringify({
    _aws: { Timestamp: NOW - minutesAgo * 60_000, CloudWatchMetrics: [{ Namespace: 'Periscope/Orders', Dimensions: [['service', 'currency']], Metrics: [{ Name: 'OrderValue', Unit: 'None' }] }] },
    service: 'orders',
    currency,
    OrderValue: value,
  });

describe('viewData over the fixture dashboard', () => {
  let data: ViewData;
  const metric = (index: number): MetricWidgetData => data.widgets[index] as MetricWidgetData;
  beforeAll(() => {
    // Prepare: minute -2: 3 requests, one 500; minute -1: 2 requests; and order values in two currencies
    const store = new MetricStore();
    const logs = new LogBuffer();
    const feed = createLocalMetricsFeed({ store, names: serviceNamesAt('dev') });
    const lines = [completed(2, 201, 'a'), completed(2, 500, 'b'), completed(2, 400, 'c'), completed(1, 201, 'd'), completed(1, 201, 'e'), orderValue(2, 'EUR', 25), orderValue(1, 'USD', 7)];
    for (const line of lines) {
      feed.onLine(line);
      logs.add(line);
    }

    // Act
    data = viewData(dashboard!, { store, logs }, NOW);
  });

  it('computes an expression over hidden rows and draws only the visible series, with their annotation', () => {
    // Assess
    const availability = metric(2);
    expect(availability.series.map((s) => [s.label, s.values])).toEqual([
      ['Availability (%)', [(200 / 3) as number, 100]],
      ['ok requests', [2, 2]],
      ['requests so far', [3, 5]],
    ]);
    expect(availability).toMatchObject({ view: 'timeSeries', periodSeconds: 60, annotations: [{ label: 'SLO target', value: 99.9 }], yAxis: { max: 100, label: '%' }, notes: [] });
    expect(availability.series[0]?.timestamps).toEqual([Date.parse('2026-11-22T20:08:00.000Z'), Date.parse('2026-11-22T20:09:00.000Z')]);
  });

  it('gives a single value over the whole range when the widget asks for it', () => {
    expect(metric(3).series).toEqual([expect.objectContaining({ label: 'requests', values: [5] })]);
  });

  it('draws one series per currency for a SEARCH, stacked', () => {
    expect(metric(4)).toMatchObject({ stacked: true, periodSeconds: 300 });
    expect(metric(4).series.map((s) => [s.label, s.values])).toEqual([
      ['OrderValue EUR', [25]],
      ['OrderValue USD', [7]],
    ]);
  });

  it('says what it cannot preview instead of drawing an empty chart', () => {
    expect(metric(5).notes).toEqual([
      'not previewable locally: expected: the function ANOMALY_DETECTION_BAND is not supported by the local evaluator',
      'AWS/Lambda Throttles has no local source: the local stack does not produce it.',
    ]);
    expect(metric(5).series.map((s) => s.label)).toEqual(['Latency', 'Throttles']);
  });

  it('fills the log tables from the captured lines', () => {
    expect(data.widgets[6]).toMatchObject({ type: 'log', columns: ['@timestamp', 'level', 'statusCode', 'correlation_id'], notes: [] });
    expect((data.widgets[6] as LogTable).rows.map((row) => row[3])).toEqual(['b', 'c']); // the 500 and the 400, logged in the same millisecond: in arrival order
    expect((data.widgets[7] as LogTable).notes[0]).toMatch(/`stats` is not run here/);
  });

  it('shows each alarm of an alarm widget in the state the local evaluator gives it, with its reason', () => {
    // Prepare: one 500 in 5 requests is 20%, but in one minute only: the 5XX alarm needs 3 of 5
    const store = new MetricStore();
    const feed = createLocalMetricsFeed({ store, names: serviceNamesAt('dev') });
    for (const line of [completed(2, 201, 'a'), completed(2, 500, 'b'), completed(2, 201, 'c'), completed(2, 201, 'd'), completed(2, 201, 'e')]) feed.onLine(line);

    // Act
    const alarms = viewData(dashboard!, { store, logs: new LogBuffer(), alarms: new PreviewAlarms(fixtureAlarmResources) }, NOW).widgets[1] as AlarmWidgetData;

    // Assess
    expect(alarms).toMatchObject({ type: 'alarm', evaluatedAt: Date.parse('2026-11-22T20:10:00.000Z'), notes: [] });
    expect(alarms.alarms.map((alarm) => [alarm.name, alarm.state])).toEqual([
      ['orders-dev-critical', 'OK'],
      ['orders-dev-api-5xx-rate-critical', 'OK'],
    ]);
    expect(alarms.alarms[1]?.reason).toMatch(/^Threshold Crossed: .* were not greater than the threshold \(5\.0\)/);
  });

  it('says the alarms are not evaluated when the preview has none to evaluate', () => {
    // Act
    const alarms = data.widgets[1] as AlarmWidgetData;

    // Assess
    expect(alarms.alarms.map((alarm) => alarm.state)).toEqual(['not evaluated locally', 'not evaluated locally']);
    expect(alarms.notes).toEqual(['Not evaluated: the preview was started without the alarms to evaluate.']);
  });

  it('evaluates over the override window with every period set to it', () => {
    // Act
    const store = new MetricStore();
    const overridden = viewData(dashboard!, { store, logs: new LogBuffer() }, NOW, { rangeMs: 900_000, periodSeconds: 10 });

    // Assess
    expect(overridden.start).toBe(NOW - 900_000);
    expect((overridden.widgets[2] as MetricWidgetData).periodSeconds).toBe(10);
    expect((overridden.widgets[2] as MetricWidgetData).notes).toEqual(['No datapoints yet in this range: send some requests.']);
  });
});

describe('widgetLayouts', () => {
  it('places every widget and renders what never changes: safe text and alarm names', () => {
    // Act
    const layouts = widgetLayouts(dashboard!.body);

    // Assess
    expect(layouts).toHaveLength(fixtureDashboard.body.widgets.length);
    expect(layouts[0]?.html).toContain('<a href="https://local.example.com"');
    expect(layouts[0]?.html).toContain('&lt;script&gt;');
    expect(layouts[1]).toMatchObject({
      type: 'alarm',
      title: 'Alarms',
      x: 0,
      y: 2,
      width: 24,
      height: 3,
      alarms: [{ name: 'orders-dev-critical' }, { name: 'orders-dev-api-5xx-rate-critical' }],
    });
    expect(layouts[6]).toMatchObject({ type: 'log', title: 'Failed requests', query: expect.stringContaining("SOURCE '/aws/lambda/periscope-orders-dev-createOrder'") });
  });

  it('replaces the template pseudo parameters', () => {
    expect(JSON.stringify(dashboard!.body)).not.toContain('${AWS::');
    expect(alarmNameOf('arn:aws:cloudwatch:local:000000000000:alarm:orders-dev-warning')).toBe('orders-dev-warning');
  });
});

describe('dashboardRangeMs', () => {
  it.each([
    ['-PT3H', 3 * 3_600_000],
    ['-P28D', 28 * 86_400_000],
    ['-P1W', 7 * 86_400_000],
    ['-PT15M', 900_000],
    ['-P1DT12H', 36 * 3_600_000],
    [undefined, 3 * 3_600_000],
    ['yesterday', 3 * 3_600_000],
  ])('reads %s as %i ms', (start, ms) => {
    expect(dashboardRangeMs(start)).toBe(ms);
  });
});

describe('metricWidgetData', () => {
  it("passes each line's colour and shaded side on to the page", () => {
    // Prepare
    const line = { label: 'api-5xx-rate: critical > 5', value: 5, color: '#d62728', fill: 'above' } as const;

    // Act
    const data = metricWidgetData(
      new MetricStore(),
      { title: 'rate', view: 'timeSeries', region: 'local', period: 60, metrics: [], annotations: { horizontal: [line] } },
      { now: NOW, rangeMs: 900_000 },
    );

    // Assess
    expect(data.annotations).toEqual([line]);
  });
});
