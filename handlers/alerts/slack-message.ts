import { LogQueries } from 'periscope';
import { type AlarmState, COMPARISON_OPERATORS, isComparisonOperator, type MetricId } from '../../src/cloudwatch';
import { arnResource, type NotificationTier } from './alarm-description';
import type { AlarmNotification, AlarmTrigger, AlertNotification, CompositeAlarmNotification, TextNotification, TriggerQuery } from './alarm-message';
import { alarmConsoleUrl, investigationWindow, logsInsightsUrl, type TimeWindow, xrayTracesUrl } from './console-links';
import { actions, code, context, escapeMrkdwn, fieldsSection, header, type LinkButton, linkButton, type SlackBlock, SlackLimits, type SlackMessage, section, slackMessage } from './slack-blocks';

/** Options for {@link formatSlackMessage}. */
export interface SlackMessageOptions {
  /**
   * Region for console links when neither the alarm's nor the topic's ARN names one (the function's
   * `AWS_REGION`). @default no console links for such alarms
   */
  readonly region?: string;
  /** A line under the alarm's reason saying why this message came (a member its composite would hide). */
  readonly note?: string;
}

/** Attachment colours: the bar beside the message, readable at a glance. */
export const AlertColor = {
  critical: '#D0021B',
  warning: '#F2A900',
  info: '#439FE0',
  ok: '#2EB67D',
  insufficientData: '#9B9B9B',
  message: '#439FE0',
} as const;

/** When an alarm has no period (a composite), the logs and traces look back this far. */
export const DEFAULT_LOOKBACK_MS = 15 * 60_000;

const STATE_EMOJI: Readonly<Record<Exclude<AlarmState, 'ALARM'>, string>> = { OK: ':white_check_mark:', INSUFFICIENT_DATA: ':grey_question:' };
const ALARM_EMOJI: Record<NotificationTier, string> = { critical: ':rotating_light:', warning: ':warning:', info: ':information_source:', unknown: ':warning:' };
const ALARM_COLOR: Record<NotificationTier, string> = { critical: AlertColor.critical, warning: AlertColor.warning, info: AlertColor.info, unknown: AlertColor.warning };

/** Whether a state read from a message (any string) is `expected`. */
const isState = (state: string | undefined, expected: AlarmState): boolean => state === expected;

/** The emoji shortcode of a state in a tier: OK is green whatever the tier; ALARM says how bad. */
export const stateEmoji = (state: string | undefined, tier: NotificationTier): string =>
  isState(state, 'ALARM') ? ALARM_EMOJI[tier] : isState(state, 'OK') ? STATE_EMOJI.OK : isState(state, 'INSUFFICIENT_DATA') ? STATE_EMOJI.INSUFFICIENT_DATA : ':bell:';

/** The attachment colour of a state in a tier. */
export const stateColor = (state: string, tier: NotificationTier): string => (isState(state, 'ALARM') ? ALARM_COLOR[tier] : isState(state, 'OK') ? AlertColor.ok : AlertColor.insufficientData);

const duration = (seconds: number): string => (seconds % 3600 === 0 ? `${seconds / 3600} h` : seconds % 60 === 0 ? `${seconds / 60} min` : `${seconds} s`);

