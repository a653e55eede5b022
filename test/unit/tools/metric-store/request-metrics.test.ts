import { failedInvocationMetrics, requestMetricsOf, type ServiceNames, sqsQueueDatapoints, throttledInvocationMetrics } from '../../../../tools/emulators/cloudwatch/metric-store';

const names: ServiceNames = { api: { name: 'dev-periscope-orders', stage: 'dev' }, functionName: (key) => `periscope-orders-dev-${key}` };
const NOW = Date.parse('2026-11-22T20:05:00.000Z');

/** The closing line `withObservability` writes, shortened to the fields the metrics use. */
const completed = (statusCode: number, durationMs = 41.87): string =>
  JSON.stringify({
    level: 'INFO',
    message: 'request completed',
    timestamp: '2026-11-22T20:04:52.153Z',
    service: 'orders',
    function_name: 'periscope-orders-dev-createOrder',
    route: 'POST /orders',
    statusCode,
    outcome: statusCode < 400 ? 'success' : 'client_error',
    durationMs,
  });

const byName = (line: string, now = NOW): Record<string, unknown> =>
  Object.fromEntries(requestMetricsOf(line, names, now).map((p) => [`${p.namespace} ${p.metricName} ${Object.values(p.dimensions).join(',')}`, p.value]));

describe('requestMetricsOf', () => {
  it('counts a 201 as one API request and one Lambda invocation, timed by the handler', () => {
    // Act
    const datapoints = requestMetricsOf(completed(201), names, NOW);

    // Assess
    expect(byName(completed(201))).toEqual({
      'AWS/ApiGateway Count dev-periscope-orders,dev': 1,
      'AWS/ApiGateway 4XXError dev-periscope-orders,dev': 0,
      'AWS/ApiGateway 5XXError dev-periscope-orders,dev': 0,
      'AWS/ApiGateway Latency dev-periscope-orders,dev': 41.87,
      'AWS/Lambda Invocations periscope-orders-dev-createOrder': 1,
      'AWS/Lambda Errors periscope-orders-dev-createOrder': 0,
      'AWS/Lambda Duration periscope-orders-dev-createOrder': 41.87,
    });
    expect(new Set(datapoints.map((p) => p.timestamp))).toEqual(new Set([Date.parse('2026-11-22T20:04:52.153Z')]));
    expect(datapoints.find((p) => p.metricName === 'Latency')?.unit).toBe('Milliseconds');
  });

  it('counts a 404 as a 4XX error and a 500 as a 5XX error, neither as a Lambda error', () => {
    expect(byName(completed(404))).toMatchObject({ 'AWS/ApiGateway 4XXError dev-periscope-orders,dev': 1, 'AWS/ApiGateway 5XXError dev-periscope-orders,dev': 0 });
    expect(byName(completed(500))).toMatchObject({
      'AWS/ApiGateway 4XXError dev-periscope-orders,dev': 0,
      'AWS/ApiGateway 5XXError dev-periscope-orders,dev': 1,
      'AWS/Lambda Errors periscope-orders-dev-createOrder': 0,
    });
  });

  it("counts serverless-offline's unhandled exception as a Lambda error and a 5XX, now", () => {
    // Act
    const datapoints = requestMetricsOf("✖ Unhandled exception in handler 'getOrder'.", names, NOW);

    // Assess
    expect(byName("✖ Unhandled exception in handler 'getOrder'.")).toEqual({
      'AWS/ApiGateway Count dev-periscope-orders,dev': 1,
      'AWS/ApiGateway 4XXError dev-periscope-orders,dev': 0,
      'AWS/ApiGateway 5XXError dev-periscope-orders,dev': 1,
      'AWS/Lambda Invocations periscope-orders-dev-getOrder': 1,
      'AWS/Lambda Errors periscope-orders-dev-getOrder': 1,
    });
    expect(datapoints.every((p) => p.timestamp === NOW)).toBe(true);
  });

  it.each([
    ['another log line', JSON.stringify({ level: 'INFO', message: 'request refused', statusCode: 400 })],
    ['a completed line without a duration', JSON.stringify({ message: 'request completed', function_name: 'f', statusCode: 200, timestamp: '2026-11-22T20:04:52.153Z' })],
    ['a completed line with a bad timestamp', completed(201).replace('2026-11-22T20:04:52.153Z', 'yesterday')],
    ["serverless-offline's duration line (each invocation counts once)", '(λ: createOrder) RequestId: 3460694d  Duration: 282.41 ms  Billed Duration: 283 ms'],
    ['broken JSON', '{"message":"request completed"'],
  ])('derives nothing from %s', (_what, line) => {
    expect(requestMetricsOf(line, names, NOW)).toEqual([]);
  });

  it('counts a timed-out invocation as a Lambda error lasting the timeout, and the client’s 502 as a 5XX', () => {
    // Act
    const datapoints = failedInvocationMetrics(names, 'getOrder', NOW, 10_000);

    // Assess
    expect(Object.fromEntries(datapoints.map((p) => [`${p.namespace} ${p.metricName} ${Object.values(p.dimensions).join(',')}`, p.value]))).toEqual({
      'AWS/ApiGateway Count dev-periscope-orders,dev': 1,
      'AWS/ApiGateway 4XXError dev-periscope-orders,dev': 0,
      'AWS/ApiGateway 5XXError dev-periscope-orders,dev': 1,
      'AWS/ApiGateway Latency dev-periscope-orders,dev': 10_000,
      'AWS/Lambda Invocations periscope-orders-dev-getOrder': 1,
      'AWS/Lambda Errors periscope-orders-dev-getOrder': 1,
      'AWS/Lambda Duration periscope-orders-dev-getOrder': 10_000,
    });
    expect(new Set(datapoints.map((p) => p.timestamp))).toEqual(new Set([NOW]));
  });

  it('counts a throttled invocation as a Lambda throttle, not an invocation, and the client’s error as a 5XX', () => {
    // Act
    const datapoints = throttledInvocationMetrics(names, 'listOrders', NOW);

    // Assess
    expect(Object.fromEntries(datapoints.map((p) => [`${p.namespace} ${p.metricName} ${Object.values(p.dimensions).join(',')}`, p.value]))).toEqual({
      'AWS/ApiGateway Count dev-periscope-orders,dev': 1,
      'AWS/ApiGateway 4XXError dev-periscope-orders,dev': 0,
      'AWS/ApiGateway 5XXError dev-periscope-orders,dev': 1,
      'AWS/Lambda Throttles periscope-orders-dev-listOrders': 1,
    });
  });

  it('counts a queue consumer’s batch as one Lambda invocation and no API request, its failed records not as errors', () => {
    // Prepare: the closing line withSqsObservability writes
    const batch = JSON.stringify({
      level: 'INFO',
      message: 'batch completed',
      timestamp: '2026-11-22T20:04:53.000Z',
      function_name: 'periscope-orders-dev-fulfilOrder',
      trigger: 'sqs',
      outcome: 'partial_failure',
      records: 10,
      failed: 1,
      durationMs: 87.5,
    });

    // Act
    const metrics = byName(batch);

    // Assess
    expect(metrics).toEqual({
      'AWS/Lambda Invocations periscope-orders-dev-fulfilOrder': 1,
      'AWS/Lambda Errors periscope-orders-dev-fulfilOrder': 0,
      'AWS/Lambda Duration periscope-orders-dev-fulfilOrder': 87.5,
    });
  });

  it('counts an event handler that failed as a Lambda error', () => {
    // Prepare: the closing line withSnsObservability and withEventBridgeObservability write
    const failed = JSON.stringify({
      level: 'INFO',
      message: 'invocation completed',
      timestamp: '2026-11-22T20:04:54.000Z',
      function_name: 'periscope-orders-dev-nightly',
      outcome: 'failure',
      durationMs: 12,
    });

    // Act
    const metrics = byName(failed);

    // Assess
    expect(metrics['AWS/Lambda Errors periscope-orders-dev-nightly']).toBe(1);
    expect(Object.keys(metrics).some((key) => key.startsWith('AWS/ApiGateway'))).toBe(false);
  });
});

