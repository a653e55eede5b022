import type { DeployedTable } from '../../alarms';
import { sumOfFilled } from '../../alarms/metric-factory';
import { dynamoDbIndexMetric, dynamoDbMetric } from '../../src/cloudwatch';
import type { MetricRow, WidgetSpec } from '../types';
import { expressionRow, metricWidget, row } from '../widgets';

/** Throttled requests per operation, and read and write throttle events on the table and each index (what the throttle alarms compare). */
function throttleRows(table: DeployedTable): MetricRow[] {
  const events = (metricName: string, label: string, index?: string): MetricRow =>
    row(index === undefined ? dynamoDbMetric(table.tableName, metricName) : dynamoDbIndexMetric(table.tableName, index, metricName), { stat: 'Sum', label: `${label} (${index ?? 'table'})` });
  return [
    ...table.operations.map((operation) => row(dynamoDbMetric(table.tableName, 'ThrottledRequests', operation), { stat: 'Sum', label: `${operation} throttled` })),
    ...[undefined, ...(table.globalSecondaryIndexes ?? [])].flatMap((index) => [events('ReadThrottleEvents', 'read events', index), events('WriteThrottleEvents', 'write events', index)]),
  ];
}

/** System errors per operation and, as the table's alarm sums them, for all operations. */
function systemErrorRows(table: DeployedTable): MetricRow[] {
  const ids = table.operations.map((_, i) => `s${i}`);
  const perOperation = table.operations.map((operation, i) => row(dynamoDbMetric(table.tableName, 'SystemErrors', operation), { id: ids[i], stat: 'Sum', label: operation }));
  return ids.length === 0 ? perOperation : [...perOperation, expressionRow('total', sumOfFilled(ids), 'all operations')];
}

/**
 * Per table: consumed capacity, throttles, system errors and each operation's latency. Latency is
 * averaged over `latencyPeriod`, the period its alarms compare, so their thresholds are drawn on it.
 */
export function dynamoDbWidgets(tables: readonly DeployedTable[], period: number, latencyPeriod: number): WidgetSpec[] {
  return tables.flatMap((table) => [
    metricWidget({
      title: `DynamoDB ${table.tableName}: consumed capacity`,
      period,
      width: 6,
      metrics: [
        row(dynamoDbMetric(table.tableName, 'ConsumedReadCapacityUnits'), { stat: 'Sum', label: 'read units' }),
        row(dynamoDbMetric(table.tableName, 'ConsumedWriteCapacityUnits'), { stat: 'Sum', label: 'write units' }),
      ],
    }),
    metricWidget({ title: `DynamoDB ${table.tableName}: throttles`, period, width: 6, metrics: throttleRows(table) }),
    metricWidget({ title: `DynamoDB ${table.tableName}: system errors (HTTP 500)`, period, width: 6, metrics: systemErrorRows(table) }),
    metricWidget({
      title: `DynamoDB ${table.tableName}: latency (${latencyPeriod / 60}-minute average)`,
      period: latencyPeriod,
      width: 6,
      metrics: table.operations.map((operation) => row(dynamoDbMetric(table.tableName, 'SuccessfulRequestLatency', operation), { stat: 'Average', label: operation })),
      yAxis: { left: { min: 0, label: 'ms', showUnits: false } },
    }),
  ]);
}