const utc = (iso: string): string => `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;

const metricText = (metric: MetricId, stat?: string): string => {
  const dims = Object.entries(metric.dimensions)
    .map(([name, value]) => `${name}=${value}`)
    .join(', ');
  return code(`${metric.namespace} ${metric.metricName}${stat ? ` ${stat}` : ''}${dims ? ` (${dims})` : ''}`);
};

const queryText = (query: TriggerQuery): string =>
  query.expression !== undefined
    ? `${escapeMrkdwn(query.label ?? query.id)} = ${code(query.expression)}`
    : `${escapeMrkdwn(query.id)}: ${query.metric ? metricText(query.metric, query.stat) : '(no metric)'}`;

/** The longest period the alarm evaluates, in seconds. */
const periodOf = (trigger: AlarmTrigger | undefined): number | undefined => {
  const period = trigger?.periodSeconds ?? Math.max(0, ...(trigger?.queries ?? []).map((q) => q.periodSeconds ?? 0));
  return period > 0 ? period : undefined;
};

/** How far back the alarm looked: period × evaluation periods (a default for composites). */
const lookbackMs = (alarm: AlarmNotification): number => {
  const trigger = alarm.kind === 'metric' ? alarm.trigger : undefined;
  const period = periodOf(trigger);
  return period === undefined ? DEFAULT_LOOKBACK_MS : period * 1000 * (trigger?.evaluationPeriods ?? 1);
};

function triggerFields(trigger: AlarmTrigger): string[] {
  const returned = trigger.queries.find((q) => q.returnData);
  const watched = trigger.metric ? metricText(trigger.metric) : returned ? queryText(returned) : undefined;
  const inputs = trigger.queries.filter((q) => q !== returned);
  const comparison = trigger.comparison === undefined ? undefined : isComparisonOperator(trigger.comparison) ? COMPARISON_OPERATORS[trigger.comparison].shown : trigger.comparison;
  const threshold = trigger.threshold ?? (trigger.thresholdMetricId ? `band ${trigger.thresholdMetricId}` : undefined);
  const period = periodOf(trigger);
  const evaluation = trigger.evaluationPeriods
    ? `${trigger.evaluationPeriods} × ${period ? duration(period) : '?'}${trigger.datapointsToAlarm && trigger.datapointsToAlarm !== trigger.evaluationPeriods ? ` (${trigger.datapointsToAlarm} must breach)` : ''}`
    : undefined;
  return [
    ...(watched ? [`*${trigger.metric ? 'Metric' : 'Expression'}*\n${watched}`] : []),
    ...(inputs.length > 0 ? [`*Inputs*\n${inputs.map(queryText).join('\n')}`] : []),
    ...(trigger.statistic ? [`*Statistic*\n${escapeMrkdwn(trigger.statistic)}`] : []),
    ...(comparison ? [`*Condition*\n${escapeMrkdwn(`${comparison} ${threshold ?? ''}`.trim())}`] : []),
    ...(evaluation ? [`*Evaluation*\n${evaluation}`] : []),
  ];
}

function compositeBlocks(alarm: CompositeAlarmNotification, region: string | undefined): SlackBlock[] {
  // The child's own page is where its metric and history are: link its name when the region is known.
  const childName = (name: string): string => (region ? `<${alarmConsoleUrl(region, name)}|${escapeMrkdwn(name)}>` : code(name));
  const children = alarm.triggeringChildren.map(
    (child) => `• ${stateEmoji(child.state, alarm.tier)} ${childName(child.name)}${child.state ? ` ${escapeMrkdwn(child.state)}` : ''}${child.timestamp ? ` since ${utc(child.timestamp)}` : ''}`,
  );
  return [section(`*Rule*\n${code(alarm.rule)}`), ...(children.length > 0 ? [section(`*Triggered by*\n${children.join('\n')}`)] : [])];
}

function alarmLinks(alarm: AlarmNotification, region: string | undefined): LinkButton[] {
  const { description } = alarm;
  const window: TimeWindow | undefined = alarm.stateChangeTime ? investigationWindow(alarm.stateChangeTime, lookbackMs(alarm)) : undefined;
  const logs = (): string | undefined => {
    if (!region || !window) return undefined;
    // A long list of log groups can make the link longer than Slack takes: query fewer rather than none.
    for (let count = description.logGroups.length; count > 0; count -= 1) {
      const url = logsInsightsUrl(region, description.logGroups.slice(0, count), window, LogQueries.errors);
      if (url.length <= SlackLimits.buttonUrl) return url;
    }
    return undefined;
  };
  return [
    ...linkButton('Open alarm', region ? alarmConsoleUrl(region, alarm.name) : undefined, 'open_alarm'),
    ...linkButton('Dashboard', description.dashboardUrl, 'open_dashboard'),
    ...linkButton('Runbook', description.runbookUrl, 'open_runbook'),
    ...linkButton('Errors in logs', logs(), 'open_logs'),
    ...linkButton('Traces', region && window ? xrayTracesUrl(region, window, description.tracesService) : undefined, 'open_traces'),
  ];
}

function formatAlarm(alarm: AlarmNotification, options: SlackMessageOptions): SlackMessage {
  const emoji = stateEmoji(alarm.state, alarm.tier);
  const region = alarm.region ?? options.region;
  const transition = alarm.previousState ? `${alarm.previousState} → ${alarm.state}` : alarm.state;
  const headline = [`*${alarm.tier.toUpperCase()}*`, escapeMrkdwn(transition), ...(region ? [escapeMrkdwn(region)] : [])].join(' · ');
  const small = [
    ...(alarm.stateChangeTime ? [`State changed ${utc(alarm.stateChangeTime)}`] : []),
    ...(alarm.accountId ? [`account ${escapeMrkdwn(alarm.accountId)}`] : []),
    ...(alarm.topicArn ? [`via ${escapeMrkdwn(arnResource(alarm.topicArn) ?? '')}`] : []),
  ];
  const blocks: SlackBlock[] = [
    header(`${emoji} ${alarm.state}: ${alarm.name}`),
    section(alarm.description.summary ? `${headline}\n${escapeMrkdwn(alarm.description.summary)}` : headline),
    ...(alarm.reason ? [section(`*Why:* ${escapeMrkdwn(alarm.reason)}`)] : []),
    ...context(options.note === undefined ? [] : [escapeMrkdwn(options.note)]),
    ...(alarm.kind === 'metric' ? fieldsSection(alarm.trigger ? triggerFields(alarm.trigger) : []) : compositeBlocks(alarm, region)),
    ...context(small.length > 0 ? [small.join(' · ')] : []),
    ...actions(alarmLinks(alarm, region)),
  ];
  const fallback = `${emoji} ${alarm.state}: ${escapeMrkdwn(alarm.name)} (${alarm.tier})${alarm.reason ? ` — ${escapeMrkdwn(alarm.reason)}` : ''}`;
  return slackMessage(fallback, stateColor(alarm.state, alarm.tier), blocks);
}

function formatText(notification: TextNotification): SlackMessage {
  const body = notification.subject ? `*${escapeMrkdwn(notification.subject)}*\n${escapeMrkdwn(notification.message)}` : escapeMrkdwn(notification.message);
  const small = [...(notification.topicArn ? [`via ${escapeMrkdwn(arnResource(notification.topicArn) ?? '')}`] : []), ...(notification.timestamp ? [`sent ${utc(notification.timestamp)}`] : [])];
  return slackMessage(body, AlertColor.message, [section(body), ...context(small.length > 0 ? [small.join(' · ')] : [])]);
}

/**
 * Turns a notification into the JSON an incoming webhook takes: `text` for the notification, and an
 * attachment whose colour and emoji say tier and state at a glance. An alarm shows its reason, what
 * it watches (metric, expression or composite rule), when it changed, and link buttons to the alarm,
 * the dashboard, the runbook, the errors in its logs and its traces, for the minutes that matter.
 * Anything else is shown as text. Everything from the message is escaped; every text fits Slack's
 * limits.
 *
 * @example
 * ```ts
 * for (const record of event.Records) {
 *   const payload = formatSlackMessage(parseSnsRecord(record), { region: process.env.AWS_REGION });
 *   await fetch(webhookUrl, { method: 'POST', body: JSON.stringify(payload) });
 * }
 * ```
 */
export function formatSlackMessage(notification: AlertNotification, options: SlackMessageOptions = {}): SlackMessage {
  return notification.kind === 'text' ? formatText(notification) : formatAlarm(notification, options);
}
