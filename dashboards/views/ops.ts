import { deadLetterQueueName } from '../../alarms';
import { type ApiSurface, httpApiSurface, restApiSurface } from '../../alarms/trigger-metrics';
import { httpApisOf } from '../../alarms/triggers';
import { lambdaMetric, type Statistic, sqsMetric } from '../../src/cloudwatch';
import { catalogMetricRow, catalogMetricWidgets, type ViewContext } from '../context';
import type { MetricRow, WidgetSpec } from '../types';
import { alarmWidget, metricWidget, row, textWidget } from '../widgets';
import { dynamoDbWidgets } from './dynamodb';
import { apiErrorRateWidget, lambdaErrorRateWidgets } from './error-rates';
import { triggerWidgets } from './triggers';

const MINUTE = 60;
/**
 * Latencies (percentiles, averages) need more samples per point than a minute gives at low traffic;
 * the latency alarms compare 5-minute periods too, so their thresholds are drawn on these graphs.
 */
const LATENCY_PERIOD = 300;
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

/** An API's requests and errors, error rates and latency: the REST API's, or an HTTP API's. */
function apiWidgets(api: ApiSurface): WidgetSpec[] {
  return [
    metricWidget({
      title: `${api.label} requests and errors`,
      period: MINUTE,
      width: 8,
      metrics: [
        row(api.metric('Count'), { stat: 'Sum', label: 'requests' }),
        row(api.metric(api.clientErrors), { stat: 'Sum', label: '4XX' }),
        row(api.metric(api.serverErrors), { stat: 'Sum', label: '5XX' }),
      ],
    }),
    apiErrorRateWidget(api, MINUTE, 8),
    metricWidget({
      title: `${api.label} latency (5-minute periods)`,
      period: LATENCY_PERIOD,
      width: 8,
      metrics: (['p50', 'p90', 'p99'] as const).map((stat) => row(api.metric('Latency'), { stat, label: stat })),
      yAxis: { left: { min: 0, label: 'ms', showUnits: false } },
    }),
  ];
}

/** The REST API, then each HTTP API in front of the functions. */
const apisOf = (context: ViewContext): ApiSurface[] => [
  ...(context.resources.api === undefined ? [] : [restApiSurface(context.resources.api)]),
  ...httpApisOf(context.functions).map(({ api }, i) => httpApiSurface(api, i)),
];

function lambdaWidgets(context: ViewContext): WidgetSpec[] {
  const perFunction = (metricName: string, stat: Statistic): MetricRow[] => context.functions.map((fn) => row(lambdaMetric(fn.functionName, metricName), { stat, label: fn.name }));
  return [
    metricWidget({ title: 'Lambda invocations', period: MINUTE, width: 6, metrics: perFunction('Invocations', 'Sum') }),
    metricWidget({ title: 'Lambda errors', period: MINUTE, width: 6, metrics: perFunction('Errors', 'Sum') }),
    ...lambdaErrorRateWidgets(context.functions, MINUTE, 6),
    metricWidget({ title: 'Lambda throttles', period: MINUTE, width: 6, metrics: perFunction('Throttles', 'Sum') }),
    metricWidget({
      title: 'Lambda p99 duration (5-minute periods)',
      period: LATENCY_PERIOD,
      width: 12,
      metrics: perFunction('Duration', 'p99'),
      yAxis: { left: { min: 0, label: 'ms', showUnits: false } },
    }),
    metricWidget({ title: 'Lambda concurrency', period: MINUTE, width: 12, metrics: perFunction('ConcurrentExecutions', 'Maximum') }),
  ];
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
    }),
  ];
}

/** For on-call: what is alarming, and every moving part's vital signs. */
export function buildOperationsDashboard(context: ViewContext): WidgetSpec[] {
  const business = catalogMetricWidgets(context.catalog, 'operations', 5 * MINUTE, 8);
  return [
    textWidget(
      `# ${context.catalog.service}: operations view\nAlarms first (composites page; the rest explain why), then the APIs, Lambda, each function's queues, rules and asynchronous events, DynamoDB and alert delivery, per minute over the last 3 hours (latencies per 5 minutes). A graph of a series an alarm compares carries its threshold as a line, coloured by tier, shaded where it breaches.${
        context.resources.delivery === undefined
          ? ''
          : ' Deployments are marked on every graph (a band from start to end: green succeeded, orange rolled back, red failed, blue still running), drawn by the delivery-metrics function as each one starts and ends.'
      }`,
      24,
      3,
    ),
    ...alarmStatus(context),
    ...apisOf(context).flatMap(apiWidgets),
    ...lambdaWidgets(context),
    ...triggerWidgets(context),
    ...dynamoDbWidgets(context.resources.tables, MINUTE, LATENCY_PERIOD),
    ...business,
    ...notifierWidgets(context),
  ];
}
