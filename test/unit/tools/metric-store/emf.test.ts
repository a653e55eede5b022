import { EmfFormatError, parseEmfLine } from '../../../../tools/emulators/cloudwatch/metric-store';

const T = 1_795_377_892_098;
const emf = (directives: unknown[], members: Record<string, unknown>, timestamp: unknown = T): string => JSON.stringify({ _aws: { Timestamp: timestamp, CloudWatchMetrics: directives }, ...members });

describe('parseEmfLine', () => {
  it('reads a Powertools EMF line into one datapoint with its dimensions, unit and time', () => {
    // Prepare: as the orders handlers print it
    const line =
      '{"_aws":{"Timestamp":1795377892098,"CloudWatchMetrics":[{"Namespace":"Periscope/Orders","Dimensions":[["service","function_name"]],"Metrics":[{"Name":"ColdStart","Unit":"Count"}]}]},"service":"orders","function_name":"periscope-orders-dev-createOrder","ColdStart":1}';

    // Act
    const datapoints = parseEmfLine(line);

    // Assess
    expect(datapoints).toEqual([
      { namespace: 'Periscope/Orders', metricName: 'ColdStart', dimensions: { service: 'orders', function_name: 'periscope-orders-dev-createOrder' }, timestamp: T, value: 1, unit: 'Count' },
    ]);
  });

  it('gives one datapoint per value of a multi-value metric', () => {
    // Act
    const datapoints = parseEmfLine(emf([{ Namespace: 'Shop', Dimensions: [['service']], Metrics: [{ Name: 'Latency', Unit: 'Milliseconds' }] }], { service: 'shop', Latency: [12, 15, 15] }));

    // Assess
    expect(datapoints?.map((point) => point.value)).toEqual([12, 15, 15]);
  });

  it('publishes every metric once per dimension set, and a metric without Unit as None', () => {
    // Prepare
    const line = emf([{ Namespace: 'Shop', Dimensions: [['service'], ['service', 'currency'], []], Metrics: [{ Name: 'Sold', Unit: 'Count' }, { Name: 'Value' }] }], {
      service: 'shop',
      currency: 'EUR',
      Sold: 1,
      Value: 25,
    });

    // Act
    const datapoints = parseEmfLine(line) ?? [];

    // Assess
    expect(datapoints.map((p) => [p.metricName, p.dimensions, p.value, p.unit])).toEqual([
      ['Sold', { service: 'shop' }, 1, 'Count'],
      ['Sold', { service: 'shop', currency: 'EUR' }, 1, 'Count'],
      ['Sold', {}, 1, 'Count'],
      ['Value', { service: 'shop' }, 25, 'None'],
      ['Value', { service: 'shop', currency: 'EUR' }, 25, 'None'],
      ['Value', {}, 25, 'None'],
    ]);
  });

  it('reads every directive of a line, each in its own namespace', () => {
    // Act
    const datapoints = parseEmfLine(
      emf(
        [
          { Namespace: 'A', Dimensions: [['service']], Metrics: [{ Name: 'One' }] },
          { Namespace: 'B', Dimensions: [['service']], Metrics: [{ Name: 'Two' }] },
        ],
        { service: 's', One: 1, Two: 2 },
      ),
    );

    // Assess
    expect(datapoints?.map((p) => `${p.namespace}/${p.metricName}=${p.value}`)).toEqual(['A/One=1', 'B/Two=2']);
  });

  it('reads EMF after the metadata Lambda may put before it', () => {
    // Act
    const datapoints = parseEmfLine(`2026-11-22T20:04:52.098Z\t3460694d\tINFO\t${emf([{ Namespace: 'Shop', Dimensions: [[]], Metrics: [{ Name: 'Sold' }] }], { Sold: 3 })}`);

    // Assess
    expect(datapoints).toEqual([expect.objectContaining({ metricName: 'Sold', dimensions: {}, value: 3 })]);
  });

  it.each([
    ['a plain text line', 'Server ready: http://127.0.0.1:3000 🚀'],
    ['a JSON log line', '{"level":"INFO","message":"request completed","statusCode":201}'],
    ['a line that mentions _aws but is not JSON', 'the "_aws" member is missing {'],
    ['a JSON array', '[{"_aws":{}}]'],
  ])('ignores %s: it is not EMF', (_what, line) => {
    expect(parseEmfLine(line)).toBeUndefined();
  });

  it.each([
    ['_aws that is not an object', JSON.stringify({ _aws: 1 }), /_aws is not an object/],
    ['no Timestamp', JSON.stringify({ _aws: { CloudWatchMetrics: [] } }), /_aws\.Timestamp is missing/],
    ['a Timestamp that is a date string', emf([], {}, '2026-11-22T20:04:52Z'), /_aws\.Timestamp is missing or not a number/],
    ['CloudWatchMetrics that is not an array', JSON.stringify({ _aws: { Timestamp: T, CloudWatchMetrics: {} } }), /CloudWatchMetrics is missing or not an array/],
    ['a directive without Namespace', emf([{ Dimensions: [], Metrics: [] }], {}), /CloudWatchMetrics\[0\]\.Namespace is missing/],
    ['Dimensions that is not an array of arrays', emf([{ Namespace: 'S', Dimensions: ['service'], Metrics: [] }], { service: 's' }), /Dimensions\[0\] is not an array of at most 30 dimension names/],
    ['a dimension with no value', emf([{ Namespace: 'S', Dimensions: [['currency']], Metrics: [{ Name: 'Sold' }] }], { Sold: 1 }), /dimension "currency" .* has no string value/],
    ['a dimension with a numeric value', emf([{ Namespace: 'S', Dimensions: [['shard']], Metrics: [{ Name: 'Sold' }] }], { shard: 3, Sold: 1 }), /dimension "shard" .* has no string value/],
    ['a metric without Name', emf([{ Namespace: 'S', Dimensions: [], Metrics: [{ Unit: 'Count' }] }], {}), /Metrics\[0\] has no Name/],
    ['a metric with no value', emf([{ Namespace: 'S', Dimensions: [], Metrics: [{ Name: 'Sold' }] }], {}), /Metrics\[0\] \(Sold\) has no value at the root/],
    ['a metric with a string value', emf([{ Namespace: 'S', Dimensions: [], Metrics: [{ Name: 'Sold' }] }], { Sold: '1' }), /\(Sold\) has no value at the root/],
    ['a metric with more than 100 values', emf([{ Namespace: 'S', Dimensions: [], Metrics: [{ Name: 'Sold' }] }], { Sold: Array.from({ length: 101 }, () => 1) }), /array of 1–100 numbers/],
  ])('rejects EMF with %s, naming the problem', (_what, line, message) => {
    // Act
    const parse = (): unknown => parseEmfLine(line);

    // Assess
    expect(parse).toThrow(EmfFormatError);
    expect(parse).toThrow(message);
  });
});
