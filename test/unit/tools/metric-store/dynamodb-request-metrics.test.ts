import { dynamoDbRequestMetrics } from '../../../../tools/emulators/cloudwatch/metric-store';
import type { DynamoDbRequestRecord } from '../../../../tools/emulators/dynamodb-local/fault-proxy';

const AT = 1_795_428_000_000;
const TABLE = 'periscope-orders-prod-orders';
const record = (change: Partial<DynamoDbRequestRecord>): DynamoDbRequestRecord => ({
  operation: 'GetItem',
  access: 'read',
  tableName: TABLE,
  indexesWritten: [],
  outcome: 'answered',
  status: 200,
  latencyMs: 4.2,
  ...change,
});
/** `MetricName {dimensions}=value` of each datapoint. */
const summary = (change: Partial<DynamoDbRequestRecord>): string[] =>
  dynamoDbRequestMetrics(record(change), AT).map(
    (p) =>
      `${p.metricName} {${Object.entries(p.dimensions)
        .map(([k, v]) => `${k}=${v}`)
        .join(',')}}=${p.value}`,
  );

describe('dynamoDbRequestMetrics', () => {
  it('times a successful call as SuccessfulRequestLatency per operation, in milliseconds, at the invocation’s time', () => {
    // Act
    const [point, ...rest] = dynamoDbRequestMetrics(record({ operation: 'Query', latencyMs: 212.5 }), AT);

    // Assess
    expect(point).toEqual({
      namespace: 'AWS/DynamoDB',
      metricName: 'SuccessfulRequestLatency',
      dimensions: { TableName: TABLE, Operation: 'Query' },
      timestamp: AT,
      value: 212.5,
      unit: 'Milliseconds',
    });
    expect(rest).toEqual([]);
  });

  it('counts a throttled read on the table as a request and a read event on the table alone', () => {
    // Act / Assess
    expect(summary({ outcome: 'throttled', status: 400 })).toEqual([`ThrottledRequests {TableName=${TABLE},Operation=GetItem}=1`, `ReadThrottleEvents {TableName=${TABLE}}=1`]);
  });

  it('counts a Query throttled on an index as a read event of the index, with GlobalSecondaryIndexName', () => {
    // Act / Assess
    expect(summary({ operation: 'Query', indexName: 'byCustomer', outcome: 'throttled', status: 400, throttledIndex: 'byCustomer' })).toEqual([
      `ThrottledRequests {TableName=${TABLE},Operation=Query}=1`,
      `ReadThrottleEvents {TableName=${TABLE},GlobalSecondaryIndexName=byCustomer}=1`,
    ]);
  });

  it('counts a write the index could not absorb as a write event of the index, and a write throttled on the table as the table’s', () => {
    // Act / Assess
    expect(summary({ operation: 'PutItem', access: 'write', indexesWritten: ['byCustomer'], outcome: 'throttled', status: 400, throttledIndex: 'byCustomer' })).toEqual([
      `ThrottledRequests {TableName=${TABLE},Operation=PutItem}=1`,
      `WriteThrottleEvents {TableName=${TABLE},GlobalSecondaryIndexName=byCustomer}=1`,
    ]);
    expect(summary({ operation: 'PutItem', access: 'write', indexesWritten: ['byCustomer'], outcome: 'throttled', status: 400 })).toEqual([
      `ThrottledRequests {TableName=${TABLE},Operation=PutItem}=1`,
      `WriteThrottleEvents {TableName=${TABLE}}=1`,
    ]);
  });

  it('counts an internal error as a system error and times nothing else', () => {
    // Act / Assess
    expect(summary({ outcome: 'server-error', status: 500 })).toEqual([`SystemErrors {TableName=${TABLE},Operation=GetItem}=1`]);
  });

  it('records nothing for a client error, a control-plane call or a call without a single table', () => {
    // Act / Assess
    expect(summary({ operation: 'PutItem', access: 'write', status: 400 })).toEqual([]);
    expect(summary({ operation: 'CreateTable', access: 'control' })).toEqual([]);
    const { tableName: _table, ...batch } = record({ operation: 'BatchGetItem' });
    expect(dynamoDbRequestMetrics(batch, AT)).toEqual([]);
  });
});
