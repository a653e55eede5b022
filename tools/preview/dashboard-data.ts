import type { DashboardBody, DashboardViewKey, Widget } from '../../dashboards/types';
import type { MetricStore } from '../emulators/cloudwatch/metric-store';
import { NOT_EVALUATED, type PreviewAlarmState, type PreviewAlarms } from './alarm-states';
import type { LogBuffer } from './log-buffer';
import { type LogTable, runLogQuery } from './log-query';
import { renderMarkdown } from './markdown';
import { type MetricWidgetData, metricWidgetData, type PreviewWindow } from './metric-widget';

/** A dashboard as the preview shows it. */
export interface PreviewDashboard {
  readonly key: DashboardViewKey;
  readonly name: string;
  readonly body: DashboardBody;
}

/** A widget's place and what never changes in it: its title, a text widget's HTML, an alarm widget's alarm names. */
export interface WidgetLayout {
  readonly index: number;
  readonly type: Widget['type'];
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly title?: string;
  readonly html?: string;
  /** A log widget's Logs Insights query. */
  readonly query?: string;
  readonly alarms?: readonly { readonly name: string }[];
}

/** An alarm widget's alarms, each in its state as the local evaluator last decided it. */
export interface AlarmWidgetData {
  readonly type: 'alarm';
  /** The minute the alarms were last evaluated (epoch ms), if ever. */
  readonly evaluatedAt?: number;
  readonly alarms: readonly PreviewAlarmState[];
  readonly notes: readonly string[];
}

/** What the page refreshes: each metric, log and alarm widget's data, by widget index. */
export interface ViewData {
  readonly key: DashboardViewKey;
  readonly generatedAt: number;
  readonly start: number;
  readonly end: number;
  readonly widgets: Readonly<Record<number, MetricWidgetData | (LogTable & { readonly type: 'log' }) | AlarmWidgetData>>;
}

/** Where the preview's numbers, lines and alarm states come from. */
export interface PreviewSources {
  readonly store: MetricStore;
  readonly logs: LogBuffer;
  /** The alarms the alarm widgets name, evaluated on `store`; without them every alarm reads {@link NOT_EVALUATED}. */
  readonly alarms?: PreviewAlarms;
}

const WITHOUT_ALARMS = 'the preview was started without the alarms to evaluate';
const DURATION = /^-?P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/**
 * The length of a dashboard's relative `start` (`-PT3H`, `-P28D`, ISO 8601 weeks to seconds), in ms;
 * three hours, CloudWatch's default, when it is absent or not such a duration.
 */
export function dashboardRangeMs(start: string | undefined): number {
  const match = start === undefined ? null : DURATION.exec(start);
  if (match === null) return 3 * 3_600_000;
  const [weeks = 0, days = 0, hours = 0, minutes = 0, seconds = 0] = match.slice(1).map((part) => Number(part ?? 0));
  const ms = ((((weeks * 7 + days) * 24 + hours) * 60 + minutes) * 60 + seconds) * 1000;
  return ms > 0 ? ms : 3 * 3_600_000;
}

/** The alarm name at the end of an alarm ARN (`arn:aws:cloudwatch:<region>:<account>:alarm:<name>`). */
export const alarmNameOf = (arn: string): string => /:alarm:(.+)$/.exec(arn)?.[1] ?? arn;

/** The static part of each widget, in body order. */
export function widgetLayouts(body: DashboardBody): WidgetLayout[] {
  return body.widgets.map((widget, index) => {
    const base = { index, type: widget.type, x: widget.x, y: widget.y, width: widget.width, height: widget.height };
    switch (widget.type) {
      case 'text':
        return { ...base, html: renderMarkdown(widget.properties.markdown) };
      case 'alarm':
        return { ...base, title: widget.properties.title, alarms: widget.properties.alarms.map((arn) => ({ name: alarmNameOf(arn) })) };
      case 'metric':
        return { ...base, title: widget.properties.title };
      case 'log':
        return { ...base, title: widget.properties.title, query: widget.properties.query };
      default:
        return { ...base, title: `not previewable locally: widget type ${String((widget as { type: unknown }).type)}` };
    }
  });
}

/** Each alarm an alarm widget names, in its state; the alarms are evaluated up to `now` first. */
function alarmWidgetData(arns: readonly string[], sources: PreviewSources, now: number): AlarmWidgetData {
  const alarms = sources.alarms;
  if (alarms === undefined)
    return { type: 'alarm', alarms: arns.map((arn) => ({ name: alarmNameOf(arn), state: NOT_EVALUATED, reason: WITHOUT_ALARMS })), notes: [`Not evaluated: ${WITHOUT_ALARMS}.`] };
  alarms.evaluateUntil(sources.store, now);
  const evaluatedAt = alarms.evaluatedAt;
  return { type: 'alarm', ...(evaluatedAt === undefined ? {} : { evaluatedAt }), alarms: arns.map((arn) => alarms.state(alarmNameOf(arn))), notes: [] };
}

/**
 * Evaluates every metric, log and alarm widget of a dashboard at `now`: over the dashboard's own
 * range (`start`) and periods, or, with `override`, over the last `rangeMs` with every period set to
 * `periodSeconds` (to watch numbers move during a short local session). Alarms are evaluated as
 * CloudWatch does whatever the window: once a minute, over their own periods.
 */
export function viewData(dashboard: PreviewDashboard, sources: PreviewSources, now: number, override?: { readonly rangeMs: number; readonly periodSeconds: number }): ViewData {
  const window: PreviewWindow = override === undefined ? { now, rangeMs: dashboardRangeMs(dashboard.body.start) } : { now, ...override };
  const widgets: Record<number, ViewData['widgets'][number]> = {};
  dashboard.body.widgets.forEach((widget, index) => {
    if (widget.type === 'metric') widgets[index] = metricWidgetData(sources.store, widget.properties, window);
    if (widget.type === 'log') widgets[index] = { type: 'log', ...runLogQuery(widget.properties.query, sources.logs) };
    if (widget.type === 'alarm') widgets[index] = alarmWidgetData(widget.properties.alarms, sources, now);
  });
  return { key: dashboard.key, generatedAt: now, start: now - window.rangeMs, end: now, widgets };
}
