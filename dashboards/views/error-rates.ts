import { type DeployedFunction, Thresholds } from '../../alarms';
import { ratePercent } from '../../alarms/metric-factory';
import type { ApiSurface } from '../../alarms/trigger-metrics';
import { lambdaMetric } from '../../src/cloudwatch';
import type { MetricRow, WidgetSpec } from '../types';
import { expressionRow, metricWidget, row } from '../widgets';

/** CloudWatch takes at most 100 metrics and expressions per graph: three per function. */
const FUNCTIONS_PER_GRAPH = 33;
export const PERCENT_AXIS = { left: { min: 0, label: '%', showUnits: false } } as const;

/** What the rate graphs say about the floor the alarms put on a rate. */
const floorNote = (): string => `0 in a minute with fewer than ${Thresholds.minFailuresPerMinute} errors, as the alarms count`;

/**
 * An API's 5XX and 4XX rates, % of requests (a REST API's or an HTTP API's), computed as its alarms
 * compute them (`ratePercent`, the same floor and period), so their thresholds are drawn on these very series.
 */
export function apiErrorRateWidget(api: ApiSurface, periodSeconds: number, width: number): WidgetSpec {
  const floor = Thresholds.minFailuresPerMinute;
  return metricWidget({
    title: `${api.label} error rates, % of requests (${floorNote()})`,
    period: periodSeconds,
    width,
    metrics: [
      row(api.metric('Count'), { id: 'requests', stat: 'Sum', visible: false }),
      row(api.metric(api.serverErrors), { id: 'e5xx', stat: 'Sum', visible: false }),
      row(api.metric(api.clientErrors), { id: 'e4xx', stat: 'Sum', visible: false }),
      expressionRow('rate5xx', ratePercent('e5xx', 'requests', floor), '5XX rate (%)'),
      expressionRow('rate4xx', ratePercent('e4xx', 'requests', floor), '4XX rate (%)'),
    ],
    yAxis: PERCENT_AXIS,
  });
}

/**
 * Each function's error rate, % of its invocations (errors / invocations), as its error alarm computes
 * it; one graph per 33 functions.
 */
export function lambdaErrorRateWidgets(functions: readonly DeployedFunction[], periodSeconds: number, width: number): WidgetSpec[] {
  const floor = Thresholds.minFailuresPerMinute;
  const rows = (fn: DeployedFunction, i: number): MetricRow[] => [
    row(lambdaMetric(fn.functionName, 'Errors'), { id: `errors${i}`, stat: 'Sum', visible: false }),
    row(lambdaMetric(fn.functionName, 'Invocations'), { id: `invocations${i}`, stat: 'Sum', visible: false }),
    expressionRow(`rate${i}`, ratePercent(`errors${i}`, `invocations${i}`, floor), fn.name),
  ];
  const graphs: WidgetSpec[] = [];
  for (let first = 0; first < functions.length; first += FUNCTIONS_PER_GRAPH) {
    const chunk = functions.slice(first, first + FUNCTIONS_PER_GRAPH);
    const part = functions.length > FUNCTIONS_PER_GRAPH ? `, ${first + 1}–${first + chunk.length}` : '';
    graphs.push(metricWidget({ title: `Lambda error rate, % of invocations${part} (${floorNote()})`, period: periodSeconds, width, metrics: chunk.flatMap(rows), yAxis: PERCENT_AXIS }));
  }
  return graphs;
}
