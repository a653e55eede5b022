import { LogQueries, maskSensitiveText } from 'periscope';
import { alarmConsoleUrl, logsInsightsUrl, MAX_TRACE_WINDOW_MS, type TimeWindow, WINDOW_MARGIN_MS, xrayTracesUrl } from '../alerts/console-links';
import type { AlarmTransition, CodeDeployment, DeploymentRecord, Impact, IncidentRecord } from './records';

/**
 * A post-incident review draft in Markdown, written when an incident closes: what happened when, what
 * it cost, where to look, and the blameless sections left for the team. Pure: the same input gives the
 * same text (no clock, no randomness). Free text is escaped; the draft holds only names, times, reasons
 * and console links (sensitive-looking text in reasons is masked, credentials are dropped from URLs).
 */

/** An incident that has closed: the critical tier composite went back to OK. */
export type ClosedIncident = IncidentRecord & { readonly closedAt: number };

/** Where the service runs and where its telemetry is, for the draft's links. */
export interface ReviewContext {
  readonly service: string;
  readonly stage: string;
  readonly region: string;
  /** The log groups the errors query reads (the service's functions'). */
  readonly logGroups: readonly string[];
  /** The operations dashboard's name (`<service>-<stage>-operations`). */
  readonly dashboardName: string;
}

/** What {@link reviewDraft} writes a draft from; gather it over {@link reviewWindow}. */
export interface ReviewInput {
  readonly incident: ClosedIncident;
  /** The deployment that caused it, when it is change-caused (`incident.causedBy`). */
  readonly cause?: DeploymentRecord;
  /** Every deployment that ran in the window, the cause included. */
  readonly deployments: readonly DeploymentRecord[];
  /** Every alarm state change of the service in the window, in any order. */
  readonly transitions: readonly AlarmTransition[];
  /** What it cost its users; absent when CloudWatch could not be read (the draft says so). */
  readonly impact?: Impact;
  /** The catalog's `delivery.changeWindowMinutes`: how long before an incident a deployment counts as its cause. */
  readonly changeWindowMinutes: number;
  readonly context: ReviewContext;
}

/** Whether an incident has closed, so a review can be drafted for it. */
export const isClosedIncident = (incident: IncidentRecord): incident is ClosedIncident => incident.closedAt !== undefined;

/**
 * The minutes a review covers: from the earlier of the incident's opening and its cause's start, less
 * five minutes, to its close plus five minutes. The caller reads transitions, deployments and impact
 * over the same window.
 */
export function reviewWindow(incident: ClosedIncident, cause?: DeploymentRecord): TimeWindow {
  const from = Math.min(incident.openedAt, cause?.startedAt ?? incident.openedAt);
  return { start: new Date(from - WINDOW_MARGIN_MS), end: new Date(incident.closedAt + WINDOW_MARGIN_MS) };
}

const MINUTE_MS = 60_000;

