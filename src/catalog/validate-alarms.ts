// The vocabulary's own files rather than its index: the catalog ships in the layer, which needs only these.
import { STATISTIC_PATTERN } from '../cloudwatch/statistics';
import { isTreatMissingData, TREAT_MISSING_DATA } from '../cloudwatch/treat-missing-data';
import { describe, type IssueCollector, isRecord, type Record_ } from './issue-collector';
import { CatalogRules as R } from './rules';

const ANOMALY_DIRECTIONS = ['below', 'above', 'outside'];

/** Period and evaluation checks shared by every kind of alarm. */
function checkEvaluation(issues: IssueCollector, at: string, alarm: Record_): void {
  const period = alarm.periodMinutes ?? 5;
  issues.range(`${at}.periodMinutes`, period, (n) => n === 1 || (Number.isInteger(n) && n % 5 === 0 && n <= R.maxAlarmWindowMinutes), 'minutes: 1, or a multiple of 5 up to 1440');
  const evaluations = alarm.evaluationPeriods ?? 3;
  issues.range(`${at}.evaluationPeriods`, evaluations, (n) => Number.isInteger(n) && n >= 1, 'a whole number of periods, at least 1');
  if (typeof period === 'number' && typeof evaluations === 'number' && period * evaluations > R.maxAlarmWindowMinutes) {
    issues.add(`${at}.evaluationPeriods`, `${evaluations} periods of ${period} minutes look back ${period * evaluations} minutes; CloudWatch allows one day (1440)`);
  }
  if (alarm.datapointsToAlarm !== undefined) {
    issues.range(
      `${at}.datapointsToAlarm`,
      alarm.datapointsToAlarm,
      (n) => Number.isInteger(n) && n >= 1 && n <= (typeof evaluations === 'number' ? evaluations : 1),
      'a whole number from 1 to evaluationPeriods',
    );
  }
}

/** An alarm watches one metric: one value for each declared dimension, and nothing else. */
function checkDimensionValues(issues: IssueCollector, at: string, declared: readonly unknown[], given: unknown): void {
  if (given !== undefined && !isRecord(given)) {
    issues.add(`${at}.dimensions`, `${describe(given)} must map each dimension to a value`);
    return;
  }
  const values = given ?? {};
  for (const name of declared) {
    if (typeof name === 'string' && (typeof values[name] !== 'string' || values[name] === '')) {
      issues.add(`${at}.dimensions.${name}`, `the metric is recorded by '${name}': name the value this alarm watches`);
    }
  }
  for (const name of Object.keys(values)) {
    if (!declared.includes(name)) issues.add(`${at}.dimensions.${name}`, `'${name}' is not a dimension of this metric`);
  }
}

/**
 * Checks the alarms declared on one catalog metric.
 * @param issues - where problems go
 * @param metricPath - the metric's path, e.g. `metrics[0] (OrderCreated)`
 * @param metric - the metric as written
 */
