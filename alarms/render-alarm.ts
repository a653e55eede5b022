import { type ActionsByState, actionsProperties, countActions } from '../src/cloudwatch';
import { cfnMetrics } from './deployed-name';
import { type DescriptionContext, describeAlarm } from './describe-alarm';
import type { Naming } from './naming';
import type { CfnResource, CfnValue, MetricAlarmSpec } from './types';

/** A metric alarm spec as an `AWS::CloudWatch::Alarm`; only tier composites and the alert-delivery alarm have `actions`. */
export function renderMetricAlarm(spec: MetricAlarmSpec, names: Naming, context: DescriptionContext, actions: ActionsByState<CfnValue> = {}): CfnResource {
  return {
    Type: 'AWS::CloudWatch::Alarm',
    Properties: {
      AlarmName: names.alarm(spec.signal, spec.tier),
      AlarmDescription: describeAlarm(spec, context),
      Metrics: cfnMetrics(spec.metrics),
      ComparisonOperator: spec.comparison,
      ...(spec.threshold === undefined ? {} : { Threshold: spec.threshold }),
      ...(spec.thresholdMetricId === undefined ? {} : { ThresholdMetricId: spec.thresholdMetricId }),
      EvaluationPeriods: spec.evaluationPeriods,
      DatapointsToAlarm: spec.datapointsToAlarm,
      TreatMissingData: spec.treatMissingData,
      ActionsEnabled: countActions(actions) > 0,
      ...actionsProperties(actions),
    },
  };
}

/** CloudWatch's limit on a composite alarm's rule. */
export const MAX_ALARM_RULE = 10_240;

/** `ALARM("a") OR ALARM("b")` */
export const anyInAlarm = (names: readonly string[]): string => names.map((name) => `ALARM("${name}")`).join(' OR ');
