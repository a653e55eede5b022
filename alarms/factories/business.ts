import type { BusinessAlarmDefinition, MetricDefinition, ServiceDefinition } from '../../src/catalog';
import { expression, stat } from '../metric-factory';
import { AlarmKind, type MetricAlarmSpec } from '../types';

/** Defaults of a business alarm, as documented on {@link BusinessAlarmDefinition}. */
const DEFAULTS = { statistic: 'Sum', periodMinutes: 5, evaluationPeriods: 3, bandWidth: 2 } as const;

function createBusinessAlarm(catalog: ServiceDefinition, metric: MetricDefinition, alarm: BusinessAlarmDefinition, logGroups: readonly string[]): MetricAlarmSpec {
  const periodSeconds = (alarm.periodMinutes ?? DEFAULTS.periodMinutes) * 60;
  const evaluationPeriods = alarm.evaluationPeriods ?? DEFAULTS.evaluationPeriods;
  const statistic = alarm.statistic ?? DEFAULTS.statistic;
  // Exactly the dimension set the runtime writes: Powertools' `service`, then the metric's own.
  const value = { namespace: catalog.namespace, metricName: metric.name, dimensions: { service: catalog.service, ...alarm.dimensions } };
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
    return {
      ...common,
      kind: AlarmKind.BusinessThreshold,
      metrics: [stat('value', value, statistic, periodSeconds, true)],
      comparison: alarm.comparison === 'above' ? 'GreaterThanThreshold' : 'LessThanThreshold',
      threshold: alarm.threshold,
      // A metric recorded only when something happens is silent when nothing does: below any threshold.
      treatMissingData: alarm.missingData ?? (alarm.comparison === 'below' ? 'breaching' : 'notBreaching'),
    };
  }
  const width = alarm.bandWidth ?? DEFAULTS.bandWidth;
  return {
    ...common,
    kind: AlarmKind.BusinessAnomaly,
    metrics: [stat('value', value, statistic, periodSeconds, true), expression('band', `ANOMALY_DETECTION_BAND(value, ${width})`, `${metric.name} expected band (${width} standard deviations)`)],
    comparison: { below: 'LessThanLowerThreshold', above: 'GreaterThanUpperThreshold', outside: 'LessThanLowerOrGreaterThanUpperThreshold' }[alarm.direction] as MetricAlarmSpec['comparison'],
    thresholdMetricId: 'band',
    treatMissingData: alarm.direction === 'below' ? 'breaching' : 'notBreaching',
  };
}

/** The alarms the catalog declares on its own metrics: static thresholds and anomaly bands. */
export function createBusinessAlarms(catalog: ServiceDefinition, logGroups: readonly string[]): MetricAlarmSpec[] {
  return catalog.metrics.flatMap((metric) => (metric.alarms ?? []).map((alarm) => createBusinessAlarm(catalog, metric, alarm, logGroups)));
}
