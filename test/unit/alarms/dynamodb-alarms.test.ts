import { type DeployedTable, type MetricAlarmSpec, resolveThresholds } from '../../../alarms';
import { createDynamoDbAlarms } from '../../../alarms/factories/dynamodb';
import { validDefinition } from '../../support/catalogs';

const LOGS = ['/aws/lambda/shop-dev-checkout'];
const defaults = resolveThresholds(validDefinition());
const table = (operations: string[], globalSecondaryIndexes?: string[]): DeployedTable => ({
  logicalId: 'CartsTable',
  tableName: 'shop-dev-carts',
  operations,
  ...(globalSecondaryIndexes === undefined ? {} : { globalSecondaryIndexes }),
});
const bySignal = (alarms: MetricAlarmSpec[], signal: string): MetricAlarmSpec => {
  const found = alarms.find((a) => a.signal === signal);
  if (found === undefined) throw new Error(`no alarm ${signal}; have ${alarms.map((a) => a.signal).join(', ')}`);
  return found;
};
/** The metric an alarm reads, as `MetricName {dimension=value,…}`. */
const watched = (alarm: MetricAlarmSpec): string[] =>
  alarm.metrics.flatMap((q) =>
    'MetricStat' in q && q.MetricStat !== undefined ? [`${q.MetricStat.Metric.MetricName} ${q.MetricStat.Stat} {${q.MetricStat.Metric.Dimensions.map((d) => `${d.Name}=${d.Value}`).join(',')}}`] : [],
  );

describe('createDynamoDbAlarms', () => {
  it('watches read and write throttle events on the table and on each index, each its own alarm', () => {
    // Act
    const alarms = createDynamoDbAlarms(table(['GetItem', 'PutItem', 'Query'], ['byUser']), LOGS, defaults);

    // Assess
    expect(alarms.filter((a) => a.kind.endsWith('-throttles')).map((a) => [a.signal, a.kind, watched(a)[0]])).toEqual([
      ['dynamodb-carts-read-throttles', 'dynamodb-read-throttles', 'ReadThrottleEvents Sum {TableName=shop-dev-carts}'],
      ['dynamodb-carts-write-throttles', 'dynamodb-write-throttles', 'WriteThrottleEvents Sum {TableName=shop-dev-carts}'],
      ['dynamodb-carts-by-user-read-throttles', 'dynamodb-read-throttles', 'ReadThrottleEvents Sum {TableName=shop-dev-carts,GlobalSecondaryIndexName=byUser}'],
      ['dynamodb-carts-by-user-write-throttles', 'dynamodb-write-throttles', 'WriteThrottleEvents Sum {TableName=shop-dev-carts,GlobalSecondaryIndexName=byUser}'],
    ]);
    const indexWrites = bySignal(alarms, 'dynamodb-carts-by-user-write-throttles');
    expect(indexWrites).toMatchObject({ tier: 'warning', comparison: 'GreaterThanOrEqualToThreshold', threshold: 10, evaluationPeriods: 5, datapointsToAlarm: 2, logGroups: LOGS });
    expect(indexWrites.meaning).toBe(
      "DynamoDB throttled 10+ write events a minute on index byUser of shop-dev-carts, in 2 of the last 5 minutes: the index cannot absorb the table's writes, so DynamoDB throttles those writes.",
    );
  });

  it('reads every DynamoDB metric through FILL, as CloudWatch ignores missing data on them: a quiet minute is a 0, and the alarm recovers', () => {
    // Act
    const alarms = createDynamoDbAlarms(table(['GetItem', 'PutItem', 'Query'], ['byUser']), LOGS, defaults);

    // Assess
    for (const alarm of alarms) {
      const returned = alarm.metrics.filter((q) => q.ReturnData);
      expect([alarm.signal, returned.length, 'Expression' in returned[0]! && /^FILL\(/.test(String(returned[0].Expression))]).toEqual([alarm.signal, 1, true]);
    }
  });

  it('alarms on each operation’s average successful latency, over 100 ms for 15 minutes by default', () => {
    // Act
    const alarms = createDynamoDbAlarms(table(['GetItem', 'Query']), LOGS, defaults);

    // Assess
    const query = bySignal(alarms, 'dynamodb-carts-query-latency');
    expect(watched(query)).toEqual(['SuccessfulRequestLatency Average {TableName=shop-dev-carts,Operation=Query}']);
    expect(query).toMatchObject({ kind: 'dynamodb-latency', tier: 'warning', comparison: 'GreaterThanThreshold', threshold: 100, evaluationPeriods: 3, datapointsToAlarm: 3 });
    expect(query.metrics[0]).toMatchObject({ MetricStat: { Period: 300 } });
    expect(query.meaning).toBe('DynamoDB took over 100 ms on average to serve Query on shop-dev-carts, for 15 minutes (its own time, without the network).');
    expect(alarms.filter((a) => a.kind === 'dynamodb-latency').map((a) => a.signal)).toEqual(['dynamodb-carts-get-item-latency', 'dynamodb-carts-query-latency']);
  });

  it('watches only the kinds of access the service performs: no read alarms for a writer, no index reads without Query or Scan', () => {
    // Act
    const writer = createDynamoDbAlarms(table(['PutItem'], ['byUser']), LOGS, defaults).map((a) => a.signal);
    const reader = createDynamoDbAlarms(table(['GetItem'], ['byUser']), LOGS, defaults).map((a) => a.signal);

    // Assess
    expect(writer.filter((s) => s.includes('throttles'))).toEqual(['dynamodb-carts-write-throttles', 'dynamodb-carts-by-user-write-throttles']);
    expect(reader.filter((s) => s.includes('throttles'))).toEqual(['dynamodb-carts-read-throttles']);
  });

  it('uses the catalog’s thresholds and says so in each alarm’s meaning', () => {
    // Prepare
    const tuned = resolveThresholds({
      ...validDefinition(),
      alarmThresholds: { 'dynamodb-read-throttles': { threshold: 3, evaluationPeriods: 3, datapointsToAlarm: 3 }, 'dynamodb-latency': { threshold: 40 }, 'dynamodb-system-errors': { threshold: 5 } },
    });

    // Act
    const alarms = createDynamoDbAlarms(table(['GetItem', 'PutItem']), LOGS, tuned);

    // Assess
    expect(bySignal(alarms, 'dynamodb-carts-read-throttles')).toMatchObject({ threshold: 3, evaluationPeriods: 3, datapointsToAlarm: 3 });
    expect(bySignal(alarms, 'dynamodb-carts-read-throttles').meaning).toMatch(/throttled 3\+ read events a minute on shop-dev-carts itself \(not its indexes\), for 3 minutes\./);
    expect(bySignal(alarms, 'dynamodb-carts-get-item-latency')).toMatchObject({ threshold: 40 });
    expect(bySignal(alarms, 'dynamodb-carts-get-item-latency').meaning).toMatch(/took over 40 ms on average/);
    expect(bySignal(alarms, 'dynamodb-carts-system-errors').meaning).toMatch(/answered 5\+ requests a minute on shop-dev-carts with internal server errors/);
    // What the catalog left alone keeps its default
    expect(bySignal(alarms, 'dynamodb-carts-write-throttles')).toMatchObject({ threshold: 10, evaluationPeriods: 5, datapointsToAlarm: 2 });
  });

  it('generates nothing for a table the service performs no operation on', () => {
    // Act / Assess
    expect(createDynamoDbAlarms(table([], ['byUser']), LOGS, defaults)).toEqual([]);
  });
});
