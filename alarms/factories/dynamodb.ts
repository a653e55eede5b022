import { dynamoDbIndexMetric, dynamoDbMetric, type MetricId, mathExpression, metricStat } from '../../src/cloudwatch';
import { sumOfFilled } from '../metric-factory';
import { kebab } from '../naming';
import { type AlarmEvaluation, evaluationOf, type ResolvedThresholds, windowText } from '../thresholds';
import { AlarmKind, type DeployedTable, type MetricAlarmSpec } from '../types';

/** Operations that read (`ReadThrottleEvents`) and write (`WriteThrottleEvents`). */
const READS = new Set(['GetItem', 'Query', 'Scan', 'BatchGetItem', 'TransactGetItems']);
const WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems']);
/** The only reads that can go through a global secondary index. */
const INDEX_READS = new Set(['Query', 'Scan']);

/** `OrdersTable` → `orders`: the table's part of a signal. */
const tableSignal = (table: DeployedTable): string => kebab(table.logicalId.replace(/Table$/, '') || table.logicalId);

/** `FILL(m0, 0) + FILL(m1, 0) + ...` over one per-operation metric. */
function perOperationSum(table: DeployedTable, metricName: string, periodSeconds: number): MetricAlarmSpec['metrics'] {
  const parts = table.operations.map((operation, i) => metricStat(`m${i}`, dynamoDbMetric(table.tableName, metricName, operation), 'Sum', periodSeconds));
  return [...parts, mathExpression('total', sumOfFilled(parts.map((part) => part.Id)), `${metricName} (all operations)`)];
}

/** A throttle-events alarm, on the table itself or on one of its indexes. */
interface ThrottleTarget {
  readonly kind: typeof AlarmKind.DynamoDbReadThrottles | typeof AlarmKind.DynamoDbWriteThrottles;
  readonly signal: string;
  readonly metric: MetricId;
  readonly meaning: string;
  readonly action: string;
}

/**
 * Read and write throttle events, on the table and on each global secondary index, for the kinds of
 * operation the service performs: they say which resource ran out of capacity. `ThrottledRequests`
 * (per request and operation) is not alarmed on as well: every throttled request has at least one
 * throttled event, so it would fire with these and say less.
 */
function throttleTargets(table: DeployedTable, thresholds: ResolvedThresholds): ThrottleTarget[] {
  const signal = `dynamodb-${tableSignal(table)}`;
  const reads = thresholds[AlarmKind.DynamoDbReadThrottles];
  const writes = thresholds[AlarmKind.DynamoDbWriteThrottles];
  const performs = (kinds: ReadonlySet<string>): boolean => table.operations.some((operation) => kinds.has(operation));
  const spike = 'on-demand tables throttle above twice their previous peak';
  const targets: ThrottleTarget[] = [];
  if (performs(READS)) {
    targets.push({
      kind: AlarmKind.DynamoDbReadThrottles,
      signal: `${signal}-read-throttles`,
      metric: dynamoDbMetric(table.tableName, 'ReadThrottleEvents'),
      meaning: `DynamoDB throttled ${reads.threshold}+ read events a minute on ${table.tableName} itself (not its indexes), ${windowText(reads)}.`,
      action: `Look for a hot partition key (one item read by everyone) or a read spike; ${spike}.`,
    });
  }
  if (performs(WRITES)) {
    targets.push({
      kind: AlarmKind.DynamoDbWriteThrottles,
      signal: `${signal}-write-throttles`,
      metric: dynamoDbMetric(table.tableName, 'WriteThrottleEvents'),
      meaning: `DynamoDB throttled ${writes.threshold}+ write events a minute on ${table.tableName} itself (not its indexes), ${windowText(writes)}.`,
      action: `Look for a hot partition key or a write spike (a batch job, a retry storm); ${spike}.`,
    });
  }
  for (const index of table.globalSecondaryIndexes ?? []) {
    if (performs(INDEX_READS)) {
      targets.push({
        kind: AlarmKind.DynamoDbReadThrottles,
        signal: `${signal}-${kebab(index)}-read-throttles`,
        metric: dynamoDbIndexMetric(table.tableName, index, 'ReadThrottleEvents'),
        meaning: `DynamoDB throttled ${reads.threshold}+ read events a minute on index ${index} of ${table.tableName}, ${windowText(reads)}: queries through the index are over its capacity.`,
        action: `Find the queries through ${index} that spiked; a key with few values (one big customer) makes a hot partition.`,
      });
    }
    if (performs(WRITES)) {
      targets.push({
        kind: AlarmKind.DynamoDbWriteThrottles,
        signal: `${signal}-${kebab(index)}-write-throttles`,
        metric: dynamoDbIndexMetric(table.tableName, index, 'WriteThrottleEvents'),
        meaning: `DynamoDB throttled ${writes.threshold}+ write events a minute on index ${index} of ${table.tableName}, ${windowText(writes)}: the index cannot absorb the table's writes, so DynamoDB throttles those writes.`,
        action: `Check ${index}'s key for a hot value and, if it is provisioned, its write capacity (at least the table's).`,
      });
    }
  }
  return targets;
}

