import { AlertTier, type AlertTierName } from 'periscope';

/** A tier as the notifier knows it: the alarm's, or `unknown` when nothing names one. */
export type NotificationTier = AlertTierName | 'unknown';

/**
 * What Periscope writes into an alarm's description: prose first (what it means, what to do), then
 * one `Key: value` line each for the tier, runbook, dashboard, log groups and X-Ray service.
 * Every field is optional: an alarm made elsewhere has prose only.
 */
export interface AlarmDescription {
  /** The prose lines: what the alarm means and what to do. */
  readonly summary: string;
  readonly tier?: AlertTierName;
  /** `Runbook:`; http(s) only. */
  readonly runbookUrl?: string;
  /** `Dashboard:`; http(s) only. */
  readonly dashboardUrl?: string;
  /** `Logs:` log groups, comma-separated in the description. */
  readonly logGroups: readonly string[];
  /** `Traces:` the service name X-Ray traces are annotated with. */
  readonly tracesService?: string;
}

const TRAILER_LINE = /^(Tier|Runbook|Dashboard|Logs|Traces):\s*(.*?)\s*$/;
// CloudWatch Logs: 1–512 of these characters.
const LOG_GROUP = /^[\w\-./#]{1,512}$/;
const TIERS: readonly string[] = Object.values(AlertTier);

const isTier = (value: string): value is AlertTierName => TIERS.includes(value);

/** An http(s) URL, or undefined: anything else (`javascript:`, a typo) must not become a Slack link. */
function httpUrl(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Reads an alarm description: the trailing `Key: value` lines Periscope's alarm generator writes,
 * and the prose before them. Unknown or malformed values are dropped, never guessed.
 *
 * @example
 * ```ts
 * parseAlarmDescription('5XX rate above 5%.\nTier: critical\nLogs: /aws/lambda/a, /aws/lambda/b');
 * // { summary: '5XX rate above 5%.', tier: 'critical', logGroups: ['/aws/lambda/a', '/aws/lambda/b'] }
 * ```
 */
export function parseAlarmDescription(description: string | undefined | null): AlarmDescription {
  const lines = (description ?? '').replace(/\r\n/g, '\n').split('\n');
  const fields = new Map<string, string>();
  let end = lines.length;
  while (end > 0) {
    const line = lines[end - 1]?.trim() ?? '';
    const match = TRAILER_LINE.exec(line);
    if (line !== '' && !match) break;
    if (match?.[1] !== undefined && !fields.has(match[1])) fields.set(match[1], match[2] ?? '');
    end -= 1;
  }
  const tier = fields.get('Tier')?.toLowerCase();
  const runbookUrl = httpUrl(fields.get('Runbook'));
  const dashboardUrl = httpUrl(fields.get('Dashboard'));
  const tracesService = fields.get('Traces') || undefined;
  return {
    summary: lines.slice(0, end).join('\n').trim(),
    logGroups: (fields.get('Logs') ?? '')
      .split(',')
      .map((group) => group.trim())
      .filter((group) => LOG_GROUP.test(group)),
    ...(tier !== undefined && isTier(tier) ? { tier } : {}),
    ...(runbookUrl ? { runbookUrl } : {}),
    ...(dashboardUrl ? { dashboardUrl } : {}),
    ...(tracesService ? { tracesService } : {}),
  };
}

const tierSuffix = (name: string | undefined): AlertTierName | undefined => {
  const suffix = /-([a-z]+)$/.exec(name ?? '')?.[1];
  return suffix !== undefined && isTier(suffix) ? suffix : undefined;
};

/** The last part of an ARN (`orders-dev-critical` of an SNS topic ARN). */
export const arnResource = (arn: string | undefined): string | undefined => arn?.split(':').pop() || undefined;

/**
 * Which tier a notification belongs to: the description's `Tier:` line, else the alarm name's
 * suffix (`orders-dev-api-5xx-rate-critical`), else the SNS topic's (`orders-dev-warning`), else
 * `unknown`.
 */
export function resolveTier(sources: { readonly described?: AlertTierName; readonly alarmName?: string; readonly topicArn?: string }): NotificationTier {
  return sources.described ?? tierSuffix(sources.alarmName) ?? tierSuffix(arnResource(sources.topicArn)) ?? 'unknown';
}
