import { alignedRange, type Datapoint, type MetricId, MetricQueryError, MetricStore } from '../../../../tools/emulators/cloudwatch/metric-store';

const MINUTE = 60_000;
const T0 = Date.parse('2026-11-22T10:00:00Z');
const latency: MetricId = { namespace: 'AWS/ApiGateway', metricName: 'Latency', dimensions: { ApiName: 'dev-periscope-orders', Stage: 'dev' } };
const at = (offsetMs: number, value: number, metric = latency): Datapoint => ({ ...metric, timestamp: T0 + offsetMs, value, unit: 'Milliseconds' });

describe('MetricStore', () => {
  const store = new MetricStore();
  beforeAll(() => {
    // Prepare: minute 0 has 10, 20, 30, 40; minute 1 nothing; minute 2 has 5
    store.add(at(1_000, 10), at(20_000, 20), at(40_000, 30), at(59_999, 40), at(2 * MINUTE + 5_000, 5));
  });
  const range = { start: T0, end: T0 + 3 * MINUTE, periodSeconds: 60 };

  it.each([
    ['Sum', [100, 5]],
    ['Average', [25, 5]],
    ['Minimum', [10, 5]],
    ['Maximum', [40, 5]],
    ['SampleCount', [4, 1]],
  ])('gives the %s of each period that has data, and nothing for a period without', (stat, values) => {
    // Act
    const series = store.query(latency, { ...range, stat });

    // Assess
    expect(series).toEqual({ timestamps: [T0, T0 + 2 * MINUTE], values });
  });

  it('puts a datapoint on a period boundary in the period it starts', () => {
    // Prepare
    const edges = new MetricStore();
    edges.add(at(MINUTE - 1, 1), at(MINUTE, 2));

    // Act
    const series = edges.query(latency, { ...range, stat: 'Sum' });

    // Assess
    expect(series).toEqual({ timestamps: [T0, T0 + MINUTE], values: [1, 2] });
  });

  it('leaves out datapoints before the start and at or after the end of the range', () => {
    // Act
    const series = store.query(latency, { start: T0 + 30_000, end: T0 + 2 * MINUTE + 5_000, periodSeconds: 60, stat: 'SampleCount' });

    // Assess: 30 and 40 only, in the period starting at the range's start
    expect(series).toEqual({ timestamps: [T0 + 30_000], values: [2] });
  });

  it('computes percentiles by nearest rank over the raw samples', () => {
    // Prepare: 1..100 in one minute
    const samples = new MetricStore();
    samples.add(...Array.from({ length: 100 }, (_, i) => at(i * 100, 100 - i)));
    const stat = (name: string): number | undefined => samples.query(latency, { ...range, stat: name }).values[0];

    // Act / Assess
    expect([stat('p0'), stat('p50'), stat('p90'), stat('p99'), stat('p99.5'), stat('p100')]).toEqual([1, 50, 90, 99, 100, 100]);
  });

  it('gives the largest sample as p99 of a few samples', () => {
    expect(store.query(latency, { ...range, stat: 'p99' }).values).toEqual([40, 5]);
    expect(store.query(latency, { ...range, stat: 'p50' }).values).toEqual([20, 5]);
  });

  it('keeps metrics with other dimension sets apart, as CloudWatch does', () => {
    // Prepare
    const byCurrency = { namespace: 'Periscope/Orders', metricName: 'OrderValue', dimensions: { service: 'orders', currency: 'EUR' } };
    const plain = { namespace: 'Periscope/Orders', metricName: 'OrderValue', dimensions: { service: 'orders' } };
    const values = new MetricStore();
    values.add(at(0, 25, byCurrency));

    // Act / Assess
    expect(values.query(plain, { ...range, stat: 'Sum' }).values).toEqual([]);
    expect(values.query({ ...byCurrency, dimensions: { currency: 'EUR', service: 'orders' } }, { ...range, stat: 'Sum' }).values).toEqual([25]);
  });

  it('lists the metrics recorded with exactly the dimension names asked for', () => {
    // Prepare
    const metrics = new MetricStore();
    const value = (dimensions: Record<string, string>): Datapoint => ({ namespace: 'Periscope/Orders', metricName: 'OrderValue', dimensions, timestamp: T0, value: 1, unit: 'None' });
    metrics.add(value({ service: 'orders', currency: 'EUR' }), value({ service: 'orders', currency: 'USD' }), value({ service: 'orders' }));

    // Act
    const listed = metrics.list({ namespace: 'Periscope/Orders', metricName: 'OrderValue', dimensionNames: ['currency', 'service'] });

    // Assess
    expect(listed.map((m) => m.dimensions['currency'])).toEqual(['EUR', 'USD']);
    expect(metrics.unitOf(listed[0]!)).toBe('None');
  });

  it('drops the oldest datapoints of a metric beyond its limit', () => {
    // Prepare
    const small = new MetricStore({ maxDatapointsPerMetric: 2 });

    // Act
    small.add(at(0, 1), at(1, 2), at(2, 3));

    // Assess
    expect(small.size).toBe(2);
    expect(small.query(latency, { ...range, stat: 'Sum' }).values).toEqual([5]);
  });

  it('ignores a datapoint whose value is not a finite number', () => {
    // Prepare
    const store = new MetricStore();

    // Act
    store.add(at(0, Number.NaN), at(0, Number.POSITIVE_INFINITY));

    // Assess
    expect(store.size).toBe(0);
  });

  it.each([
    ['an unknown statistic', { ...range, stat: 'TM99' }, /statistic "TM99" is not one the local store computes/],
    ['a percentile over 100', { ...range, stat: 'p101' }, /statistic "p101"/],
    ['a period of 0', { ...range, stat: 'Sum', periodSeconds: 0 }, /period 0 is not a positive number of seconds/],
    ['an empty range', { ...range, stat: 'Sum', end: range.start }, /is empty: end must be after start/],
  ])('refuses a query with %s, naming it', (_what, options, message) => {
    // Act
    const query = (): unknown => store.query(latency, options);

    // Assess
    expect(query).toThrow(MetricQueryError);
    expect(query).toThrow(message);
  });
});

describe('alignedRange', () => {
  it('widens the last hour to whole minutes on the clock, the current minute included', () => {
    // Act
    const range = alignedRange(Date.parse('2026-11-22T10:00:30Z'), 3_600_000, 60);

    // Assess
    expect([new Date(range.start).toISOString(), new Date(range.end).toISOString()]).toEqual(['2026-11-22T09:00:00.000Z', '2026-11-22T10:01:00.000Z']);
  });
});
