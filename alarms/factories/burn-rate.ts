import type { AlertTierName, SloDefinition } from '../../src/catalog';
import { apiMetric, lambdaMetric, type MetricId, mathExpression, metricStat } from '../../src/cloudwatch';
import { sumOfFilled } from '../metric-factory';
import { AlarmKind, type MetricAlarmSpec, type PairSpec } from '../types';

/**
 * The burn-rate alerts, after the SRE workbook's multiwindow, multi-burn-rate alerts (chapter 5):
 * each fires when the error budget burns fast over a long window AND is still burning over a short
 * one (1/12 of it), so it fires quickly and resets quickly. The factor is derived from the share of
 * the budget the long window may consume: `factor = share × SLO window / long window`.
 *
 * Changes from the workbook's table, and why:
 * - CloudWatch looks back one day at most (period × evaluation periods), so the workbook's 3-day
 *   ticket window becomes 1 day / 2 hours at 10% of the budget.
 * - The page needs 5% of the budget in one hour (33.6× on a 28-day window, 3.36% errors at 99.9%),
 *   not 2%: a steady 2% error leak warns within the hour instead of paging. The 2%-in-one-hour pair
 *   is kept as a warning.
 */
export const BURN_RATE_ALERTS = [
  { signal: 'fast-burn', tier: 'critical', longMinutes: 60, shortMinutes: 5, budgetShare: 0.05 },
  { signal: 'burn', tier: 'warning', longMinutes: 60, shortMinutes: 5, budgetShare: 0.02 },
  { signal: 'slow-burn', tier: 'warning', longMinutes: 1440, shortMinutes: 120, budgetShare: 0.1 },
] as const satisfies readonly { signal: string; tier: AlertTierName; longMinutes: number; shortMinutes: number; budgetShare: number }[];

/**
 * One source of the events an SLO counts: the failed ones and all of them. The REST API's 5XX
 * responses and requests; a function's invocation errors and invocations (`AWS/Lambda`); or, for an
 * SQS consumer that reports its failed records, its failed records and the records it was given
 * (Periscope's batch metrics), each record being one user's piece of work.
 */
export interface SliEvents {
  readonly failed: MetricId;
  readonly total: MetricId;
}

/**
 * Where an SLO's good and bad events are counted: at the REST API when it serves every function the
 * SLO counts, else summed over several sources (the API for the functions it serves, each other function).
 */
export type SliSource = { readonly kind: 'api'; readonly api: { readonly name: string; readonly stage: string } } | { readonly kind: 'events'; readonly events: readonly SliEvents[] };

/** A function's invocations as SLO events: its `Errors` of its `Invocations`. */
export const invocationEvents = (functionName: string): SliEvents => ({ failed: lambdaMetric(functionName, 'Errors'), total: lambdaMetric(functionName, 'Invocations') });

const DEFAULT_WINDOW_DAYS = 28;

const windowLabel = (minutes: number): string => (minutes % 1440 === 0 ? `${minutes / 1440}d` : minutes % 60 === 0 ? `${minutes / 60}h` : `${minutes}m`);

/** `1 - 99.9 / 100` without floating-point noise (0.001, not 0.0010000000000000009). */
export const errorBudget = (availabilityTarget: number): number => Number(((100 - availabilityTarget) / 100).toPrecision(10));

/** The burn-rate factor that consumes `budgetShare` of the budget in `longMinutes`. */
export const burnFactor = (budgetShare: number, windowDays: number, longMinutes: number): number => Number(((budgetShare * windowDays * 1440) / longMinutes).toFixed(4));

/**
 * The low-traffic policy (the SRE workbook, chapter 5, "Low-traffic services and error budget
 * alerting"): at a few requests an hour one failure is a large share of them, and a burn rate over so
 * few requests says little. A window's burn rate therefore counts only when the window holds enough
 * requests that, at the alert's threshold, it means at least this many failed requests — 3 over the
 * long window (one or two failures in an hour are not an incident) and 1 over the short one (which
 * only confirms that the burn goes on). Below that, the window reads 0. A quiet function that fails
 * every request is caught instead by its own absolute-failure alarm (see `createQuietFailureAlarm`).
 */
