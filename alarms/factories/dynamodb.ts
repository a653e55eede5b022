import { dynamoDbMetric, mathExpression, metricStat } from '../../src/cloudwatch';
import { kebab } from '../naming';
import { Thresholds as T } from '../thresholds';
import { AlarmKind, type DeployedTable, type MetricAlarmSpec } from '../types';

/** `OrdersTable` → `orders`: the table's part of a signal. */
const tableSignal = (table: DeployedTable): string => kebab(table.logicalId.replace(/Table$/, '') || table.logicalId);

/** `FILL(m0, 0) + FILL(m1, 0) + ...` over one per-operation metric. */
function perOperationSum(table: DeployedTable, metricName: string): MetricAlarmSpec['metrics'] {
  const parts = table.operations.map((operation, i) => metricStat(`m${i}`, dynamoDbMetric(table.tableName, metricName, operation), 'Sum', T.fast.periodSeconds));
  return [...parts, mathExpression('total', parts.map((part) => `FILL(${part.Id}, 0)`).join(' + '), `${metricName} (all operations)`)];
}

/**
 * DynamoDB, per table: throttled requests and system errors, summed over the operations the service
 * performs. Both metrics only have data points when something goes wrong, so missing data is
 * `notBreaching`: silence is health. Warnings: if users feel it, the API alarms page.
 */
export function createDynamoDbAlarms(table: DeployedTable, logGroups: readonly string[]): MetricAlarmSpec[] {
  if (table.operations.length === 0) return [];
  const signal = `dynamodb-${tableSignal(table)}`;
  const { evaluationPeriods } = T.fast;
  return [
    {
      kind: AlarmKind.DynamoDbThrottles,
      signal: `${signal}-throttles`,
      tier: 'warning',
      meaning: `DynamoDB throttled ${T.dynamoDbThrottledRequestsPerMinute}+ requests a minute on ${table.tableName}, in 2 of the last 5 minutes.`,
      action: 'Look for a hot partition key or a traffic spike; on-demand tables throttle above twice their previous peak.',
      metrics: perOperationSum(table, 'ThrottledRequests'),
      comparison: 'GreaterThanOrEqualToThreshold',
      threshold: T.dynamoDbThrottledRequestsPerMinute,
      evaluationPeriods,
      datapointsToAlarm: 2,
      treatMissingData: 'notBreaching',
      logGroups,
    },
    {
      kind: AlarmKind.DynamoDbSystemErrors,
      signal: `${signal}-system-errors`,
      tier: 'warning',
      meaning: `DynamoDB answered requests on ${table.tableName} with internal server errors (HTTP 500) in 2 of the last 5 minutes.`,
      action: 'Check the AWS Health Dashboard for DynamoDB in this region; the SDK retries, so watch the API error rate.',
      metrics: perOperationSum(table, 'SystemErrors'),
      comparison: 'GreaterThanOrEqualToThreshold',
      threshold: T.dynamoDbSystemErrorsPerMinute,
      evaluationPeriods,
      datapointsToAlarm: 2,
      treatMissingData: 'notBreaching',
      logGroups,
    },
  ];
}
