import { emfDocuments, MAX_METRICS_PER_DOCUMENT, type MetricPoint } from '../../../src/runtime/emf-documents';
import { parseEmfLine } from '../../../tools/emulators/cloudwatch/metric-store/emf';

const T = 1_700_000_000_000;
const point = (name: string, value: number, dimensions: Record<string, string> = {}, unit: MetricPoint['unit'] = 'Count'): MetricPoint => ({
  name,
  unit,
  value,
  dimensions: { service: 'orders', ...dimensions },
});
const parsed = (lines: string[]) => lines.map((line) => JSON.parse(line) as Record<string, unknown> & { _aws: { CloudWatchMetrics: unknown[] } });

describe('emfDocuments', () => {
  it('writes an order’s count and its value by currency as one document with a directive per dimension set', () => {
    // Act
    const lines = emfDocuments('Periscope/Orders', T, [point('OrderCreated', 1), point('OrderValue', 26.99, { currency: 'EUR' }, 'None')]);

    // Assess
    expect(parsed(lines)).toEqual([
      {
        _aws: {
          Timestamp: T,
          CloudWatchMetrics: [
            { Namespace: 'Periscope/Orders', Dimensions: [['service']], Metrics: [{ Name: 'OrderCreated', Unit: 'Count' }] },
            { Namespace: 'Periscope/Orders', Dimensions: [['service', 'currency']], Metrics: [{ Name: 'OrderValue', Unit: 'None' }] },
          ],
        },
        service: 'orders',
        OrderCreated: 1,
        currency: 'EUR',
        OrderValue: 26.99,
      },
    ]);
  });

  it('is read back by CloudWatch’s rules as the same data points, each under its own dimensions', () => {
    // Act
    const [line] = emfDocuments('Periscope/Orders', T, [point('OrderCreated', 1), point('OrderValue', 26.99, { currency: 'EUR' }, 'None')]);

    // Assess
    expect(parseEmfLine(line!)?.map(({ metricName, dimensions, value }) => ({ metricName, dimensions, value }))).toEqual([
      { metricName: 'OrderCreated', dimensions: { service: 'orders' }, value: 1 },
      { metricName: 'OrderValue', dimensions: { service: 'orders', currency: 'EUR' }, value: 26.99 },
    ]);
  });

  it('keeps a metric recorded twice with the same dimensions as a value array', () => {
    const [doc] = parsed(emfDocuments('Shop', T, [point('Sold', 1), point('Sold', 2)]));
    expect(doc).toMatchObject({ Sold: [1, 2], _aws: { CloudWatchMetrics: [{ Metrics: [{ Name: 'Sold', Unit: 'Count' }] }] } });
  });

  it('puts a point whose dimension value disagrees with the document’s in a second document, never mixing them', () => {
    // Act
    const docs = parsed(emfDocuments('Shop', T, [point('OrderRejected', 1, { reason: 'invalid_order' }), point('OrderRejected', 1, { reason: 'out_of_stock' }), point('OrderCreated', 1)]));

    // Assess
    expect(docs).toHaveLength(2);
    expect(docs[0]).toMatchObject({ reason: 'invalid_order', OrderRejected: 1, OrderCreated: 1 });
    expect(docs[1]).toMatchObject({ reason: 'out_of_stock', OrderRejected: 1 });
    expect(docs[1]).not.toHaveProperty('OrderCreated');
  });

  it('puts a metric recorded under other dimensions in its own document', () => {
    const docs = parsed(emfDocuments('Shop', T, [point('Latency', 5), point('Latency', 7, { route: 'GET /x' })]));
    expect(docs.map((doc) => doc._aws.CloudWatchMetrics)).toEqual([
      [{ Namespace: 'Shop', Dimensions: [['service']], Metrics: [{ Name: 'Latency', Unit: 'Count' }] }],
      [{ Namespace: 'Shop', Dimensions: [['service', 'route']], Metrics: [{ Name: 'Latency', Unit: 'Count' }] }],
    ]);
  });

  it(`starts a new document past CloudWatch's ${MAX_METRICS_PER_DOCUMENT} metrics per document`, () => {
    const docs = parsed(
      emfDocuments(
        'Shop',
        T,
        Array.from({ length: MAX_METRICS_PER_DOCUMENT + 1 }, (_, i) => point(`M${i}`, i)),
      ),
    );
    expect(docs.map((doc) => Object.keys(doc).filter((key) => key.startsWith('M')).length)).toEqual([MAX_METRICS_PER_DOCUMENT, 1]);
  });

  it('writes nothing for no points', () => {
    expect(emfDocuments('Shop', T, [])).toEqual([]);
  });
});
