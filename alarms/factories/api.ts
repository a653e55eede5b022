import type { ServiceDefinition } from '../../src/catalog';
import { mathExpression, metricStat } from '../../src/cloudwatch';
import { ratePercent } from '../metric-factory';
import { evaluationOf, type ResolvedThresholds, Thresholds as T, windowText } from '../thresholds';
import type { ApiSurface } from '../trigger-metrics';
import { AlarmKind, type MetricAlarmSpec } from '../types';

/** What the API alarms need to know. */
export interface ApiAlarmInput {
  /** The API: a REST API stage (`restApiSurface`) or an HTTP API stage (`httpApiSurface`). */
  readonly api: ApiSurface;
  /** The strictest p99 latency the catalog's SLOs promise, if any. */
  readonly latencyP99Ms: number | undefined;
  readonly logGroups: readonly string[];
  /** The catalog's metrics that count refused requests by `reason` (see {@link refusalMetricsOf}): where a 4XX surge is explained. */
  readonly refusalMetrics: readonly string[];
  /** The service's thresholds (defaults with the catalog's overrides). */
  readonly thresholds: ResolvedThresholds;
}

/** The catalog metrics that declare a `reason` dimension: the service's own account of why it refused requests. */
export const refusalMetricsOf = (catalog: ServiceDefinition): string[] => catalog.metrics.filter((metric) => metric.dimensions?.includes('reason')).map((metric) => metric.name);

/** Where to look first when many requests are refused, for this catalog. */
export const refusalsFirstLook = (refusalMetrics: readonly string[]): string =>
  refusalMetrics.length > 0
    ? `Look at ${refusalMetrics.join(', ')} by reason and at the refused requests in the logs.`
    : 'Look at the refused requests in the logs: which route, which status, which client.';

/**
 * API Gateway, a REST API's stage or an HTTP API's: the 5XX rate pages (users are failing now), p99
 * latency over the SLO's target warns, and a high 4XX rate is info (worth seeing on the dashboard,
 * nothing to fix on our side at 3am). Same kinds, thresholds and runbooks for both; the HTTP API's
 * signals start `http-api-`.
 */
export function createApiAlarms({ api, latencyP99Ms, logGroups, refusalMetrics, thresholds }: ApiAlarmInput): MetricAlarmSpec[] {
  const serverErrors = thresholds[AlarmKind.Api5xx];
  const clientErrors = thresholds[AlarmKind.Api4xx];
  const rateAlarm = (kind: typeof AlarmKind.Api5xx | typeof AlarmKind.Api4xx, metricName: string) => ({
    kind,
    metrics: [
      metricStat('errors', api.metric(metricName), 'Sum', thresholds[kind].periodSeconds),
      metricStat('requests', api.metric('Count'), 'Sum', thresholds[kind].periodSeconds),
      mathExpression('rate', ratePercent('errors', 'requests', T.minFailuresPerMinute), `${metricName} rate (%)`),
    ],
    comparison: 'GreaterThanThreshold' as const,
    ...evaluationOf(thresholds[kind]),
    // No requests, no data point: an idle API is not failing.
    treatMissingData: 'notBreaching' as const,
    logGroups,
  });
  const alarms: MetricAlarmSpec[] = [
    {
      ...rateAlarm(AlarmKind.Api5xx, api.serverErrors),
      signal: `${api.signal}-5xx-rate`,
      tier: 'critical',
      meaning: `More than ${serverErrors.threshold}% of ${api.label} requests (and at least ${T.minFailuresPerMinute} a minute) fail with a 5XX ${windowText(serverErrors)}: customers are failing now.`,
      action: 'Open the recent errors; check DynamoDB and the last deploy. Roll back if it started with a deploy.',
    },
    {
      ...rateAlarm(AlarmKind.Api4xx, api.clientErrors),
      signal: `${api.signal}-4xx-rate`,
      tier: 'info',
      meaning: `More than ${clientErrors.threshold}% of ${api.label} requests are refused with a 4XX ${windowText(clientErrors)}: a client may be broken or misbehaving.`,
      action: refusalsFirstLook(refusalMetrics),
    },
  ];
  if (latencyP99Ms !== undefined) {
    alarms.push({
      kind: AlarmKind.ApiLatency,
      signal: `${api.signal}-latency-p99`,
      tier: 'warning',
      meaning: `The ${api.label}'s p99 latency is above the SLO's ${latencyP99Ms} ms ${windowText(T.apiLatency)}.`,
      action: 'Find the slowest requests in the logs and their traces in X-Ray; check cold starts and DynamoDB latency.',
      metrics: [metricStat('latency', api.metric('Latency'), 'p99', T.apiLatency.periodSeconds, true)],
      comparison: 'GreaterThanThreshold',
      threshold: latencyP99Ms,
      evaluationPeriods: T.apiLatency.evaluationPeriods,
      datapointsToAlarm: T.apiLatency.datapointsToAlarm,
      treatMissingData: 'notBreaching',
      logGroups,
    });
  }
  return alarms;
}