export const BURN_RATE_MIN_FAILURES = { long: 3, short: 1 } as const;

/** Requests a window must hold for its burn rate to count: `failures / (factor × budget)`, rounded up. */
export const minRequestsOfWindow = (failures: number, factor: number, budget: number): number => Math.ceil(Number((failures / (factor * budget)).toPrecision(10)));

/** Queries whose returned series is the burn rate over one window; 0 while the window holds fewer than `minRequests` requests. */
function burnRateQueries(sli: SliSource, budget: number, periodSeconds: number, minRequests: number): MetricAlarmSpec['metrics'] {
  if (sli.kind === 'api') {
    return [
      metricStat('errors', apiMetric(sli.api, '5XXError'), 'Sum', periodSeconds),
      metricStat('requests', apiMetric(sli.api, 'Count'), 'Sum', periodSeconds),
      mathExpression('burn', `IF(requests >= ${minRequests}, (FILL(errors, 0) / requests) / ${budget}, 0)`, 'burn rate (× budget)'),
    ];
  }
  const errors = sli.events.map((events, i) => metricStat(`e${i}`, events.failed, 'Sum', periodSeconds));
  const invocations = sli.events.map((events, i) => metricStat(`i${i}`, events.total, 'Sum', periodSeconds));
  const sum = (queries: readonly { Id: string }[]) => sumOfFilled(queries.map((q) => q.Id));
  return [...errors, ...invocations, mathExpression('burn', `IF((${sum(invocations)}) >= ${minRequests}, ((${sum(errors)}) / (${sum(invocations)})) / ${budget}, 0)`, 'burn rate (× budget)')];
}

/**
 * Multiwindow, multi-burn-rate alarms of one SLO: per alert of {@link BURN_RATE_ALERTS}, a long- and
 * a short-window alarm (period = window, one evaluation) and the pair that needs both.
 */
export function createBurnRateAlarms(slo: SloDefinition, sli: SliSource, logGroups: readonly string[]): PairSpec[] {
  const windowDays = slo.windowDays ?? DEFAULT_WINDOW_DAYS;
  const budget = errorBudget(slo.availabilityTarget);
  return BURN_RATE_ALERTS.map((alert) => {
    const factor = burnFactor(alert.budgetShare, windowDays, alert.longMinutes);
    const percentOfBudget = alert.budgetShare * 100;
    const window = (minutes: number, minRequests: number): MetricAlarmSpec => ({
      kind: AlarmKind.BurnRate,
      signal: `${slo.name}-${alert.signal}-${windowLabel(minutes)}`,
      tier: alert.tier,
      meaning: `${slo.name}: over the last ${windowLabel(minutes)} the error budget burned at ${factor}× or more (errors above ${Number((factor * budget * 100).toPrecision(4))}% of requests, over at least ${minRequests} requests).`,
      action: 'Part of a burn-rate pair; see the pair alarm.',
      metrics: burnRateQueries(sli, budget, minutes * 60, minRequests),
      comparison: 'GreaterThanOrEqualToThreshold',
      threshold: factor,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      treatMissingData: 'notBreaching',
      logGroups,
      partOfPair: true,
    });
    return {
      signal: `${slo.name}-${alert.signal}`,
      tier: alert.tier,
      meaning: `${slo.name} (${slo.availabilityTarget}% over ${windowDays} days) is burning its error budget at ${factor}×: at this rate ${percentOfBudget}% of it goes every ${windowLabel(alert.longMinutes)}, all of it in ${Number(((windowDays * 24) / factor).toFixed(1))} hours.`,
      action:
        alert.tier === 'critical'
          ? 'Customers are failing now: open the recent errors, check the last deploy and DynamoDB, roll back if a deploy started it.'
          : 'Errors are eating the budget: find the failing requests today before it becomes a page.',
      windows: [
        window(alert.longMinutes, minRequestsOfWindow(BURN_RATE_MIN_FAILURES.long, factor, budget)),
        window(alert.shortMinutes, minRequestsOfWindow(BURN_RATE_MIN_FAILURES.short, factor, budget)),
      ],
    };
  });
}
