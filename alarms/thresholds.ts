import { ALARM_THRESHOLD_DEFAULTS, DEFAULT_ACCOUNT_CONCURRENCY_LIMIT, type ServiceDefinition, type ThresholdUnitName, type TunableAlarmKind } from '../src/catalog';
import type { AlarmKindName } from './types';

/**
 * Periscope's thresholds, in one place so they can be read, argued about and tested; each says why.
 * The tunable ones are per alarm kind in `byKind` (defined beside the catalog's `alarmThresholds`,
 * which overrides them: see {@link resolveThresholds}).
 */
export const Thresholds = {
  /**
   * A minute's failure rate counts only with at least this many failures: one failed request out of
   * two is not an incident, nor are a few failures at low traffic (3 of 42 is already 7%) — a slow
   * leak is the burn-rate alarms' job. The fire drills set it: with no floor a 2.5% leak at 20
   * requests a minute paged; with a floor of 3, a 2% leak at 40 a minute paged in a 5-hour night
   * (3 or more failures in 3 of 5 minutes happens by chance); a floor on requests instead (10 a
   * minute) left a function with 5 invocations a minute, every one failing, without a warning.
   * Below 5 failures a minute, total failure is still caught by the SLO burn-rate alarms.
   */
  minFailuresPerMinute: 5,
  /**
   * The API latency alarm's window; its threshold is the SLO's p99 target, so it is tuned there.
   * Percentiles need more samples per data point to mean anything: 5-minute periods, all 3 breaching.
   */
  apiLatency: { periodSeconds: 300, evaluationPeriods: 3, datapointsToAlarm: 3 },
  /** Lambda's default concurrency quota, for a catalog that does not set `accountConcurrencyLimit`. */
  accountConcurrencyLimit: DEFAULT_ACCOUNT_CONCURRENCY_LIMIT,
  /** Each tunable alarm kind's default threshold and evaluation, with why. */
  byKind: ALARM_THRESHOLD_DEFAULTS,
} as const;

/** How one alarm kind evaluates for a service: its default, with the catalog's overrides applied. */
export interface AlarmEvaluation {
  readonly threshold: number;
  readonly unit: ThresholdUnitName;
  readonly periodSeconds: number;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
}

/** Every tunable alarm kind's evaluation for one service: what the factories build from. */
export type ResolvedThresholds = { readonly [K in TunableAlarmKind]: AlarmEvaluation };

// Typed so that a tunable kind which is not a generated alarm kind is a compile error.
const TUNABLE_KINDS: readonly (TunableAlarmKind & AlarmKindName)[] = Object.keys(ALARM_THRESHOLD_DEFAULTS) as TunableAlarmKind[];

/**
 * The thresholds a service's alarms use: each kind's default ({@link Thresholds}`.byKind`) with the
 * catalog's `alarmThresholds` applied. An override of `evaluationPeriods` alone keeps the default
 * `datapointsToAlarm` unless that no longer fits, then all the periods must breach.
 * @example
 * ```ts
 * // catalog: defineService({ ..., alarmThresholds: { 'lambda-errors': { threshold: 2 } } })
 * resolveThresholds(catalog)['lambda-errors'];
 * // { threshold: 2, unit: 'percent', periodSeconds: 60, evaluationPeriods: 5, datapointsToAlarm: 3 }
 * ```
 */
export function resolveThresholds(catalog: ServiceDefinition): ResolvedThresholds {
  return Object.fromEntries(
    TUNABLE_KINDS.map((kind) => {
      const base = ALARM_THRESHOLD_DEFAULTS[kind];
      const override = catalog.alarmThresholds?.[kind] ?? {};
      const evaluationPeriods = override.evaluationPeriods ?? base.evaluationPeriods;
      return [
        kind,
        {
          threshold: override.threshold ?? base.threshold,
          unit: base.unit,
          periodSeconds: base.periodSeconds,
          evaluationPeriods,
          datapointsToAlarm: override.datapointsToAlarm ?? Math.min(base.datapointsToAlarm, evaluationPeriods),
        },
      ];
    }),
  ) as unknown as ResolvedThresholds;
}

/** The account's Lambda concurrency quota the catalog declares, or Lambda's default. */
export const accountConcurrencyLimitOf = (catalog: ServiceDefinition): number => catalog.accountConcurrencyLimit ?? Thresholds.accountConcurrencyLimit;

/**
 * An evaluation as a sentence says it: `in 3 of the last 5 minutes`, `for 15 minutes`.
 * @example
 * ```ts
 * windowText({ periodSeconds: 300, evaluationPeriods: 3, datapointsToAlarm: 3 }); // 'for 15 minutes'
 * ```
 */
export function windowText({ periodSeconds, evaluationPeriods, datapointsToAlarm }: Pick<AlarmEvaluation, 'periodSeconds' | 'evaluationPeriods' | 'datapointsToAlarm'>): string {
  const minutes = periodSeconds / 60;
  if (datapointsToAlarm === evaluationPeriods) {
    const span = evaluationPeriods * minutes;
    return `for ${span} minute${span === 1 ? '' : 's'}`;
  }
  return `in ${datapointsToAlarm} of the last ${evaluationPeriods} ${minutes === 1 ? 'minutes' : `${minutes}-minute periods`}`;
}

/** The evaluation fields of a metric alarm spec. */
export const evaluationOf = (e: AlarmEvaluation): { threshold: number; evaluationPeriods: number; datapointsToAlarm: number } => ({
  threshold: e.threshold,
  evaluationPeriods: e.evaluationPeriods,
  datapointsToAlarm: e.datapointsToAlarm,
});