export function checkBusinessAlarms(issues: IssueCollector, metricPath: string, metric: Record_): void {
  const alarms = issues.list(`${metricPath}.alarms`, metric.alarms, true);
  const declared = Array.isArray(metric.dimensions) ? metric.dimensions : [];
  alarms.forEach((alarm, i) => {
    const at = `${metricPath}.alarms[${i}]${isRecord(alarm) && typeof alarm.signal === 'string' ? ` (${alarm.signal})` : ''}`;
    if (!isRecord(alarm)) {
      issues.add(at, 'must be an object');
      return;
    }
    issues.pattern(`${at}.signal`, alarm.signal, R.signalPattern, 'a signal name (lower-case words joined by dashes)');
    if (typeof alarm.tier !== 'string' || !(R.tiers as readonly string[]).includes(alarm.tier)) issues.add(`${at}.tier`, `${describe(alarm.tier)} is not a tier (one of ${R.tiers.join(', ')})`);
    if (typeof alarm.description !== 'string' || alarm.description.trim() === '') issues.add(`${at}.description`, 'say what it means when this alarm fires');
    if (alarm.statistic !== undefined) issues.pattern(`${at}.statistic`, alarm.statistic, STATISTIC_PATTERN, 'a statistic (Sum, Average, Minimum, Maximum, SampleCount or a percentile like p99)');
    checkEvaluation(issues, at, alarm);
    checkDimensionValues(issues, at, declared, alarm.dimensions);
    if (alarm.kind === 'threshold') {
      if (alarm.comparison !== 'above' && alarm.comparison !== 'below') issues.add(`${at}.comparison`, `${describe(alarm.comparison)} must be 'above' or 'below'`);
      issues.range(`${at}.threshold`, alarm.threshold, () => true, 'a finite number');
      if (alarm.missingData !== undefined && !isTreatMissingData(alarm.missingData)) {
        issues.add(`${at}.missingData`, `${describe(alarm.missingData)} is not one of ${TREAT_MISSING_DATA.join(', ')}`);
      }
    } else if (alarm.kind === 'anomaly') {
      if (typeof alarm.direction !== 'string' || !ANOMALY_DIRECTIONS.includes(alarm.direction))
        issues.add(`${at}.direction`, `${describe(alarm.direction)} must be one of ${ANOMALY_DIRECTIONS.join(', ')}`);
      if (alarm.bandWidth !== undefined) issues.range(`${at}.bandWidth`, alarm.bandWidth, (n) => n > 0 && n <= 10, 'standard deviations above 0 and at most 10');
    } else {
      issues.add(`${at}.kind`, `${describe(alarm.kind)} must be 'threshold' or 'anomaly'`);
    }
  });
}

/**
 * Checks that alarm names will be unique: each `signal`-`tier` pair once across the catalog.
 * @param issues - where problems go
 * @param metrics - the catalog's metrics as written
 */
export function checkUniqueSignals(issues: IssueCollector, metrics: readonly unknown[]): void {
  const seen = new Map<string, string>();
  metrics.forEach((metric, i) => {
    if (!isRecord(metric) || !Array.isArray(metric.alarms)) return;
    metric.alarms.forEach((alarm: unknown, j: number) => {
      if (!isRecord(alarm) || typeof alarm.signal !== 'string') return;
      const key = `${alarm.signal}-${String(alarm.tier)}`;
      const path = `metrics[${i}].alarms[${j}].signal`;
      const first = seen.get(key);
      if (first !== undefined) issues.add(path, `alarm '${key}' is already declared at ${first}; alarm names must be unique`);
      else seen.set(key, path);
    });
  });
}

/**
 * Checks a tier's SNS subscriptions.
 * @param issues - where problems go
 * @param tier - the tier's name
 * @param notify - its `notify` as written
 */
export function checkTierNotifications(issues: IssueCollector, tier: string, notify: unknown): void {
  if (notify === undefined) return;
  const at = `tiers.${tier}.notify`;
  if (tier === 'info') {
    issues.add(at, 'the info tier stays on dashboards: it has no topic to notify from');
    return;
  }
  checkNotifications(issues, at, notify);
}

/**
 * Checks one topic's subscriptions, `{ email?: [...], https?: [...] }`, wherever the catalog gives them.
 * @param issues - where problems go
 * @param at - their path, e.g. `tiers.critical.notify` or `stages.prod.notify.critical`
 * @param notify - the subscriptions as written
 */
export function checkNotifications(issues: IssueCollector, at: string, notify: unknown): void {
  if (!isRecord(notify)) {
    issues.add(at, `${describe(notify)} must be { email?: [...], https?: [...] }`);
    return;
  }
  issues.list(`${at}.email`, notify.email, true).forEach((email, i) => {
    issues.pattern(`${at}.email[${i}]`, email, R.emailPattern, 'an email address');
  });
  issues.list(`${at}.https`, notify.https, true).forEach((url, i) => {
    let ok = false;
    try {
      ok = typeof url === 'string' && new URL(url).protocol === 'https:';
    } catch {
      ok = false;
    }
    if (!ok) issues.add(`${at}.https[${i}]`, `${describe(url)} is not an https:// URL (SNS would send alerts in clear text over http)`);
  });
  for (const key of Object.keys(notify)) {
    if (key !== 'email' && key !== 'https') issues.add(`${at}.${key}`, `unknown subscription kind (use email or https)`);
  }
}
