import type { CfnValue } from '../../../../alarms/types';
import type { ActionsByState, AlarmState, ComparisonOperator, MetricQuery, TreatMissingData } from '../../../../src/cloudwatch';
import type { AlarmRuleExpression } from './composite-rule';

export type { AlarmState, CfnValue, ComparisonOperator, TreatMissingData };

/** How an alarm's actions are set, as CloudFormation values (`{ Ref: Topic }` or ARNs), kept as given. */
export interface AlarmActionSettings {
  /** `ActionsEnabled`. @default true */
  readonly enabled: boolean;
  /** The actions run on a change to each state: `AlarmActions`, `OKActions`, `InsufficientDataActions` (`[]` when not given). */
  readonly perState: Required<ActionsByState<CfnValue>>;
  /** The `TopicName` of each SNS topic of the template an action names with `{ Ref }`, by logical id: its ARN for a notification. */
  readonly topicNames: Readonly<Record<string, string>>;
}

interface AlarmDefinitionBase {
  /** `AlarmName` (the logical id when the template leaves the name to CloudFormation). */
  readonly name: string;
  readonly logicalId: string;
  /** `AlarmDescription` as given: a string or an `Fn::Sub`. */
  readonly description?: CfnValue;
  readonly actions: AlarmActionSettings;
}

/** One query of a metric alarm, ready for `getMetricData`, with its `ReturnData`. */
export type AlarmQuery = MetricQuery & { readonly returnData: boolean };

/** What a metric alarm compares its datapoints with. */
export type AlarmThreshold =
  | { readonly kind: 'static'; readonly value: number }
  | {
      readonly kind: 'band';
      /** The id of the `ANOMALY_DETECTION_BAND` query (`ThresholdMetricId`). */
      readonly id: string;
      /** The id of the query the band is computed from (its first argument). */
      readonly of: string;
      /** Its second argument: the band's width in standard deviations. @default 2 */
      readonly width: number;
    };

/** An `AWS::CloudWatch::Alarm`, read and checked by `readAlarms`. */
export interface MetricAlarmDefinition extends AlarmDefinitionBase {
  readonly kind: 'metric';
  /** `metric`: the single-metric form (`Namespace`, `MetricName`, `Statistic`...); `math`: a `Metrics` array. */
  readonly form: 'metric' | 'math';
  /** The queries, in the template's order; the single-metric form becomes one query with id `m1`. */
  readonly queries: readonly AlarmQuery[];
  /** The id of the query whose datapoints are compared. */
  readonly valueId: string;
  readonly threshold: AlarmThreshold;
  readonly comparison: ComparisonOperator;
  readonly periodSeconds: number;
  readonly evaluationPeriods: number;
  /** `DatapointsToAlarm`, `EvaluationPeriods` when not given. */
  readonly datapointsToAlarm: number;
  /** As configured. @default 'missing' */
  readonly treatMissingData: TreatMissingData;
  /**
   * What the evaluation applies: `ignore` for any alarm reading an `AWS/DynamoDB` metric (CloudWatch
   * always ignores missing data there, whatever is configured), else {@link treatMissingData}.
   */
  readonly effectiveTreatMissingData: TreatMissingData;
}

/** An `AWS::CloudWatch::CompositeAlarm`, read and checked by `readAlarms`. */
export interface CompositeAlarmDefinition extends AlarmDefinitionBase {
  readonly kind: 'composite';
  /** `AlarmRule` as written. */
  readonly rule: string;
  readonly expression: AlarmRuleExpression;
  /** The alarms the rule names, each once. */
  readonly children: readonly string[];
  /** `ActionsSuppressor` with its wait and extension periods. */
  readonly suppressor?: { readonly alarmName: string; readonly waitSeconds: number; readonly extensionSeconds: number };
}

/** An alarm of either kind. */
export type AlarmDefinition = MetricAlarmDefinition | CompositeAlarmDefinition;

/** Why a composite alarm's actions are held, in CloudWatch's words (`ActionsSuppressedBy`). */
export type ActionsSuppressedBy = 'Alarm' | 'WaitPeriod' | 'ExtensionPeriod';

/** A child alarm whose state change moved a composite (its `TriggeringChildren`). */
export interface TriggeringChild {
  readonly name: string;
  readonly state: AlarmState;
  /** When it entered that state (epoch ms); absent while it is still in its initial state. */
  readonly at?: number;
}

/**
 * Something that happened to an alarm at one evaluation: a state change (`transition`) or, for a
 * composite whose actions were held by its `ActionsSuppressor`, the moment they are let go
 * (`actionsReleased`). The rule for a caller: run the `actions` of every entry whose `suppressed`
 * is false.
 */
export interface AlarmStateChange {
  readonly event: 'transition' | 'actionsReleased';
  readonly alarmName: string;
  readonly kind: 'metric' | 'composite';
  /** For a release: the state last notified. */
  readonly from: AlarmState;
  /** For a release: the state now notified (the composite's current state). */
  readonly to: AlarmState;
  /** Epoch ms: the evaluation at which it happened. */
  readonly at: number;
  /** For a release: when the composite entered `to`. */
  readonly stateChangedAt?: number;
  /** CloudWatch's `StateReason`. */
  readonly reason: string;
  /**
   * The actions for `to` (`AlarmActions`, `OKActions` or `InsufficientDataActions`) as given in the
   * template; `[]` when `ActionsEnabled` is false.
   */
  readonly actions: readonly CfnValue[];
  /** True when the actions are not to be run now: held or suppressed by the `ActionsSuppressor`. */
  readonly suppressed: boolean;
  /** Why they are held, when `suppressed`. */
  readonly suppressedBy?: ActionsSuppressedBy;
  /**
   * When a held notification is due (end of the wait or extension period): if the composite's state
   * then differs from the last one notified, an `actionsReleased` entry follows at the first
   * evaluation at or after this time. Absent while the suppressor is in ALARM (no end known yet).
   */
  readonly pendingUntil?: number;
  /** For a composite: the children that moved it (or all it names, when none changed). */
  readonly triggeringChildren?: readonly TriggeringChild[];
}

/** The current state of one alarm. */
export interface AlarmStatus {
  readonly name: string;
  readonly kind: 'metric' | 'composite';
  readonly state: AlarmState;
  /** When it entered this state (epoch ms); absent while in its initial state. */
  readonly since?: number;
  readonly reason: string;
  /** For a composite whose actions are being held now. */
  readonly actionsSuppressedBy?: ActionsSuppressedBy;
  readonly pendingUntil?: number;
}
