import { type DescriptionContext, describeAlarm } from './describe-alarm';
import type { Naming } from './naming';
import type { CfnResource, CfnValue, MetricAlarmSpec } from './types';

/** Actions of an alarm; only tier composites and the alert-delivery alarm have any. */
export interface AlarmActions {
  readonly alarm?: readonly CfnValue[];
  readonly ok?: readonly CfnValue[];
}

/** A metric alarm spec as an `AWS::CloudWatch::Alarm`. */
export function renderMetricAlarm(spec: MetricAlarmSpec, names: Naming, context: DescriptionContext, actions: AlarmActions = {}): CfnResource {
  const hasActions = (actions.alarm?.length ?? 0) + (actions.ok?.length ?? 0) > 0;
  return {
    Type: 'AWS::CloudWatch::Alarm',
    Properties: {
      AlarmName: names.alarm(spec.signal, spec.tier),
      AlarmDescription: describeAlarm(spec, context),
      Metrics: spec.metrics as unknown as CfnValue,
      ComparisonOperator: spec.comparison,
      ...(spec.threshold === undefined ? {} : { Threshold: spec.threshold }),
      ...(spec.thresholdMetricId === undefined ? {} : { ThresholdMetricId: spec.thresholdMetricId }),
      EvaluationPeriods: spec.evaluationPeriods,
      DatapointsToAlarm: spec.datapointsToAlarm,
      TreatMissingData: spec.treatMissingData,
      ActionsEnabled: hasActions,
      ...(actions.alarm ? { AlarmActions: actions.alarm } : {}),
      ...(actions.ok ? { OKActions: actions.ok } : {}),
    },
  };
}

/** CloudWatch's limit on a composite alarm's rule. */
export const MAX_ALARM_RULE = 10_240;

/** `ALARM("a") OR ALARM("b")` */
export const anyInAlarm = (names: readonly string[]): string => names.map((name) => `ALARM("${name}")`).join(' OR ');
