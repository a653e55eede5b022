import { catalogMetric } from '../../alarms/metric-factory';
import { LogQueries } from '../../src/runtime/log-queries';
import { catalogMetricWidgets, logGroupsOf, type ViewContext } from '../context';
import type { WidgetSpec } from '../types';
import { logWidget, metricWidget, REGION, row, textWidget } from '../widgets';

const FIVE_MINUTES = 300;

/** Cold starts and init duration, from the REPORT line Lambda writes after each invocation. */
const INIT_DURATION_QUERY =
  'filter @type = "REPORT" and ispresent(@initDuration) | stats count() as coldStarts, avg(@initDuration) as avgInitMs, max(@initDuration) as maxInitMs by @log | sort maxInitMs desc';

/** For developers: cold starts, the failing and the slowest requests, business metrics by dimension, traces. */
export function buildDeveloperDashboard(context: ViewContext): WidgetSpec[] {
  const { catalog, functions } = context;
  const logGroups = logGroupsOf(functions);
  return [
    textWidget(
      `# ${catalog.service}: developer view\nCold starts, the requests that failed or were slow (with their correlation ids), business metrics by dimension, and where the traces are.`,
      24,
      2,
    ),
    metricWidget({
      title: 'Cold starts per function (ColdStart metric)',
      period: FIVE_MINUTES,
      width: 12,
      metrics: functions.map((fn) => row(catalogMetric(catalog, 'ColdStart', { function_name: fn.functionName }), { stat: 'Sum', label: fn.name })),
    }),
    logWidget('Init duration of cold starts (REPORT lines)', logGroups, INIT_DURATION_QUERY, 12, 6),
    logWidget('Recent errors, with correlation ids', logGroups, LogQueries.errors, 24, 6),
    logWidget('Slowest requests', logGroups, LogQueries.slowest, 24, 6),
    ...catalogMetricWidgets(catalog, 'developer', FIVE_MINUTES),
    textWidget(
      [
        '## Traces',
        `Every request is traced in X-Ray: [open traces](https://${REGION}.console.aws.amazon.com/xray/home?region=${REGION}#/traces).`,
        `Filter with \`annotation.Service = "${catalog.service}"\`, \`annotation.Outcome = "server_error"\`, or a request's \`annotation.CorrelationId = "<x-correlation-id>"\` (each log line carries \`correlation_id\` and \`xray_trace_id\`).`,
      ].join('\n\n'),
      12,
      4,
    ),
  ];
}
