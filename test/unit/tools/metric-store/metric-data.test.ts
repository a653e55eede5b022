import { type Datapoint, getMetricData, MetricStore } from '../../../../tools/emulators/cloudwatch/metric-store';

const MINUTE = 60_000;
const T0 = Date.parse('2026-11-22T10:00:00Z');
const api = { ApiName: 'dev-periscope-orders', Stage: 'dev' };
const count = { namespace: 'AWS/ApiGateway', metricName: 'Count', dimensions: api };
const fiveXx = { namespace: 'AWS/ApiGateway', metricName: '5XXError', dimensions: api };
const point = (metric: { namespace: string; metricName: string; dimensions: Record<string, string> }, minute: number, value: number): Datapoint => ({
  ...metric,
  timestamp: T0 + minute * MINUTE + 1_000,
  value,
  unit: 'Count',
});
const range = { start: T0, end: T0 + 3 * MINUTE, periodSeconds: 60 };

describe('getMetricData', () => {
  const store = new MetricStore();
  beforeAll(() => {
    // Prepare: 4 requests in minute 0 (one 5XX), 2 in minute 2
    store.add(...[1, 1, 1, 1].map((v) => point(count, 0, v)), point(fiveXx, 0, 1), point(fiveXx, 0, 0), point(fiveXx, 0, 0), point(fiveXx, 0, 0));
    store.add(point(count, 2, 1), point(count, 2, 1), point(fiveXx, 2, 0), point(fiveXx, 2, 0));
    const value = (currency: string, minute: number, v: number): Datapoint => ({
      ...point({ namespace: 'Periscope/Orders', metricName: 'OrderValue', dimensions: { service: 'orders', currency } }, minute, v),
      unit: 'None',
    });
    store.add(value('EUR', 0, 25), value('EUR', 0, 10), value('USD', 2, 7));
  });

  it('answers an availability graph: hidden metrics, and an expression over their ids', () => {
    // Act
    const results = getMetricData(
      store,
      [
        { id: 'errors', metric: fiveXx, stat: 'Sum', periodSeconds: 60, visible: false },
        { id: 'requests', metric: count, stat: 'Sum', periodSeconds: 60, visible: false },
        { id: 'availability', expression: '100 * (1 - FILL(errors, 0) / requests)', label: 'Availability (%)' },
      ],
      range,
    );

    // Assess
    expect(results.map((r) => [r.id, r.visible, r.series[0]?.values])).toEqual([
      ['errors', false, [1, 0]],
      ['requests', false, [4, 2]],
      ['availability', true, [75, 100]],
    ]);
    expect(results[2]).toMatchObject({ label: 'Availability (%)', series: [{ label: 'Availability (%)', timestamps: [T0, T0 + 2 * MINUTE] }] });
  });

  it('answers SEARCH with one series per dimension value, labelled by it', () => {
    // Act
    const [result] = getMetricData(store, [{ id: 'm0', expression: `SEARCH('{Periscope/Orders,service,currency} MetricName="OrderValue"', 'Sum', 60)`, label: 'OrderValue by currency' }], range);

    // Assess
    expect(result?.error).toBeUndefined();
    expect(result?.series.map((s) => [s.label, s.values])).toEqual([
      ['OrderValue by currency EUR', [35]],
      ['OrderValue by currency USD', [7]],
    ]);
  });

  it('reports a query it cannot answer and still answers the others', () => {
    // Act
    const results = getMetricData(
      store,
      [
        { id: 'requests', metric: count, stat: 'Sum', periodSeconds: 60 },
        { id: 'band', expression: 'ANOMALY_DETECTION_BAND(requests, 2)' },
        { id: 'trimmed', metric: count, stat: 'TM99', periodSeconds: 60 },
        { id: 'loop', expression: 'loop + 1' },
        { id: 'search', expression: `SEARCH('{AWS/Lambda} FunctionName="x"', 'Sum', 60)` },
        { id: 'number', expression: 'MAX(requests)' },
      ],
      range,
    );

    // Assess
    expect(results.map((r) => [r.id, r.series.length, r.error])).toEqual([
      ['requests', 1, undefined],
      ['band', 0, 'the function ANOMALY_DETECTION_BAND is not supported by the local evaluator'],
      ['trimmed', 0, expect.stringContaining('statistic "TM99"')],
      ['loop', 0, expect.stringContaining('"loop" refers to itself')],
      ['search', 0, expect.stringContaining('only SEARCH(\'{Namespace,dim,...} MetricName="X"\') is supported locally')],
      ['number', 0, 'the expression gives a scalar, not a time series'],
    ]);
  });
});
