import { type ResolvedThresholds, windowText } from './thresholds';

/** One runbook: what the alarm means, what to check, how to fix it, how to tune it. */
export interface RunbookSection {
  readonly title: string;
  readonly means: string;
  readonly check: readonly string[];
  readonly fix: readonly string[];
  readonly tune: string;
}

/** A fenced block of code (a query, a command). */
export const code = (text: string): string => `\`\`\`\n${text}\n\`\`\``;

/** How to tune a kind, with what this service uses now. */
export const tuneOf = (t: ResolvedThresholds, kind: keyof ResolvedThresholds, unit: string, extra = ''): string =>
  `\`alarmThresholds: { '${kind}': { threshold, evaluationPeriods, datapointsToAlarm } }\` in the catalog${extra}; this service: ${t[kind].threshold}${unit}, ${windowText(t[kind])}. Defaults and why: \`ALARM_THRESHOLD_DEFAULTS\`.`;
