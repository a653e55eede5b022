import { dynamoDbMetricsOf } from '../../../../tools/emulators/cloudwatch/metric-store';
import { assembleTraces, type ReceivedDocument, type SegmentDocument } from '../../../../tools/emulators/xray-daemon';

const TRACE = '1-6b034ae4-0616c034817250cc1d409ab1';
const TABLE = 'periscope-orders-dev-orders';
const handler: ReceivedDocument = {
  trace_id: TRACE,
  id: 'h1',
  name: '## handlers/orders/handler.createOrder',
  start_time: 1795377892.096,
  end_time: 1795377892.2,
  type: 'subsegment',
  parent_id: 'facade',
};
const call = (id: string, operation: string, start: number, end: number, extra: Partial<SegmentDocument> = {}): ReceivedDocument => ({
  trace_id: TRACE,
  id,
  name: 'DynamoDB',
  type: 'subsegment',
  parent_id: 'h1',
  namespace: 'aws',
  start_time: start,
  end_time: end,
  aws: { operation, region: 'us-east-1', table_name: TABLE, retries: 1 },
  http: { response: { status: 200 } },
  ...extra,
});

/** `metric operation=value` for each datapoint, in order. */
const summary = (docs: ReceivedDocument[]): string[] =>
  dynamoDbMetricsOf(assembleTraces(docs)[0]!).map((p) => `${p.metricName} ${p.dimensions['Operation'] ?? p.dimensions['TableName']}=${Math.round(p.value * 10) / 10}`);

describe('dynamoDbMetricsOf', () => {
  it('times a successful call, counts no throttle or error, and approximates its capacity', () => {
    // Prepare: as the X-Ray SDK sent a PutItem then a GetItem
    const docs = [handler, call('c1', 'PutItem', 1795377892.115, 1795377892.149), call('c2', 'GetItem', 1795377892.15, 1795377892.174)];

    // Act / Assess
    expect(summary(docs)).toEqual([
      'ThrottledRequests PutItem=0',
      'SystemErrors PutItem=0',
      'SuccessfulRequestLatency PutItem=34',
      `ConsumedWriteCapacityUnits ${TABLE}=1`,
      'ThrottledRequests GetItem=0',
      'SystemErrors GetItem=0',
      'SuccessfulRequestLatency GetItem=24',
      `ConsumedReadCapacityUnits ${TABLE}=0.5`,
    ]);
    const [first] = dynamoDbMetricsOf(assembleTraces(docs)[0]!);
    expect(first).toMatchObject({ namespace: 'AWS/DynamoDB', dimensions: { TableName: TABLE, Operation: 'PutItem' }, timestamp: 1795377892115, unit: 'Count' });
  });

  it('counts a throttled call, by flag or by exception, and does not time it', () => {
    // Prepare
    const flagged = call('c1', 'Query', 10, 10.2, { throttle: true, error: true });
    const byException = call('c2', 'PutItem', 11, 11.1, {
      error: true,
      http: { response: { status: 400 } },
      cause: { exceptions: [{ type: 'ProvisionedThroughputExceededException', message: 'Rate exceeded' }] },
    });

    // Act / Assess
    expect(summary([handler, flagged, byException])).toEqual(['ThrottledRequests Query=1', 'SystemErrors Query=0', 'ThrottledRequests PutItem=1', 'SystemErrors PutItem=0']);
  });

  it('counts a fault or a 5xx as a system error', () => {
    // Prepare
    const fault = call('c1', 'GetItem', 10, 10.2, { fault: true });
    const status = call('c2', 'GetItem', 11, 11.1, { http: { response: { status: 503 } } });

    // Act / Assess
    expect(summary([handler, fault, status])).toEqual(['ThrottledRequests GetItem=0', 'SystemErrors GetItem=1', 'ThrottledRequests GetItem=0', 'SystemErrors GetItem=1']);
  });

  it('ignores subsegments that are not finished DynamoDB calls', () => {
    // Prepare
    const remote = { ...call('c1', 'GetItem', 10, 10.2), namespace: 'remote' };
    const inProgress = { ...call('c2', 'GetItem', 11, 11.1), end_time: undefined, in_progress: true };

    // Act / Assess
    expect(summary([handler, remote, inProgress])).toEqual([]);
  });
});
