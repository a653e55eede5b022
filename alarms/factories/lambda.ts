import { lambdaMetric, mathExpression, metricStat } from '../../src/cloudwatch';
import { ratePercent } from '../metric-factory';
import { kebab } from '../naming';
import { evaluationOf, type ResolvedThresholds, Thresholds as T, windowText } from '../thresholds';
import { AlarmKind, type DeployedFunction, type MetricAlarmSpec } from '../types';

const logGroupOf = (fn: DeployedFunction): string => `/aws/lambda/${fn.functionName}`;

/**
 * Per function: error rate (metric math, errors / invocations), throttles, and p99 duration against a
 * share of its timeout, at the service's thresholds. All warnings: users feel a failing function
 * through the API, whose alarms page.
 */
export function createLambdaAlarms(fn: DeployedFunction, thresholds: ResolvedThresholds): MetricAlarmSpec[] {
  const signal = kebab(fn.name);
  const logGroups = [logGroupOf(fn)];
  const errors = thresholds[AlarmKind.LambdaErrors];
  const throttles = thresholds[AlarmKind.LambdaThrottles];
  const duration = thresholds[AlarmKind.LambdaDuration];
  const durationThresholdMs = Math.round((fn.timeoutSeconds * 1000 * duration.threshold) / 100);
  return [
    {
      kind: AlarmKind.LambdaErrors,
      signal: `${signal}-errors`,
      tier: 'warning',
      meaning: `More than ${errors.threshold}% of ${fn.name} invocations (and at least ${T.minFailuresPerMinute} a minute) fail — unhandled errors, crashes or timeouts — ${windowText(errors)}.`,
      action: 'Open the recent errors in the logs; if it started with a deploy, roll back.',
      metrics: [
        metricStat('errors', lambdaMetric(fn.functionName, 'Errors'), 'Sum', errors.periodSeconds),
        metricStat('invocations', lambdaMetric(fn.functionName, 'Invocations'), 'Sum', errors.periodSeconds),
        mathExpression('rate', ratePercent('errors', 'invocations', T.minFailuresPerMinute), `${fn.name} error rate (%)`),
      ],
      comparison: 'GreaterThanThreshold',
      ...evaluationOf(errors),
      treatMissingData: 'notBreaching',
      logGroups,
    },
    {
      kind: AlarmKind.LambdaThrottles,
      signal: `${signal}-throttles`,
      tier: 'warning',
      meaning: `Lambda refused ${throttles.threshold}+ ${fn.name} invocations a minute for lack of concurrency, ${windowText(throttles)}.`,
      action: 'Check the account and reserved concurrency, and what else is consuming it.',
      metrics: [metricStat('throttles', lambdaMetric(fn.functionName, 'Throttles'), 'Sum', throttles.periodSeconds, true)],
      comparison: 'GreaterThanOrEqualToThreshold',
      ...evaluationOf(throttles),
      // Throttles has no data point when nothing is throttled.
      treatMissingData: 'notBreaching',
      logGroups,
    },
    {
      kind: AlarmKind.LambdaDuration,
      signal: `${signal}-duration-p99`,
      tier: 'warning',
      meaning: `${fn.name}'s p99 duration is above ${durationThresholdMs} ms, ${duration.threshold}% of its ${fn.timeoutSeconds} s timeout, ${windowText(duration)}: some invocations are about to time out.`,
      action: 'Find the slow requests and their slow subsegments in X-Ray; check DynamoDB latency.',
      metrics: [metricStat('duration', lambdaMetric(fn.functionName, 'Duration'), 'p99', duration.periodSeconds, true)],
      comparison: 'GreaterThanThreshold',
      ...evaluationOf(duration),
      threshold: durationThresholdMs,
      treatMissingData: 'notBreaching',
      logGroups,
    },
  ];
}
