import { ALARM_THRESHOLD_DEFAULTS, type AlarmThresholdDefault, ThresholdUnit, type ThresholdUnitName } from './alarm-thresholds';
import { describe, type IssueCollector, isRecord } from './issue-collector';
import { CatalogRules as R } from './rules';

const DEFAULTS: Readonly<Record<string, AlarmThresholdDefault>> = ALARM_THRESHOLD_DEFAULTS;
const KINDS = Object.keys(DEFAULTS);
const FIELDS = ['threshold', 'evaluationPeriods', 'datapointsToAlarm'];

/** The values a threshold in `unit` may take, and how a message says so. */
const THRESHOLD_RANGE: Readonly<Record<ThresholdUnitName, { readonly ok: (n: number) => boolean; readonly what: string }>> = {
  [ThresholdUnit.Percent]: { ok: (n) => n > 0 && n <= 100, what: 'a percentage above 0 and at most 100' },
  [ThresholdUnit.PerMinute]: { ok: (n) => n > 0, what: 'a count per minute above 0' },
  [ThresholdUnit.Milliseconds]: { ok: (n) => n > 0 && n <= R.maxLatencyMs, what: `milliseconds above 0 and at most ${R.maxLatencyMs}` },
  [ThresholdUnit.Seconds]: { ok: (n) => n > 0 && n <= R.maxMessageAgeSeconds, what: `seconds above 0 and at most ${R.maxMessageAgeSeconds} (14 days, SQS's longest retention)` },
  [ThresholdUnit.Messages]: { ok: (n) => Number.isInteger(n) && n >= 1, what: 'a whole number of messages, at least 1' },
};

/**
 * Checks `alarmThresholds`: known alarm kinds only, each threshold in its kind's unit, and periods
 * CloudWatch accepts (a one-day look-back at most, `datapointsToAlarm` within `evaluationPeriods`).
 * @param issues - where problems go, each at its key path (`alarmThresholds.lambda-errors.threshold`)
 * @param overrides - `alarmThresholds` as written
 */
export function checkAlarmThresholds(issues: IssueCollector, overrides: unknown): void {
  if (overrides === undefined) return;
  if (!isRecord(overrides)) {
    issues.add('alarmThresholds', `${describe(overrides)} must map alarm kinds to { threshold?, evaluationPeriods?, datapointsToAlarm? }`);
    return;
  }
  for (const [kind, override] of Object.entries(overrides)) {
    const at = `alarmThresholds.${kind}`;
    const defaults = DEFAULTS[kind];
    if (defaults === undefined) {
      issues.add(at, `unknown alarm kind (tunable kinds are ${KINDS.join(', ')})`);
      continue;
    }
    if (!isRecord(override)) {
      issues.add(at, `${describe(override)} must be { threshold?, evaluationPeriods?, datapointsToAlarm? }`);
      continue;
    }
    for (const key of Object.keys(override)) {
      if (!FIELDS.includes(key)) issues.add(`${at}.${key}`, `unknown setting (use ${FIELDS.join(', ')})`);
    }
    if (override.threshold !== undefined) {
      const range = THRESHOLD_RANGE[defaults.unit];
      issues.range(`${at}.threshold`, override.threshold, range.ok, range.what);
    }
    const maxPeriods = Math.floor((R.maxAlarmWindowMinutes * 60) / defaults.periodSeconds);
    const evaluations = override.evaluationPeriods ?? defaults.evaluationPeriods;
    if (override.evaluationPeriods !== undefined) {
      issues.range(
        `${at}.evaluationPeriods`,
        override.evaluationPeriods,
        (n) => Number.isInteger(n) && n >= 1 && n <= maxPeriods,
        `whole periods from 1 to ${maxPeriods} (this kind's periods are ${defaults.periodSeconds / 60} minute(s); CloudWatch looks back one day)`,
      );
    }
    if (override.datapointsToAlarm !== undefined) {
      issues.range(
        `${at}.datapointsToAlarm`,
        override.datapointsToAlarm,
        (n) => Number.isInteger(n) && n >= 1 && n <= (typeof evaluations === 'number' ? evaluations : defaults.evaluationPeriods),
        `a whole number from 1 to evaluationPeriods (${String(evaluations)})`,
      );
    }
  }
}

/**
 * Checks `accountConcurrencyLimit`: Lambda's concurrency quota of the account and Region, a whole
 * number of executions.
 * @param issues - where problems go
 * @param limit - `accountConcurrencyLimit` as written
 */
export function checkAccountConcurrencyLimit(issues: IssueCollector, limit: unknown): void {
  if (limit === undefined) return;
  issues.range('accountConcurrencyLimit', limit, (n) => Number.isInteger(n) && n >= 1, 'a whole number of concurrent executions, at least 1 (Lambda’s default quota is 1000)');
}
