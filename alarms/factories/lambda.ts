import { lambdaMetric, mathExpression, metricStat } from '../../src/cloudwatch';
import { ratePercent } from '../metric-factory';
import { kebab } from '../naming';
import { Thresholds as T } from '../thresholds';
import { AlarmKind, type DeployedFunction, type MetricAlarmSpec } from '../types';

const logGroupOf = (fn: DeployedFunction): string => `/aws/lambda/${fn.functionName}`;

/**
 * Per function: error rate (metric math, errors / invocations), throttles, and p99 duration against a
 * share of its timeout. All warnings: users feel a failing function through the API, whose alarms page.
 */
export function createLambdaAlarms(fn: DeployedFunction): MetricAlarmSpec[] {
  const signal = kebab(fn.name);
  const { periodSeconds, evaluationPeriods, datapointsToAlarm } = T.fast;
  const logGroups = [logGroupOf(fn)];
  const durationThresholdMs = Math.round(fn.timeoutSeconds * 1000 * T.durationShareOfTimeout);
  return [
    {
      kind: AlarmKind.LambdaErrors,
      signal: `${signal}-errors`,
      tier: 'warning',
      meaning: `More than ${T.lambdaErrorRatePercent}% of ${fn.name} invocations (and at least ${T.minFailuresPerMinute} a minute) fail — unhandled errors, crashes or timeouts — in 3 of the last 5 minutes.`,
      action: 'Open the recent errors in the logs; if it started with a deploy, roll back.',
      metrics: [
        metricStat('errors', lambdaMetric(fn.functionName, 'Errors'), 'Sum', periodSeconds),
        metricStat('invocations', lambdaMetric(fn.functionName, 'Invocations'), 'Sum', periodSeconds),
        mathExpression('rate', ratePercent('errors', 'invocations', T.minFailuresPerMinute), `${fn.name} error rate (%)`),
      ],
      comparison: 'GreaterThanThreshold',
      threshold: T.lambdaErrorRatePercent,
      evaluationPeriods,
      datapointsToAlarm,
      treatMissingData: 'notBreaching',
      logGroups,
    },
    {
      kind: AlarmKind.LambdaThrottles,
      signal: `${signal}-throttles`,
      tier: 'warning',
      meaning: `Lambda refused ${fn.name} invocations for lack of concurrency in 3 of the last 5 minutes.`,
      action: 'Check the account and reserved concurrency, and what else is consuming it.',
      metrics: [metricStat('throttles', lambdaMetric(fn.functionName, 'Throttles'), 'Sum', periodSeconds, true)],
      comparison: 'GreaterThanOrEqualToThreshold',
      threshold: T.lambdaThrottlesPerMinute,
      evaluationPeriods,
      datapointsToAlarm,
      // Throttles has no data point when nothing is throttled.
      treatMissingData: 'notBreaching',
      logGroups,
    },
    {
      kind: AlarmKind.LambdaDuration,
      signal: `${signal}-duration-p99`,
      tier: 'warning',
      meaning: `${fn.name}'s p99 duration is above ${durationThresholdMs} ms, ${T.durationShareOfTimeout * 100}% of its ${fn.timeoutSeconds} s timeout, for 15 minutes: some invocations are about to time out.`,
      action: 'Find the slow requests and their slow subsegments in X-Ray; check DynamoDB latency.',
      metrics: [metricStat('duration', lambdaMetric(fn.functionName, 'Duration'), 'p99', T.steady.periodSeconds, true)],
      comparison: 'GreaterThanThreshold',
      threshold: durationThresholdMs,
      evaluationPeriods: T.steady.evaluationPeriods,
      datapointsToAlarm: T.steady.datapointsToAlarm,
      treatMissingData: 'notBreaching',
      logGroups,
    },
  ];
}
