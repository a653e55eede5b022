import { deadLetterQueueName } from '../../alarms';
import { apiMetric, dynamoDbMetric, lambdaMetric, type Statistic, sqsMetric } from '../../src/cloudwatch';
import { catalogMetricRow, catalogMetricWidgets, type ViewContext } from '../context';
import type { MetricRow, WidgetSpec } from '../types';
import { alarmWidget, metricWidget, row, textWidget } from '../widgets';

const MINUTE = 60;
/** CloudWatch's alarm status widget shows at most 100 alarms. */
const ALARMS_PER_WIDGET = 100;

function alarmStatus(context: ViewContext): WidgetSpec[] {
  const names = context.alarms.map((alarm) => alarm.name);
  const widgets: WidgetSpec[] = [];
  for (let i = 0; i < names.length; i += ALARMS_PER_WIDGET) {
    const chunk = names.slice(i, i + ALARMS_PER_WIDGET);
    widgets.push(alarmWidget(i === 0 ? 'Alarms (tier composites first)' : `Alarms, continued (${i + 1}–${i + chunk.length})`, chunk, 24, Math.min(12, 2 + Math.ceil(chunk.length / 4))));
  }
  return widgets;
}

function apiWidgets(context: ViewContext): WidgetSpec[] {
  const api = context.resources.api;
  if (api === undefined) return [];
  return [
    metricWidget({
      title: 'API requests and errors',
      period: MINUTE,
      width: 12,
      metrics: [
        row(apiMetric(api, 'Count'), { stat: 'Sum', label: 'requests' }),
        row(apiMetric(api, '4XXError'), { stat: 'Sum', label: '4XX' }),
        row(apiMetric(api, '5XXError'), { stat: 'Sum', label: '5XX' }),
      ],
    }),
    metricWidget({
      title: 'API latency',
      period: MINUTE,
      width: 12,
      metrics: (['p50', 'p90', 'p99'] as const).map((stat) => row(apiMetric(api, 'Latency'), { stat, label: stat })),
      yAxis: { left: { min: 0, label: 'ms', showUnits: false } },
    }),
  ];
}

function lambdaWidgets(context: ViewContext): WidgetSpec[] {
  const perFunction = (metricName: string, stat: Statistic): MetricRow[] => context.functions.map((fn) => row(lambdaMetric(fn.functionName, metricName), { stat, label: fn.name }));
  return [
    metricWidget({ title: 'Lambda invocations', period: MINUTE, width: 8, metrics: perFunction('Invocations', 'Sum') }),
    metricWidget({ title: 'Lambda errors', period: MINUTE, width: 8, metrics: perFunction('Errors', 'Sum') }),
    metricWidget({ title: 'Lambda throttles', period: MINUTE, width: 8, metrics: perFunction('Throttles', 'Sum') }),
    metricWidget({ title: 'Lambda p99 duration', period: MINUTE, width: 12, metrics: perFunction('Duration', 'p99'), yAxis: { left: { min: 0, label: 'ms', showUnits: false } } }),
    metricWidget({ title: 'Lambda concurrency', period: MINUTE, width: 12, metrics: perFunction('ConcurrentExecutions', 'Maximum') }),
  ];
}

function dynamoDbWidgets(context: ViewContext): WidgetSpec[] {
  return context.resources.tables.flatMap((table) => [
    metricWidget({
      title: `DynamoDB ${table.tableName}: consumed capacity`,
      period: MINUTE,
      width: 8,
      metrics: [
        row(dynamoDbMetric(table.tableName, 'ConsumedReadCapacityUnits'), { stat: 'Sum', label: 'read units' }),
        row(dynamoDbMetric(table.tableName, 'ConsumedWriteCapacityUnits'), { stat: 'Sum', label: 'write units' }),
      ],
    }),
    metricWidget({
      title: `DynamoDB ${table.tableName}: throttled requests`,
      period: MINUTE,
      width: 8,
      metrics: table.operations.map((operation) => row(dynamoDbMetric(table.tableName, 'ThrottledRequests', operation), { stat: 'Sum', label: operation })),
    }),
    metricWidget({
      title: `DynamoDB ${table.tableName}: latency`,
      period: MINUTE,
      width: 8,
      metrics: table.operations.map((operation) => row(dynamoDbMetric(table.tableName, 'SuccessfulRequestLatency', operation), { stat: 'Average', label: operation })),
      yAxis: { left: { min: 0, label: 'ms', showUnits: false } },
    }),
  ]);
}

function notifierWidgets(context: ViewContext): WidgetSpec[] {
  const notifierCatalog = context.notifierCatalog;
  if (context.resources.notifier === undefined || notifierCatalog === undefined) return [];
  return [
    metricWidget({
      title: 'Slack notifier: delivered, retried, failed',
      period: 5 * MINUTE,
      width: 12,
      metrics: notifierCatalog.metrics.map((metric, i) => catalogMetricRow(notifierCatalog, metric, `n${i}`, 5 * MINUTE)),
    }),
    metricWidget({
      title: 'Alerts waiting in the dead letter queue (should be 0)',
      period: MINUTE,
      width: 12,
      metrics: [row(sqsMetric(deadLetterQueueName(context.names.prefix), 'ApproximateNumberOfMessagesVisible'), { stat: 'Maximum', label: 'alerts waiting' })],
      annotations: { horizontal: [{ label: 'page: an alert was not delivered', value: 1 }] },
    }),
  ];
}

/** For on-call: what is alarming, and every moving part's vital signs. */
export function buildOperationsDashboard(context: ViewContext): WidgetSpec[] {
  const business = catalogMetricWidgets(context.catalog, 'operations', 5 * MINUTE, 8);
  return [
    textWidget(
      `# ${context.catalog.service}: operations view\nAlarms first (composites page; the rest explain why), then the API, Lambda, DynamoDB and alert delivery, per minute over the last 3 hours.`,
      24,
      2,
    ),
    ...alarmStatus(context),
    ...apiWidgets(context),
    ...lambdaWidgets(context),
    ...dynamoDbWidgets(context),
    ...business,
    ...notifierWidgets(context),
  ];
}