const throttleAlarm = (target: ThrottleTarget, e: AlarmEvaluation, logGroups: readonly string[]): MetricAlarmSpec => ({
  kind: target.kind,
  signal: target.signal,
  tier: 'warning',
  meaning: target.meaning,
  action: target.action,
  metrics: [metricStat('events', target.metric, 'Sum', e.periodSeconds), mathExpression('total', 'FILL(events, 0)', `${target.metric.metricName} (0 when none)`)],
  comparison: 'GreaterThanOrEqualToThreshold',
  ...evaluationOf(e),
  treatMissingData: 'notBreaching',
  logGroups,
});

/**
 * DynamoDB, per table: read and write throttle events on the table and each of its global secondary
 * indexes, system errors summed over the operations the service performs, and each operation's
 * average successful latency. Throttles and errors only have data points when something goes wrong,
 * and latency only when there are requests: silence is health. CloudWatch ignores missing data in
 * alarms on `AWS/DynamoDB` metrics whatever `TreatMissingData` says (the alarm would keep its ALARM
 * after the last throttle), so every alarm reads its metric through `FILL(…, 0)`: real zeros, and
 * a recovery. Warnings: if users feel it, the API alarms page.
 */
export function createDynamoDbAlarms(table: DeployedTable, logGroups: readonly string[], thresholds: ResolvedThresholds): MetricAlarmSpec[] {
  if (table.operations.length === 0) return [];
  const signal = `dynamodb-${tableSignal(table)}`;
  const errors = thresholds[AlarmKind.DynamoDbSystemErrors];
  const latency = thresholds[AlarmKind.DynamoDbLatency];
  return [
    ...throttleTargets(table, thresholds).map((target) => throttleAlarm(target, thresholds[target.kind], logGroups)),
    {
      kind: AlarmKind.DynamoDbSystemErrors,
      signal: `${signal}-system-errors`,
      tier: 'warning',
      meaning: `DynamoDB answered ${errors.threshold}+ requests a minute on ${table.tableName} with internal server errors (HTTP 500), ${windowText(errors)}.`,
      action: 'Check the AWS Health Dashboard for DynamoDB in this region; the SDK retries, so watch the API error rate.',
      metrics: perOperationSum(table, 'SystemErrors', errors.periodSeconds),
      comparison: 'GreaterThanOrEqualToThreshold',
      ...evaluationOf(errors),
      treatMissingData: 'notBreaching',
      logGroups,
    },
    ...table.operations.map(
      (operation): MetricAlarmSpec => ({
        kind: AlarmKind.DynamoDbLatency,
        signal: `${signal}-${kebab(operation)}-latency`,
        tier: 'warning',
        meaning: `DynamoDB took over ${latency.threshold} ms on average to serve ${operation} on ${table.tableName}, ${windowText(latency)} (its own time, without the network).`,
        action:
          operation === 'Query' || operation === 'Scan'
            ? `Check whether each ${operation} now returns far more items (ReturnedItemCount), then the AWS Health Dashboard for DynamoDB.`
            : 'Check the AWS Health Dashboard for DynamoDB in this region, and item sizes if they grew.',
        metrics: [
          metricStat('latency', dynamoDbMetric(table.tableName, 'SuccessfulRequestLatency', operation), 'Average', latency.periodSeconds),
          mathExpression('average', 'FILL(latency, 0)', `${operation} average latency (ms, 0 without requests)`),
        ],
        comparison: 'GreaterThanThreshold',
        ...evaluationOf(latency),
        treatMissingData: 'notBreaching',
        logGroups,
      }),
    ),
  ];
}
