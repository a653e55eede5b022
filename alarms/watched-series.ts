import type { GeneratedAlarmSummary, MetricAlarmSpec } from './types';

/**
 * The series a metric alarm compares and its static threshold, for its summary: what lets a
 * dashboard draw the threshold on the graph of that series. Nothing for an anomaly band alarm, whose
 * threshold moves (`ThresholdMetricId`), nor for one whose returned query cannot be told.
 * @example
 * ```ts
 * watchesOf(spec); // { watches: { metrics: spec.metrics, returnedId: 'rate', comparison: 'GreaterThanThreshold', threshold: 5 } }
 * ```
 */
export function watchesOf(spec: MetricAlarmSpec): Pick<GeneratedAlarmSummary, 'watches'> {
  const returned = spec.metrics.filter((query) => query.ReturnData);
  if (spec.threshold === undefined || returned.length !== 1) return {};
  return { watches: { metrics: spec.metrics, returnedId: returned[0]!.Id, comparison: spec.comparison, threshold: spec.threshold } };
}