/** Characters Markdown gives a meaning to anywhere in a line (line starts never hold free text here). */
const MARKDOWN_SIGNIFICANT = /[\\`*_[\]<>|~&$]/g;

/** A name or free text as literal Markdown: on one line, with its significant characters escaped. */
const escapeMarkdown = (text: string): string => text.replace(/\s*[\r\n]+\s*/g, ' ').replace(MARKDOWN_SIGNIFICANT, (c) => `\\${c}`);

/**
 * A reason from CloudWatch, CloudFormation or CodeDeploy, escaped, with what looks sensitive (an email
 * address in an IAM message, a card-like number) masked. Names and ids are not masked: a stack
 * deployment's id holds a 13-digit epoch that can pass the card check.
 */
const escapeReason = (text: string): string => escapeMarkdown(maskSensitiveText(text));

/** A link whose URL cannot end the Markdown link early (parentheses, spaces, angle brackets encoded). */
const link = (text: string, url: string): string => `[${text}](${url.replace(/[()<> ]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)})`;

/** An http(s) URL without credentials, or undefined (a runbook link read from an alarm description). */
function safeUrl(value: string): string | undefined {
  try {
    const url = new URL(value);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
    url.username = '';
    url.password = '';
    return url.href;
  } catch {
    return undefined;
  }
}

/** ISO 8601 to the minute, UTC: `2024-05-14T10:07Z`. */
const isoMinute = (time: number): string => `${new Date(time).toISOString().slice(0, 16)}Z`;

/** `10:07 UTC`, or `2024-05-14 10:07 UTC` when the draft spans more than one day. */
const clockOf =
  (withDates: boolean) =>
  (time: number): string => {
    const iso = new Date(time).toISOString();
    return `${withDates ? `${iso.slice(0, 10)} ` : ''}${iso.slice(11, 16)} UTC`;
  };

const minutes = (ms: number): string => {
  const whole = Math.round(ms / MINUTE_MS);
  return `${whole} minute${whole === 1 ? '' : 's'}`;
};
const count = (value: number): string => String(Math.round(value)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
const percent = (value: number): string => `${Number(value.toFixed(2))}%`;
const shortSha = (commit: string): string => escapeMarkdown(commit.slice(0, 7));
const deploymentLabel = (deployment: DeploymentRecord): string => escapeMarkdown(deployment.version ?? deployment.id);
const OUTCOME_TEXT = { succeeded: 'succeeded', 'rolled-back': 'rolled back', failed: 'failed' } as const;

function summary(input: ReviewInput): string {
  const { incident, cause } = input;
  const opened = `Opened ${isoMinute(incident.openedAt)} and closed ${isoMinute(incident.closedAt)} (${minutes(incident.closedAt - incident.openedAt)}), on alarm ${escapeMarkdown(incident.alarmName)}.`;
  if (cause === undefined) return `${opened} Not linked to a change: no deployment ran in the ${input.changeWindowMinutes} minutes before it opened.`;
  const commit = cause.commit === undefined ? '' : ` (commit ${shortSha(cause.commit)})`;
  const ended = cause.outcome !== undefined && cause.endedAt !== undefined ? `${OUTCOME_TEXT[cause.outcome]} at ${isoMinute(cause.endedAt)}` : 'was still running when it opened';
  return `${opened} Caused by a change: deployment ${deploymentLabel(cause)}${commit}, which ${ended}.`;
}

/** One line of the timeline; `rank` orders what happened in the same millisecond. */
interface TimelineEntry {
  readonly at: number;
  readonly rank: number;
  readonly text: string;
}

const REWORK_TEXT = { 'incident-open': 'deployed while an incident was open', 'marked-fix': 'marked as a fix' } as const;

const CODEDEPLOY_STATE_TEXT: Readonly<Record<string, string>> = { START: 'started', SUCCESS: 'succeeded', FAILURE: 'failed', STOP: 'stopped', READY: 'ready to reroute traffic' };

/** A CodeDeploy deployment's last state; one that failed or stopped in a rolled-back deployment shows as rolled back. */
function codeDeployText(deployment: CodeDeployment, parent: DeploymentRecord): string {
  const stopped = deployment.state === 'FAILURE' || deployment.state === 'STOP';
  const state = stopped && parent.outcome === 'rolled-back' ? 'rolled back' : (CODEDEPLOY_STATE_TEXT[deployment.state] ?? escapeMarkdown(deployment.state));
  return `CodeDeploy ${escapeMarkdown(deployment.deploymentId)} (${escapeMarkdown(deployment.group)}) ${state}`;
}

function deploymentEntries(deployment: DeploymentRecord, isCause: boolean): TimelineEntry[] {
  const commit = deployment.commit === undefined ? '' : `, commit ${shortSha(deployment.commit)}`;
  const strategy = deployment.strategy === undefined ? '' : `, ${escapeMarkdown(deployment.strategy)}`;
  const rework = deployment.rework ? ` — rework: ${REWORK_TEXT[deployment.reworkReason ?? 'marked-fix']}` : '';
  const source = deployment.source === 'stack' ? 'stack update' : 'CodeDeploy';
  const started = `Deployment ${deploymentLabel(deployment)} started (${source}${commit}${strategy})${rework}${isCause ? ' — the change that caused this incident' : ''}`;
  const entries: TimelineEntry[] = [{ at: deployment.startedAt, rank: 0, text: started }];
  for (const codeDeploy of deployment.codeDeployments) entries.push({ at: codeDeploy.at, rank: 1, text: codeDeployText(codeDeploy, deployment) });
  if (deployment.endedAt !== undefined && deployment.outcome !== undefined) {
    const reason = deployment.reason === undefined ? '' : `: ${escapeReason(deployment.reason)}`;
    entries.push({ at: deployment.endedAt, rank: 2, text: `Deployment ${deploymentLabel(deployment)} ${OUTCOME_TEXT[deployment.outcome]} (${source}${commit})${reason}` });
  }
  return entries;
}

const transitionText = (t: AlarmTransition): string => `${escapeMarkdown(t.alarmName)} ${escapeMarkdown(t.from)} → ${escapeMarkdown(t.to)}: ${escapeReason(t.reason)}`;

/** Transitions in time order; ties by alarm name, then the rest of the text, so any input order gives one output. */
const byTime = (transitions: readonly AlarmTransition[]): AlarmTransition[] => [...transitions].sort((a, b) => a.at - b.at || compare(transitionText(a), transitionText(b)));

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function timeline(input: ReviewInput, transitions: readonly AlarmTransition[]): TimelineEntry[] {
  const { incident, cause } = input;
  const alarm = escapeMarkdown(incident.alarmName);
  return [
    ...input.deployments.flatMap((deployment) => deploymentEntries(deployment, deployment.id === cause?.id)),
    ...transitions.map((t) => ({ at: t.at, rank: 3, text: transitionText(t) })),
    { at: incident.openedAt, rank: 4, text: `Incident opened: ${alarm} in ALARM` },
    { at: incident.closedAt, rank: 5, text: `Incident closed: ${alarm} OK after ${minutes(incident.closedAt - incident.openedAt)}` },
  ].sort((a, b) => a.at - b.at || a.rank - b.rank || compare(a.text, b.text));
}

/** Each alarm's time in ALARM within the window, from its transitions (in ALARM before its first one if that leaves ALARM). */
function alarmTime(transitions: readonly AlarmTransition[], window: TimeWindow): Map<string, number> {
  const since = new Map<string, number | undefined>();
  const total = new Map<string, number>();
  for (const t of transitions) {
    const start = since.has(t.alarmName) ? since.get(t.alarmName) : t.from === 'ALARM' ? window.start.getTime() : undefined;
    if (start !== undefined && t.to !== 'ALARM') total.set(t.alarmName, (total.get(t.alarmName) ?? 0) + Math.max(0, t.at - start));
    since.set(t.alarmName, t.to === 'ALARM' ? (start ?? t.at) : undefined);
  }
  for (const [name, start] of since) if (start !== undefined) total.set(name, (total.get(name) ?? 0) + Math.max(0, window.end.getTime() - start));
  return total;
}

function impactLines(input: ReviewInput, transitions: readonly AlarmTransition[], window: TimeWindow): string[] {
  const { incident, impact } = input;
  const members = [...alarmTime(transitions, window)]
    .filter(([name, ms]) => name !== incident.alarmName && ms > 0)
    .sort(([a, x], [b, y]) => y - x || compare(a, b))
    .map(([name, ms]) => `  - ${escapeMarkdown(name)}: ${minutes(ms)}`);
  const inAlarm = [`- Minutes in ALARM: ${Math.round((incident.closedAt - incident.openedAt) / MINUTE_MS)} (${escapeMarkdown(incident.alarmName)})`, ...members];
  if (impact === undefined)
    return [...inAlarm, '- Requests, failed requests, error rate and error budget burned: could not be read from CloudWatch for this window; read them from the dashboard below.'];
  return [
    ...inAlarm,
    `- Requests: ${count(impact.requests)}`,
    `- Failed requests: ${count(impact.failedRequests)}`,
    `- Error rate: ${percent(impact.errorRatePercent)}`,
    `- Error budget burned: ${impact.budgetBurnedPercent === undefined ? 'no SLO' : `${percent(impact.budgetBurnedPercent)} of the SLO window's budget`}`,
  ];
}

/** The operations dashboard in the CloudWatch console, over `window` (absolute, ISO 8601 like the dashboard body's `start` and `end`). */
const dashboardUrl = (region: string, name: string, window: TimeWindow): string =>
  `https://${region}.console.aws.amazon.com/cloudwatch/home?region=${region}#dashboards/dashboard/${encodeURIComponent(name)}?start=${window.start.toISOString()}&end=${window.end.toISOString()}`;

function linkLines(input: ReviewInput, transitions: readonly AlarmTransition[], window: TimeWindow, clock: (time: number) => string): string[] {
  const { region, service, logGroups, dashboardName } = input.context;
  const span = (start: number, end: number): string => `${clock(start)} to ${clock(end)}`;
  const windowSpan = span(window.start.getTime(), window.end.getTime());
  const traceStart = Math.max(window.start.getTime(), window.end.getTime() - MAX_TRACE_WINDOW_MS);
  const traceNote = traceStart > window.start.getTime() ? ` (X-Ray's console shows at most 6 hours: the window's last 6 hours, ${span(traceStart, window.end.getTime())})` : `, ${windowSpan}`;
  const logs =
    logGroups.length === 0
      ? '- Errors in Logs Insights: no log groups were given for this service.'
      : `- ${link('Errors in Logs Insights', logsInsightsUrl(region, logGroups, window, LogQueries.errors))}, ${windowSpan}, over ${logGroups.map(escapeMarkdown).join(', ')}`;
  const alarms = [...new Set([input.incident.alarmName, ...[...transitions.map((t) => t.alarmName)].sort(compare)])];
  const runbooks = [...new Set(transitions.flatMap((t) => (t.runbook === undefined ? [] : [safeUrl(t.runbook)]).filter((url) => url !== undefined)))];
  return [
    logs,
    `- ${link('X-Ray traces', xrayTracesUrl(region, window, service))}${traceNote}`,
    `- ${link('Operations dashboard', dashboardUrl(region, dashboardName, window))} (${escapeMarkdown(dashboardName)}), ${windowSpan}`,
    '- Alarms:',
    ...alarms.map((name) => `  - ${link(escapeMarkdown(name), alarmConsoleUrl(region, name))}`),
    ...(runbooks.length === 0 ? ['- Runbooks: none linked from these alarms.'] : ['- Runbooks:', ...runbooks.map((url) => `  - ${link(escapeMarkdown(url), url)}`)]),
  ];
}

const BLAMELESS_SECTIONS = [
  '## Root cause',
  '',
  '_What conditions let this happen, and why did they make sense at the time? Systems and decisions, not people._',
  '',
  '## What went well',
  '',
  '_What helped us notice, understand and recover quickly?_',
  '',
  '## What to improve',
  '',
  '_What slowed detection, diagnosis or recovery? What would have prevented it?_',
  '',
  '## Action items',
  '',
  '_One row per action, each with an owner and a due date._',
  '',
  '| Action | Owner | Due | Ticket |',
  '| --- | --- | --- | --- |',
  '|  |  |  |  |',
];

/**
 * Writes the post-incident review draft of a closed incident, in Markdown: a title and summary (when,
 * how long, which alarm, the change that caused it or that none did), a timeline merging alarm
 * transitions, deployments, CodeDeploy states and the incident itself, the impact (or that it could
 * not be read), links to the errors in the logs, the traces, the dashboard, the alarms and their
 * runbooks over {@link reviewWindow}, and the blameless sections for the team to fill in.
 *
 * @example
 * ```ts
 * const window = reviewWindow(incident, cause);
 * const markdown = reviewDraft({ incident, cause, deployments, transitions, impact, changeWindowMinutes: 60, context });
 * ```
 */
export function reviewDraft(input: ReviewInput): string {
  const { incident, context } = input;
  const window = reviewWindow(incident, input.cause);
  const transitions = byTime(input.transitions);
  const entries = timeline(input, transitions);
  const days = new Set([window.start.getTime(), window.end.getTime(), ...entries.map((e) => e.at)].map((time) => new Date(time).toISOString().slice(0, 10)));
  const clock = clockOf(days.size > 1);
  return [
    `# Post-incident review draft: ${escapeMarkdown(context.service)} ${escapeMarkdown(context.stage)}, ${isoMinute(incident.openedAt)}`,
    '',
    summary(input),
    '',
    '## Timeline',
    '',
    ...entries.map((entry) => `- ${clock(entry.at)} — ${entry.text}`),
    '',
    '## Impact',
    '',
    ...impactLines(input, transitions, window),
    '',
    '## Links',
    '',
    ...linkLines(input, transitions, window, clock),
    '',
    ...BLAMELESS_SECTIONS,
    '',
  ].join('\n');
}
