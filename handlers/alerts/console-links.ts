/**
 * Links into the AWS console for an alarm: the alarm itself, a Logs Insights query and X-Ray traces
 * over the minutes around its state change. Pure: the region and the times come in as arguments.
 */

/** A span of time to investigate. */
export interface TimeWindow {
  readonly start: Date;
  readonly end: Date;
}

/** Margin around the alarm's evaluation window, for requests that were in flight when it changed. */
export const WINDOW_MARGIN_MS = 5 * 60_000;

/** X-Ray's console shows at most six hours of traces at once. */
export const MAX_TRACE_WINDOW_MS = 6 * 60 * 60_000;

const consoleHome = (region: string, service: string): string => `https://${region}.console.aws.amazon.com/${service}/home?region=${region}`;

/**
 * The window an alarm looked at when it changed state, with five minutes' margin on either side:
 * from `change − lookback − 5 min` to `change + 5 min`.
 *
 * @param stateChangeTime - ISO 8601
 * @param lookbackMs - period × evaluation periods
 */
export function investigationWindow(stateChangeTime: string, lookbackMs: number): TimeWindow {
  const change = Date.parse(stateChangeTime);
  return { start: new Date(change - lookbackMs - WINDOW_MARGIN_MS), end: new Date(change + WINDOW_MARGIN_MS) };
}

/** The alarm's page in the CloudWatch console. */
export const alarmConsoleUrl = (region: string, alarmName: string): string => `${consoleHome(region, 'cloudwatch')}#alarmsV2:alarm/${encodeURIComponent(alarmName)}`;

// Logs Insights keeps its state in a JSURL-like value: strings start with `'` and have every
// character outside [A-Za-z0-9_.-] written as `*XX` (UTF-8, hex), objects are `~(key~value~...)`,
// arrays `~(~item~item)`.
const insightsString = (value: string): string =>
  `'${encodeURIComponent(value)
    .replace(/[!'()*~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%/g, '*')}`;

/**
 * A Logs Insights console link that opens `query` over `logGroups` for `window` (absolute, UTC).
 *
 * The console reads `queryDetail` from the fragment: the JSURL-like value, `escape()`d (`~ ( ) '`
 * become `%7E %28 %29 %27`), after `?queryDetail=`, URI-encoded once more with every `%` then
 * written as `$`.
 */
export function logsInsightsUrl(region: string, logGroups: readonly string[], window: TimeWindow, query: string): string {
  const detail = [
    `~(end~${insightsString(window.end.toISOString())}`,
    `start~${insightsString(window.start.toISOString())}`,
    "timeType~'ABSOLUTE",
    "tz~'UTC",
    `editorString~${insightsString(query)}`,
    `source~(${logGroups.map((group) => `~${insightsString(group)}`).join('')}))`,
  ].join('~');
  const escaped = detail.replace(/[~()']/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${consoleHome(region, 'cloudwatch')}#logsV2:logs-insights${encodeURIComponent(`?queryDetail=${escaped}`).replace(/%/g, '$')}`;
}

/**
 * An X-Ray traces console link for `window` (capped at X-Ray's six hours, keeping its end), filtered
 * to the traces Powertools annotated with `Service = <service>` when a service is given. Uses
 * X-Ray's documented deep link (`#/traces?timeRange=start~end&filter=...`).
 */
export function xrayTracesUrl(region: string, window: TimeWindow, service?: string): string {
  const end = window.end.getTime();
  const start = Math.max(window.start.getTime(), end - MAX_TRACE_WINDOW_MS);
  // ISO 8601 to the second, UTC, as the deep link takes it.
  const at = (time: number): string => new Date(time).toISOString().slice(0, 19);
  const filter = service === undefined ? '' : `&filter=${encodeURIComponent(`annotation.Service = "${service.replace(/["\\]/g, '')}"`)}`;
  return `${consoleHome(region, 'xray')}#/traces?timeRange=${at(start)}~${at(end)}${filter}`;
}
