import { lambdaAccountMetric, lambdaMetric, metricStat } from '../../src/cloudwatch';
import { kebab } from '../naming';
import { evaluationOf, type ResolvedThresholds, windowText } from '../thresholds';
import { AlarmKind, type DeployedFunction, type MetricAlarmSpec } from '../types';

const logGroupOf = (fn: DeployedFunction): string => `/aws/lambda/${fn.functionName}`;

/** `share`% of `limit`, rounded up: the smallest whole number of executions at or over the share. */
const shareOf = (limit: number, percent: number): number => Math.max(1, Math.ceil((limit * percent) / 100));

/**
 * Lambda concurrency, before it turns into throttles: each function that reserves concurrency, its
 * peak `ConcurrentExecutions` against a share of the reservation (which is also its ceiling); and,
 * when some function draws from the account's unreserved pool, the account's
 * `ClaimedAccountConcurrency` (unreserved executions plus every reservation: what AWS advises to
 * watch against the quota, as `ConcurrentExecutions` leaves reservations out) against a share of the
 * account's limit. Both `Maximum` over a minute, as Lambda's docs say to read them. Warnings: the
 * throttles alarms say when it is too late.
 *
 * @param accountLimit - the account's Lambda concurrency quota (the catalog's `accountConcurrencyLimit`)
 */
export function createConcurrencyAlarms(functions: readonly DeployedFunction[], thresholds: ResolvedThresholds, accountLimit: number): MetricAlarmSpec[] {
  const reserved = thresholds[AlarmKind.LambdaConcurrency];
  const account = thresholds[AlarmKind.LambdaAccountConcurrency];
  // A reservation of 0 switches a function off: it never runs, so there is nothing to watch.
  const reserving = functions.filter((fn) => fn.reservedConcurrency !== undefined && fn.reservedConcurrency > 0);
  const sharing = functions.filter((fn) => fn.reservedConcurrency === undefined);
  const alarms: MetricAlarmSpec[] = reserving.map((fn) => {
    const limit = fn.reservedConcurrency as number;
    const threshold = shareOf(limit, reserved.threshold);
    return {
      kind: AlarmKind.LambdaConcurrency,
      signal: `${kebab(fn.name)}-concurrency`,
      tier: 'warning',
      meaning: `${fn.name} ran ${threshold}+ invocations at once, ${reserved.threshold}% of its reserved concurrency of ${limit} (also its ceiling), ${windowText(reserved)}: a burst a little bigger is throttled.`,
      action: 'If the traffic is real, raise reservedConcurrency in serverless.yml; else find what holds invocations longer (a slow dependency) or multiplies them (a retry storm).',
      metrics: [metricStat('concurrency', lambdaMetric(fn.functionName, 'ConcurrentExecutions'), 'Maximum', reserved.periodSeconds, true)],
      comparison: 'GreaterThanOrEqualToThreshold',
      ...evaluationOf(reserved),
      threshold,
      // Lambda publishes no data point for a minute without invocations: idle is healthy.
      treatMissingData: 'notBreaching',
      logGroups: [logGroupOf(fn)],
    };
  });
  if (sharing.length > 0) {
    const threshold = shareOf(accountLimit, account.threshold);
    alarms.push({
      kind: AlarmKind.LambdaAccountConcurrency,
      signal: 'lambda-account-concurrency',
      tier: 'warning',
      meaning: `The account's claimed Lambda concurrency (executions without a reservation, plus every reservation) reached ${threshold}, ${account.threshold}% of its limit of ${accountLimit}, ${windowText(account)}: at the limit, ${sharing.map((fn) => fn.name).join(', ')} and every other function without reserved concurrency are throttled.`,
      action: "Find what uses it: ConcurrentExecutions by function across the account, other services' included. Request a quota increase if the growth is real.",
      metrics: [metricStat('claimed', lambdaAccountMetric('ClaimedAccountConcurrency'), 'Maximum', account.periodSeconds, true)],
      comparison: 'GreaterThanOrEqualToThreshold',
      ...evaluationOf(account),
      threshold,
      treatMissingData: 'notBreaching',
      logGroups: sharing.map(logGroupOf),
    });
  }
  return alarms;
}
