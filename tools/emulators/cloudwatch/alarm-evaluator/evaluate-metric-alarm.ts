import { getMetricData, type MetricStore, type Points } from '../metric-store';
import { describeDecision, type RangeDatapoint } from './alarm-reason';
import { anomalyBand, anomalyHistoryMs } from './anomaly-band';
import { LocalAlarmError } from './errors';
import { type DatapointClass, decideAlarmState, evaluationRangeLength } from './missing-data';
import type { AlarmState, ComparisonOperator, MetricAlarmDefinition } from './types';

/** The outcome of evaluating one metric alarm at one time. */
export interface MetricAlarmEvaluation {
  readonly state: AlarmState;
  /** CloudWatch's `StateReason` for `state` (for a kept state, why it was kept). */
  readonly reason: string;
  /** The evaluation range, oldest first. */
  readonly range: readonly RangeDatapoint[];
}

function breaches(comparison: ComparisonOperator, value: number, threshold: number | { lower: number; upper: number }): boolean {
  const t = typeof threshold === 'number' ? threshold : Number.NaN;
  const band = typeof threshold === 'number' ? { lower: Number.NaN, upper: Number.NaN } : threshold;
  switch (comparison) {
    case 'GreaterThanOrEqualToThreshold':
      return value >= t;
    case 'GreaterThanThreshold':
      return value > t;
    case 'LessThanThreshold':
      return value < t;
    case 'LessThanOrEqualToThreshold':
      return value <= t;
    case 'LessThanLowerOrGreaterThanUpperThreshold':
      return value < band.lower || value > band.upper;
    case 'LessThanLowerThreshold':
      return value < band.lower;
    case 'GreaterThanUpperThreshold':
      return value > band.upper;
  }
}

/**
 * The state of one metric alarm at `now` (epoch ms), from the metric store, as CloudWatch evaluates
 * it:
 *
 * - Periods end at the evaluation minute (`now` rounded down to the minute) and slide with it, as
 *   CloudWatch queries an alarm's metrics once a minute for the periods up to then: an alarm with a
 *   1-hour period looks at the last 60 minutes, not the last clock hour. The evaluation range is the `EvaluationPeriods` + 2 most recent
 *   complete periods (CloudWatch retrieves more datapoints than it evaluates, see
 *   `EXTRA_EVALUATION_PERIODS`).
 * - Datapoints come from `getMetricData` over the alarm's queries; the compared one is the query
 *   returned (`ReturnData`), against `Threshold` or, for an anomaly detection alarm, against the
 *   band of `ThresholdMetricId` (see `anomalyBand`; a period without a band is a missing datapoint).
 * - M out of N (`DatapointsToAlarm` of `EvaluationPeriods`) with missing data treated as the docs'
 *   table says (see `decideAlarmState`); alarms on `AWS/DynamoDB` metrics always ignore missing data.
 *
 * @param current the alarm's state before this evaluation, kept when missing data is ignored
 * @example
 * ```ts
 * evaluateMetricAlarm(alarm, store, Date.parse('2026-11-23T10:06:10Z'));
 * // { state: 'ALARM', reason: 'Threshold Crossed: 2 out of the last 3 datapoints [...] ...', range }
 * ```
 */
export function evaluateMetricAlarm(alarm: MetricAlarmDefinition, store: MetricStore, now: number, current: AlarmState = 'INSUFFICIENT_DATA'): MetricAlarmEvaluation {
  const periodMs = alarm.periodSeconds * 1000;
  const end = Math.floor(now / 60_000) * 60_000;
  const length = evaluationRangeLength(alarm.evaluationPeriods);
  const start = end - length * periodMs;
  const band = alarm.threshold.kind === 'band' ? alarm.threshold : undefined;
  const historyMs = band === undefined ? 0 : Math.ceil(anomalyHistoryMs() / periodMs) * periodMs;
  const results = getMetricData(
    store,
    alarm.queries.filter((query) => query.id !== band?.id),
    { start: start - historyMs, end, periodSeconds: alarm.periodSeconds },
  );
  const pointsOf = (id: string): Points => {
    const result = results.find((r) => r.id === id);
    if (result?.error !== undefined) throw new LocalAlarmError(`alarm "${alarm.name}": query "${id}" failed: ${result.error}`);
    const series = result?.series[0];
    return new Map(series === undefined ? [] : series.timestamps.map((t, i) => [t, series.values[i] as number]));
  };
  const values = pointsOf(alarm.valueId);
  const bandSource = band === undefined ? undefined : pointsOf(band.of);

  const range: RangeDatapoint[] = Array.from({ length }, (_, i) => {
    const timestamp = start + i * periodMs;
    const value = values.get(timestamp);
    const bounds = band === undefined || bandSource === undefined ? undefined : anomalyBand(bandSource, timestamp, band.width);
    const threshold = alarm.threshold.kind === 'static' ? alarm.threshold.value : bounds;
    const kind: DatapointClass = value === undefined || threshold === undefined ? 'missing' : breaches(alarm.comparison, value, threshold) ? 'breaching' : 'notBreaching';
    return { timestamp, class: kind, ...(value === undefined ? {} : { value }), ...(bounds === undefined ? {} : { band: { lower: bounds.lower, upper: bounds.upper } }) };
  });

  const decision = decideAlarmState(
    range.map((p) => p.class),
    alarm.evaluationPeriods,
    alarm.datapointsToAlarm,
    alarm.effectiveTreatMissingData,
  );
  if (decision.state === 'retain') {
    const why = alarm.effectiveTreatMissingData === alarm.treatMissingData ? 'TreatMissingData is ignore' : 'alarms on AWS/DynamoDB metrics always ignore missing data';
    return { state: current, reason: `Retained ${current}: too few datapoints to decide and ${why}.`, range };
  }
  return { state: decision.state, reason: describeDecision(alarm, range, decision, decision.state), range };
}
