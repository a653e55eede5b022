import type { AlertTierName } from '../../src/catalog';
import { lambdaMetric, mathExpression, metricStat } from '../../src/cloudwatch';
import { kebab } from '../naming';
import { Thresholds as T } from '../thresholds';
import { AlarmKind, type DeployedFunction, type MetricAlarmSpec } from '../types';

/**
 * A quiet function's total failure, for functions too quiet for a rate (the SRE workbook's
 * low-traffic advice: alert on what a handful of requests can say). The error-rate alarm needs
 * {@link Thresholds.minFailuresPerMinute} failures a minute and the burn-rate windows a minimum of
 * requests, so a function with two invocations a minute could fail every one unnoticed. This alarm
 * watches the minutes in which it had invocations but fewer failures than that floor: a minute
 * breaches when at least `failedShare` of its invocations failed. 3 such minutes in the last 10 —
 * a function failing every request at one a minute alarms within about 4 minutes, well inside 10 —
 * while one failure an hour (a quiet night) never makes 3. Minutes without invocations are missing
 * data and do not breach.
 */
export const QUIET_FAILURES = { failedSharePercent: 90, periodSeconds: 60, evaluationPeriods: 10, datapointsToAlarm: 3 } as const;

/**
 * Per function, its quiet total failure (see {@link QUIET_FAILURES}): critical for a function an SLO
 * counts (its users are failing, at whatever volume), warning for the others.
 */
export function createQuietFailureAlarm(fn: DeployedFunction, sloFunctions: ReadonlySet<string>): MetricAlarmSpec {
  const tier: AlertTierName = sloFunctions.has(fn.name) ? 'critical' : 'warning';
  const { periodSeconds, evaluationPeriods, datapointsToAlarm, failedSharePercent } = QUIET_FAILURES;
  const floor = T.minFailuresPerMinute;
  return {
    kind: AlarmKind.LambdaQuietFailures,
    signal: `${kebab(fn.name)}-quiet-failures`,
    tier,
    meaning: `${fn.name} is quiet (under ${floor} failures a minute, below its error-rate alarm) and at least ${failedSharePercent}% of its invocations failed in ${datapointsToAlarm} of the last ${evaluationPeriods} minutes: nearly every request fails.`,
    action: 'Open the recent errors in the logs; few requests come in, but every one of them fails. Roll back if it started with a deploy.',
    metrics: [
      metricStat('errors', lambdaMetric(fn.functionName, 'Errors'), 'Sum', periodSeconds),
      metricStat('invocations', lambdaMetric(fn.functionName, 'Invocations'), 'Sum', periodSeconds),
      mathExpression('failed', `IF(invocations > 0 AND FILL(errors, 0) < ${floor}, 100 * FILL(errors, 0) / invocations, 0)`, `${fn.name} failed share, quiet minutes (%)`),
    ],
    comparison: 'GreaterThanOrEqualToThreshold',
    threshold: failedSharePercent,
    evaluationPeriods,
    datapointsToAlarm,
    treatMissingData: 'notBreaching',
    logGroups: [`/aws/lambda/${fn.functionName}`],
  };
}
