import { createLocalMetricsFeed, EmfFormatError, localSourceNote, MetricStore, type ServiceNames } from '../../../../tools/emulators/cloudwatch/metric-store';
import type { CompletedTrace } from '../../../../tools/emulators/xray-daemon';

const names: ServiceNames = { api: { name: 'dev-periscope-orders', stage: 'dev' }, functionName: (key) => `periscope-orders-dev-${key}` };
const T = Date.parse('2026-11-22T20:04:52.000Z');
const range = { start: T - 60_000, end: T + 60_000, periodSeconds: 600 };

/** What the local stack printed for one POST /orders (shortened), with serverless-offline's own lines. */
const SESSION = [
  'POST /orders (λ: createOrder)',
  `{"_aws":{"Timestamp":${T + 98},"CloudWatchMetrics":[{"Namespace":"Periscope/Orders","Dimensions":[["service","function_name"]],"Metrics":[{"Name":"ColdStart","Unit":"Count"}]}]},"service":"orders","function_name":"periscope-orders-dev-createOrder","ColdStart":1}`,
  `{"_aws":{"Timestamp":${T + 153},"CloudWatchMetrics":[{"Namespace":"Periscope/Orders","Dimensions":[["service","currency"]],"Metrics":[{"Name":"OrderValue","Unit":"None"}]}]},"service":"orders","currency":"EUR","OrderValue":25}`,
  '(λ: createOrder) RequestId: 3460694d-b671-47ba-98eb-679c436f8a56  Duration: 282.41 ms  Billed Duration: 283 ms',
  `{"_aws":{"Timestamp":${T + 153},"CloudWatchMetrics":[{"Namespace":"Periscope/Orders","Dimensions":[["service"]],"Metrics":[{"Name":"OrderCreated","Unit":"Count"}]}]},"service":"orders","OrderCreated":1}`,
  '{"level":"INFO","message":"request completed","timestamp":"2026-11-22T20:04:52.153Z","service":"orders","cold_start":true,"function_name":"periscope-orders-dev-createOrder","route":"POST /orders","statusCode":201,"outcome":"success","durationMs":56.6}',
];

const trace: CompletedTrace = {
  traceId: '1-6b034ae4-0616c034817250cc1d409ab1',
  nodeCount: 2,
  startTime: T / 1000,
  endTime: T / 1000 + 0.06,
  inProgress: false,
  completedAt: new Date(T + 1000),
  roots: [
    {
      id: 'h1',
      parentId: 'facade',
      document: { id: 'h1', name: '## handler', start_time: T / 1000, end_time: T / 1000 + 0.06 },
      children: [
        {
          id: 'c1',
          parentId: 'h1',
          children: [],
          document: { id: 'c1', name: 'DynamoDB', namespace: 'aws', start_time: T / 1000 + 0.02, end_time: T / 1000 + 0.05, aws: { operation: 'PutItem', table_name: 'periscope-orders-dev-orders' } },
        },
      ],
    },
  ],
};

describe('createLocalMetricsFeed', () => {
  it('fills the store from a request as the local stack prints and traces it', () => {
    // Prepare
    const store = new MetricStore();
    const feed = createLocalMetricsFeed({ store, names, now: () => T });
    const sum = (namespace: string, metricName: string, dimensions: Record<string, string>): number | undefined =>
      store.query({ namespace, metricName, dimensions }, { ...range, stat: 'Sum' }).values[0];

    // Act
    for (const line of SESSION) feed.onLine(line, 'stdout');
    feed.onTrace(trace);

    // Assess
    expect(sum('Periscope/Orders', 'OrderCreated', { service: 'orders' })).toBe(1);
    expect(sum('Periscope/Orders', 'OrderValue', { service: 'orders', currency: 'EUR' })).toBe(25);
    expect(sum('Periscope/Orders', 'ColdStart', { service: 'orders', function_name: 'periscope-orders-dev-createOrder' })).toBe(1);
    expect(sum('AWS/ApiGateway', 'Count', { ApiName: 'dev-periscope-orders', Stage: 'dev' })).toBe(1);
    expect(sum('AWS/Lambda', 'Invocations', { FunctionName: 'periscope-orders-dev-createOrder' })).toBe(1);
    expect(sum('AWS/DynamoDB', 'ConsumedWriteCapacityUnits', { TableName: 'periscope-orders-dev-orders' })).toBe(1);
  });

  it('reports a malformed EMF line and goes on with the next lines', () => {
    // Prepare
    const store = new MetricStore();
    const errors: Error[] = [];
    const feed = createLocalMetricsFeed({ store, names, onError: (error) => errors.push(error) });

    // Act
    feed.onLine(`{"_aws":{"Timestamp":${T},"CloudWatchMetrics":[{"Namespace":"Periscope/Orders","Dimensions":[["service"]],"Metrics":[{"Name":"OrderCreated"}]}]},"OrderCreated":1}`);
    for (const line of SESSION) feed.onLine(line);

    // Assess
    expect(errors).toEqual([expect.any(EmfFormatError)]);
    expect(errors[0]?.message).toMatch(/dimension "service" .* has no string value/);
    expect(store.list({ metricName: 'OrderCreated' })).toHaveLength(1);
  });
});

describe('localSourceNote', () => {
  it('says which AWS metrics the local stack does not produce, and which it approximates', () => {
    expect(localSourceNote({ namespace: 'AWS/Lambda', metricName: 'Throttles', dimensions: {} })).toMatch(/AWS\/Lambda Throttles has no local source/);
    expect(localSourceNote({ namespace: 'AWS/DynamoDB', metricName: 'ConsumedReadCapacityUnits', dimensions: {} })).toMatch(/approximated locally/);
    expect(localSourceNote({ namespace: 'AWS/Lambda', metricName: 'Invocations', dimensions: {} })).toBeUndefined();
    expect(localSourceNote({ namespace: 'Periscope/Orders', metricName: 'OrderCreated', dimensions: {} })).toBeUndefined();
  });
});
