import type { AlarmState } from './alarm-states';
import type { ComparisonOperator } from './comparison';
import type { MetricDataQuery } from './metric-data-query';
import type { MetricId } from './metric-id';
import type { TreatMissingData } from './treat-missing-data';

// The JSON CloudWatch publishes to SNS when an alarm changes state. Type aliases rather than
// interfaces, so a message is also a `Record<string, unknown>`. Readers of a real message must still
// check every field: older messages leave some out or spell them otherwise.

/** A dimension as an alarm notification writes it: `{ value, name }`, in that order. */
export type MessageDimension = { readonly value: string; readonly name: string };

/** What every alarm state-change notification carries, metric or composite. */
export type AlarmMessageBase = {
  readonly AlarmName: string;
  readonly AlarmDescription: string | null;
  readonly AWSAccountId: string;
  /** `2026-11-22T09:59:06.512+0000` */
  readonly AlarmConfigurationUpdatedTimestamp: string;
  readonly NewStateValue: AlarmState;
  readonly NewStateReason: string;
  /** `2026-11-22T09:59:06.512+0000` */
  readonly StateChangeTime: string;
  /** The region's long name (`US East (N. Virginia)`). */
  readonly Region: string;
  readonly AlarmArn: string;
  readonly OldStateValue: AlarmState;
  readonly OKActions: readonly string[];
  readonly AlarmActions: readonly string[];
  readonly InsufficientDataActions: readonly string[];
};

/** How a metric alarm evaluates, as its notification's `Trigger` says, whatever it watches. */
export type TriggerEvaluation = {
  /** Seconds; absent from some metric math triggers (each query has its own). */
  readonly Period?: number;
  readonly EvaluationPeriods: number;
  readonly DatapointsToAlarm?: number;
  readonly ComparisonOperator: ComparisonOperator;
  /** Absent for an anomaly detection alarm, which has {@link TriggerEvaluation.ThresholdMetricId}. */
  readonly Threshold?: number;
  /** The id of the anomaly band query. */
  readonly ThresholdMetricId?: string;
  /** Older messages write `- TreatMissingData: NonBreaching`. */
  readonly TreatMissingData: TreatMissingData;
  readonly EvaluateLowSampleCountPercentile: string;
};

/** The `Trigger` of a single-metric alarm: the metric and its statistic. */
export type SingleMetricTrigger = TriggerEvaluation & {
  readonly MetricName: string;
  readonly Namespace: string;
  readonly StatisticType: 'Statistic' | 'ExtendedStatistic';
  /** A simple statistic in capitals (`SUM`), for `StatisticType: 'Statistic'`. */
  readonly Statistic?: string;
  /** A percentile (`p99`), for `StatisticType: 'ExtendedStatistic'`. */
  readonly ExtendedStatistic?: string;
  readonly Unit: string | null;
  readonly Dimensions: readonly MessageDimension[];
};

/** The `Trigger` of a metric math or anomaly detection alarm: its queries. */
export type MetricMathTrigger = TriggerEvaluation & {
  readonly Metrics: readonly MetricDataQuery<MessageDimension>[];
};

/** What a metric alarm watches and when it fires. */
export type AlarmMessageTrigger = SingleMetricTrigger | MetricMathTrigger;

/** A metric alarm's notification (single metric, metric math or anomaly detection). */
export type MetricAlarmMessage = AlarmMessageBase & {
  readonly Trigger: AlarmMessageTrigger;
};

/** A child alarm of a composite, as its notification names it. */
export type TriggeringChildMessage = {
  readonly Arn: string;
  readonly State: { readonly Value: AlarmState; readonly Timestamp?: string };
};

/** A composite alarm's notification: its rule and the children that moved it. */
export type CompositeAlarmMessage = AlarmMessageBase & {
  readonly AlarmRule: string;
  readonly TriggeringChildren: readonly TriggeringChildMessage[];
};

/**
 * The JSON CloudWatch publishes to an SNS topic when an alarm changes state: what the local alarm
 * evaluator writes and the Slack notifier reads.
 */
export type AlarmNotificationMessage = MetricAlarmMessage | CompositeAlarmMessage;

/**
 * A metric's dimensions as an alarm notification lists them.
 * @example
 * ```ts
 * messageDimensions({ FunctionName: 'orders-dev-createOrder' }); // [{ value: 'orders-dev-createOrder', name: 'FunctionName' }]
 * ```
 */
export const messageDimensions = (dimensions: MetricId['dimensions']): MessageDimension[] => Object.entries(dimensions).map(([name, value]) => ({ value, name }));
