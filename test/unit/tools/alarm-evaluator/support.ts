import { type MetricAlarmDefinition, readAlarms } from '../../../../tools/emulators/cloudwatch/alarm-evaluator';
import type { MetricId, MetricStore } from '../../../../tools/emulators/cloudwatch/metric-store';

export const MINUTE = 60_000;
/** A Monday, on the hour: a multiple of every period the tests use up to one hour. */
export const T0 = Date.parse('2026-11-23T10:00:00Z');

/** A time `minute` minutes after T0, 10 s into that minute (when CloudWatch would evaluate). */
export const at = (minute: number, seconds = 10): number => T0 + minute * MINUTE + seconds * 1000;

export const ERRORS: MetricId = { namespace: 'Periscope/Test', metricName: 'Errors', dimensions: { service: 'orders' } };
export const REQUESTS: MetricId = { namespace: 'Periscope/Test', metricName: 'Requests', dimensions: { service: 'orders' } };
export const DEPLOYING: MetricId = { namespace: 'Periscope/Deployments', metricName: 'DeployInProgress', dimensions: { Service: 'orders' } };

/** Records `values` in minute `minute` (one datapoint each, a millisecond apart). */
export function record(store: MetricStore, metric: MetricId, minute: number, ...values: number[]): void {
  store.add(...values.map((value, i) => ({ ...metric, timestamp: T0 + minute * MINUTE + i, value, unit: 'Count' })));
}

/** One value per minute from `fromMinute`; `undefined` leaves a minute without datapoints. */
export function recordSeries(store: MetricStore, metric: MetricId, fromMinute: number, values: readonly (number | undefined)[]): void {
  values.forEach((value, i) => {
    if (value !== undefined) record(store, metric, fromMinute + i, value);
  });
}

/** `Dimensions` as CloudFormation writes them. */
export const dimensionsOf = (metric: MetricId): { Name: string; Value: string }[] => Object.entries(metric.dimensions).map(([Name, Value]) => ({ Name, Value }));

/** An `AWS::CloudWatch::Alarm` on ERRORS (Sum per minute ≥ 5, 3 of 3), with `properties` over it. */
export function alarmResource(properties: Record<string, unknown> = {}): { Type: string; Properties: Record<string, unknown> } {
  return {
    Type: 'AWS::CloudWatch::Alarm',
    Properties: {
      AlarmName: 'errors-high',
      Namespace: ERRORS.namespace,
      MetricName: ERRORS.metricName,
      Dimensions: dimensionsOf(ERRORS),
      Statistic: 'Sum',
      Period: 60,
      EvaluationPeriods: 3,
      Threshold: 5,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      ...properties,
    },
  };
}

/** An `AWS::CloudWatch::CompositeAlarm`. */
export const compositeResource = (properties: Record<string, unknown>): { Type: string; Properties: Record<string, unknown> } => ({ Type: 'AWS::CloudWatch::CompositeAlarm', Properties: properties });

/** The definition of one metric alarm, read as the evaluator reads it. */
export function metricAlarm(properties: Record<string, unknown> = {}): MetricAlarmDefinition {
  const [alarm] = readAlarms({ Alarm: alarmResource(properties) });
  if (alarm?.kind !== 'metric') throw new Error('expected one metric alarm');
  return alarm;
}
