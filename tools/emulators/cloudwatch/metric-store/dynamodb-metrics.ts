import { dynamoDbIndexMetric, dynamoDbMetric } from '../../../../src/cloudwatch';
import type { DynamoDbRequestRecord } from '../../dynamodb-local/fault-proxy/dynamodb-request';
import type { AssembledTrace, SegmentDocument, TraceNode } from '../../xray-daemon';
import type { Datapoint } from './types';

/**
 * Capacity units charged per successful call, as the preview approximates them: the trace does not
 * say how many items or bytes a call read or wrote. An item up to 1 KB written costs 1 write unit;
 * an eventually consistent read of up to 4 KB costs 0.5 read unit. Real consumption grows with item
 * size and, for Query and batches, with the number of items.
 */
export const CAPACITY_APPROXIMATION: Readonly<Record<string, { readonly read?: number; readonly write?: number }>> = {
  GetItem: { read: 0.5 },
  Query: { read: 0.5 },
  Scan: { read: 0.5 },
  BatchGetItem: { read: 0.5 },
  TransactGetItems: { read: 1 },
  PutItem: { write: 1 },
  UpdateItem: { write: 1 },
  DeleteItem: { write: 1 },
  BatchWriteItem: { write: 1 },
  TransactWriteItems: { write: 2 },
};

/** What the preview says next to a consumed-capacity graph. */
export const CAPACITY_NOTE = 'Consumed capacity is approximated locally: 1 write unit per PutItem/UpdateItem/DeleteItem, 0.5 read unit per GetItem/Query (item sizes and counts are not traced).';

const THROTTLE_EXCEPTIONS = new Set(['ProvisionedThroughputExceededException', 'ThrottlingException', 'RequestLimitExceeded']);

/** A DynamoDB call as the X-Ray SDK records it: an `aws` subsegment with an operation and a table. */
const isDynamoDbCall = (doc: SegmentDocument): boolean =>
  doc.namespace === 'aws' && typeof doc.aws?.operation === 'string' && typeof doc.aws?.table_name === 'string' && typeof doc.end_time === 'number';

const wasThrottled = (doc: SegmentDocument): boolean =>
  doc.throttle === true || (doc.cause?.exceptions ?? []).some((exception) => typeof exception.type === 'string' && THROTTLE_EXCEPTIONS.has(exception.type));

const hadSystemError = (doc: SegmentDocument): boolean => doc.fault === true || (doc.http?.response?.status ?? 0) >= 500;

/**
 * The `AWS/DynamoDB` datapoints of each DynamoDB call in a trace, at the call's start:
 * `ThrottledRequests` and `SystemErrors` 0 or 1 (`{ TableName, Operation }`; throttled when the
 * subsegment is flagged `throttle` or failed with a throughput exception, a system error on a fault
 * or a 5xx), `SuccessfulRequestLatency` in ms for a call that neither failed nor was throttled, and
 * for those an approximate `ConsumedReadCapacityUnits` / `ConsumedWriteCapacityUnits` (`{ TableName }`,
 * see {@link CAPACITY_APPROXIMATION}).
 */
export function dynamoDbMetricsOf(trace: AssembledTrace): Datapoint[] {
  const datapoints: Datapoint[] = [];
  const visit = (node: TraceNode): void => {
    if (isDynamoDbCall(node.document)) datapoints.push(...callDatapoints(node.document));
    node.children.forEach(visit);
  };
  trace.roots.forEach(visit);
  return datapoints;
}

function callDatapoints(doc: SegmentDocument): Datapoint[] {
  const operation = doc.aws?.operation as string;
  const tableName = doc.aws?.table_name as string;
  const timestamp = Math.round(doc.start_time * 1000);
  const perOperation = (metricName: string, value: number, unit: string): Datapoint => ({ ...dynamoDbMetric(tableName, metricName, operation), timestamp, value, unit });
  const perTable = (metricName: string, value: number): Datapoint => ({ ...dynamoDbMetric(tableName, metricName), timestamp, value, unit: 'Count' });
  const throttled = wasThrottled(doc);
  const systemError = hadSystemError(doc);
  const points: Datapoint[] = [perOperation('ThrottledRequests', throttled ? 1 : 0, 'Count'), perOperation('SystemErrors', systemError ? 1 : 0, 'Count')];
  if (throttled || systemError || doc.error === true) return points;
  points.push(perOperation('SuccessfulRequestLatency', ((doc.end_time as number) - doc.start_time) * 1000, 'Milliseconds'));
  const capacity = CAPACITY_APPROXIMATION[operation];
  if (capacity?.read !== undefined) points.push(perTable('ConsumedReadCapacityUnits', capacity.read));
  if (capacity?.write !== undefined) points.push(perTable('ConsumedWriteCapacityUnits', capacity.write));
  return points;
}

/**
 * The `AWS/DynamoDB` datapoints of one request as DynamoDB serves it (the fault proxy's record of it),
 * at `timestamp`:
 *
 * - answered 2xx: `SuccessfulRequestLatency` (`{ TableName, Operation }`), the time the proxy took to
 *   answer — the target's work and any injected delay, without the client's side, as DynamoDB's own
 *   figure leaves out the network;
 * - throttled: `ThrottledRequests` 1 (`{ TableName, Operation }`), and one `ReadThrottleEvents` or
 *   `WriteThrottleEvents` on the resource out of capacity: `{ TableName }` for the table itself,
 *   `{ TableName, GlobalSecondaryIndexName }` for an index (a Query through it, or a write it could not absorb);
 * - answered 500: `SystemErrors` 1 (`{ TableName, Operation }`).
 *
 * Approximated: a throttled request is one event (a batch's items would each be one, but batches
 * name no single table and get no datapoints here); `UserErrors` and `ConditionalCheckFailedRequests`
 * are not recorded; nothing is recorded for a request never answered (a hang, a reset).
 */
export function dynamoDbRequestMetrics(record: DynamoDbRequestRecord, timestamp: number): Datapoint[] {
  const { tableName, operation } = record;
  if (tableName === undefined || record.access === 'control') return [];
  const point = (metric: ReturnType<typeof dynamoDbMetric>, value: number, unit = 'Count'): Datapoint => ({ ...metric, timestamp, value, unit });
  if (record.outcome === 'throttled') {
    const events = record.access === 'read' ? 'ReadThrottleEvents' : 'WriteThrottleEvents';
    const resource = record.throttledIndex === undefined ? dynamoDbMetric(tableName, events) : dynamoDbIndexMetric(tableName, record.throttledIndex, events);
    return [point(dynamoDbMetric(tableName, 'ThrottledRequests', operation), 1), point(resource, 1)];
  }
  if (record.outcome === 'server-error' || record.status >= 500) return [point(dynamoDbMetric(tableName, 'SystemErrors', operation), 1)];
  if (record.status >= 200 && record.status < 300) return [point(dynamoDbMetric(tableName, 'SuccessfulRequestLatency', operation), record.latencyMs, 'Milliseconds')];
  return [];
}
