import type { AlertTierName } from '../../src/catalog';
import { lambdaMetric, mathExpression, metricStat } from '../../src/cloudwatch';
import { kebab } from '../naming';
import { evaluationOf, type ResolvedThresholds, Thresholds as T, windowText } from '../thresholds';
import { AlarmKind, type DeployedFunction, type MetricAlarmSpec } from '../types';

/**
 * A quiet function's total failure, for functions too quiet for a rate (the SRE workbook's
 * low-traffic advice: alert on what a handful of requests can say). The error-rate alarm needs
 * {@link Thresholds.minFailuresPerMinute} failures a minute and the burn-rate windows a minimum of
 * requests, so a function with two invocations a minute could fail every one unnoticed. This alarm
 * watches the minutes in which it had invocations but fewer failures than that floor: a minute
 * breaches when at least the threshold's share of its invocations failed (defaults and why:
 * `lambda-quiet-failures` in `ALARM_THRESHOLD_DEFAULTS`). Minutes without invocations are missing
 * data and do not breach.
 */

/**
 * Per function, its quiet total failure (see above): critical for a function an SLO
 * counts (its users are failing, at whatever volume), warning for the others.
 */
export function createQuietFailureAlarm(fn: DeployedFunction, sloFunctions: ReadonlySet<string>, thresholds: ResolvedThresholds): MetricAlarmSpec {
  const tier: AlertTierName = sloFunctions.has(fn.name) ? 'critical' : 'warning';
  const evaluation = thresholds[AlarmKind.LambdaQuietFailures];
  const { periodSeconds } = evaluation;
  const floor = T.minFailuresPerMinute;
  return {
    kind: AlarmKind.LambdaQuietFailures,
    signal: `${kebab(fn.name)}-quiet-failures`,
    tier,
    meaning: `${fn.name} is quiet (under ${floor} failures a minute, below its error-rate alarm) and at least ${evaluation.threshold}% of its invocations failed, ${windowText(evaluation)}: nearly every request fails.`,
    action: 'Open the recent errors in the logs; few requests come in, but every one of them fails. Roll back if it started with a deploy.',
    metrics: [
      metricStat('errors', lambdaMetric(fn.functionName, 'Errors'), 'Sum', periodSeconds),
      metricStat('invocations', lambdaMetric(fn.functionName, 'Invocations'), 'Sum', periodSeconds),
      mathExpression('failed', `IF(invocations > 0 AND FILL(errors, 0) < ${floor}, 100 * FILL(errors, 0) / invocations, 0)`, `${fn.name} failed share, quiet minutes (%)`),
    ],
    comparison: 'GreaterThanOrEqualToThreshold',
    ...evaluationOf(evaluation),
    treatMissingData: 'notBreaching',
    logGroups: [`/aws/lambda/${fn.functionName}`],
  };
}
