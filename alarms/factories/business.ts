import type { AnomalyAlarmDefinition, BusinessAlarmDefinition, MetricDefinition, ServiceDefinition } from '../../src/catalog';
import { type ComparisonOperator, mathExpression, metricStat } from '../../src/cloudwatch';
import { catalogMetric } from '../metric-factory';
import { AlarmKind, type MetricAlarmSpec } from '../types';

/** Defaults of a business alarm, as documented on {@link BusinessAlarmDefinition}. */
const DEFAULTS = { statistic: 'Sum', periodMinutes: 5, evaluationPeriods: 3, bandWidth: 2 } as const;

/** The band operator of each anomaly direction. */
const BAND_COMPARISON = { below: 'LessThanLowerThreshold', above: 'GreaterThanUpperThreshold', outside: 'LessThanLowerOrGreaterThanUpperThreshold' } as const satisfies Record<
  AnomalyAlarmDefinition['direction'],
  ComparisonOperator
>;

function createBusinessAlarm(catalog: ServiceDefinition, metric: MetricDefinition, alarm: BusinessAlarmDefinition, logGroups: readonly string[]): MetricAlarmSpec {
  const periodSeconds = (alarm.periodMinutes ?? DEFAULTS.periodMinutes) * 60;
  const evaluationPeriods = alarm.evaluationPeriods ?? DEFAULTS.evaluationPeriods;
  const statistic = alarm.statistic ?? DEFAULTS.statistic;
  // Exactly the dimension set the runtime writes: Powertools' `service`, then the metric's own.
  const value = catalogMetric(catalog, metric.name, alarm.dimensions);
  const common = {
    signal: alarm.signal,
    tier: alarm.tier,
    meaning: alarm.description,
    action: alarm.action ?? `See what the ${metric.name} metric means in the catalog: ${metric.description}`,
    evaluationPeriods,
    datapointsToAlarm: alarm.datapointsToAlarm ?? evaluationPeriods,
    logGroups,
  };
  if (alarm.kind === 'threshold') {
    const below = alarm.comparison === 'below';
    const treatMissingData = alarm.missingData ?? (below ? 'breaching' : 'notBreaching');
    return {
      ...common,
      kind: AlarmKind.BusinessThreshold,
      // A metric recorded only when something happens has no data point when nothing does. Below a
      // threshold, such a period must count as 0 at once: left missing, CloudWatch keeps evaluating
      // the last real (healthy) periods of its evaluation range, and "no order for 30 minutes" fired
      // an hour after the last order in the fire drills. A catalog that says otherwise keeps the gaps.
      metrics:
        below && treatMissingData === 'breaching'
          ? [metricStat('raw', value, statistic, periodSeconds), mathExpression('value', 'FILL(raw, 0)', `${metric.name} (${statistic}, 0 when none)`)]
          : [metricStat('value', value, statistic, periodSeconds, true)],
      comparison: below ? 'LessThanThreshold' : 'GreaterThanThreshold',
      threshold: alarm.threshold,
      // With no data point at all in the range, even FILL has nothing to fill: still silence, below any threshold.
      treatMissingData,
    };
  }
  const width = alarm.bandWidth ?? DEFAULTS.bandWidth;
  return {
    ...common,
    kind: AlarmKind.BusinessAnomaly,
    metrics: [
      metricStat('value', value, statistic, periodSeconds, true),
      mathExpression('band', `ANOMALY_DETECTION_BAND(value, ${width})`, `${metric.name} expected band (${width} standard deviations)`),
    ],
    comparison: BAND_COMPARISON[alarm.direction],
    thresholdMetricId: 'band',
    treatMissingData: alarm.direction === 'below' ? 'breaching' : 'notBreaching',
  };
}

/** The alarms the catalog declares on its own metrics: static thresholds and anomaly bands. */
export function createBusinessAlarms(catalog: ServiceDefinition, logGroups: readonly string[]): MetricAlarmSpec[] {
  return catalog.metrics.flatMap((metric) => (metric.alarms ?? []).map((alarm) => createBusinessAlarm(catalog, metric, alarm, logGroups)));
}