describe('sqsQueueDatapoints', () => {
  it('publishes a queue’s minute as SQS does: every metric by QueueName, the age in seconds', () => {
    // Prepare
    const minute = {
      ApproximateNumberOfMessagesVisible: 4,
      ApproximateNumberOfMessagesNotVisible: 1,
      ApproximateNumberOfMessagesDelayed: 0,
      ApproximateAgeOfOldestMessage: 75,
      NumberOfMessagesSent: 6,
      NumberOfMessagesReceived: 3,
      NumberOfMessagesDeleted: 2,
      NumberOfEmptyReceives: 9,
    };

    // Act
    const datapoints = sqsQueueDatapoints('orders-dev-order-placed', minute, NOW);

    // Assess
    expect(datapoints).toHaveLength(8);
    expect(datapoints.every((p) => p.namespace === 'AWS/SQS' && p.dimensions.QueueName === 'orders-dev-order-placed' && p.timestamp === NOW)).toBe(true);
    expect(datapoints.find((p) => p.metricName === 'ApproximateAgeOfOldestMessage')).toMatchObject({ value: 75, unit: 'Seconds' });
    expect(datapoints.find((p) => p.metricName === 'NumberOfMessagesSent')).toMatchObject({ value: 6, unit: 'Count' });
  });
});
