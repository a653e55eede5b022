import type { GeneratedAlarmSummary } from '../alarms';
import type { AlertTierName } from '../src/catalog';
import { COMPARISON_OPERATORS, type ComparisonOperator } from '../src/cloudwatch';
import { alarmQueries, graphQueries, seriesKeys } from './series-key';
import type { HorizontalAnnotation, MetricWidgetProperties, WidgetSpec } from './types';

/** Each tier's line colour: red pages, orange warns, grey informs. */
export const TIER_COLOURS = { critical: '#d62728', warning: '#ff7f0e', info: '#7f7f7f' } as const satisfies Readonly<Record<AlertTierName, string>>;

/** An alarm with a static threshold, and the key of the series it compares (see `seriesKeys`). */
interface WatchingAlarm {
  readonly signal: string;
  readonly tier: AlertTierName;
  readonly key: string;
  readonly comparison: ComparisonOperator;
  readonly threshold: number;
}

/** `orders-dev-api-5xx-rate-critical` → `api-5xx-rate`: the alarm's signal, by the naming rule. */
const signalOf = (alarm: GeneratedAlarmSummary, prefix: string): string => {
  const head = `${prefix}-`;
  const tail = `-${alarm.tier}`;
  return alarm.name.startsWith(head) && alarm.name.endsWith(tail) ? alarm.name.slice(head.length, -tail.length) : alarm.name;
};

function watchingAlarms(alarms: readonly GeneratedAlarmSummary[], prefix: string): WatchingAlarm[] {
  return alarms.flatMap((alarm) => {
    const watches = alarm.watches;
    if (watches === undefined || COMPARISON_OPERATORS[watches.comparison].band) return [];
    const key = seriesKeys(alarmQueries(watches.metrics)).get(watches.returnedId);
    return key === undefined ? [] : [{ signal: signalOf(alarm, prefix), tier: alarm.tier, key, comparison: watches.comparison, threshold: watches.threshold }];
  });
}

/**
 * The threshold lines of the alarms that compare a series this graph shows (a visible row or
 * expression, matched by `seriesKeys`: same metric, statistic and period, or the same expression over
 * them), shaded on the side that breaches. Alarms with the same threshold, comparison and tier share
 * a line (`create-order-throttles, get-order-throttles: warning ≥ 1`).
 */
function thresholdLines(properties: Pick<MetricWidgetProperties, 'metrics' | 'stat' | 'period'>, alarms: readonly WatchingAlarm[]): HorizontalAnnotation[] {
  const queries = graphQueries(properties);
  const keys = seriesKeys(queries);
  const shown = new Set(queries.filter((query) => query.visible).map((query) => keys.get(query.id)));
  const lines = new Map<string, { signals: string[]; alarm: WatchingAlarm }>();
  for (const alarm of alarms) {
    if (!shown.has(alarm.key)) continue;
    const id = `${alarm.threshold}|${alarm.comparison}|${alarm.tier}`;
    const line = lines.get(id);
    if (line === undefined) lines.set(id, { signals: [alarm.signal], alarm });
    else line.signals.push(alarm.signal);
  }
  return [...lines.values()].map(({ signals, alarm }) => ({
    label: `${signals.join(', ')}: ${alarm.tier} ${COMPARISON_OPERATORS[alarm.comparison].shown} ${alarm.threshold}`,
    value: alarm.threshold,
    color: TIER_COLOURS[alarm.tier],
    fill: alarm.comparison.startsWith('Greater') ? 'above' : 'below',
  }));
}

/**
 * Draws each alarm's threshold as a horizontal line on every graph of `widgets` that shows the series
 * the alarm compares, after the graph's own lines. Any alarm with a static threshold qualifies,
 * whatever its kind; a number (`singleValue`) has no line to draw on.
 *
 * Horizontal annotations rather than CloudWatch's `annotations.alarms`: that shows one alarm on a
 * graph of exactly its metric, while a line can sit on a graph of several series (every function's
 * error rate, the 5XX and 4XX rates) beside the alarms of each.
 *
 * @param prefix `<service>-<stage>`, to label each line with its alarm's signal
 */
export function drawAlarmThresholds(widgets: readonly WidgetSpec[], alarms: readonly GeneratedAlarmSummary[], prefix: string): WidgetSpec[] {
  const watching = watchingAlarms(alarms, prefix);
  return widgets.map((widget) => {
    if (widget.type !== 'metric' || widget.properties.view !== 'timeSeries') return widget;
    const lines = thresholdLines(widget.properties, watching);
    if (lines.length === 0) return widget;
    const horizontal = [...(widget.properties.annotations?.horizontal ?? []), ...lines];
    return { ...widget, properties: { ...widget.properties, annotations: { ...widget.properties.annotations, horizontal } } };
  });
}
