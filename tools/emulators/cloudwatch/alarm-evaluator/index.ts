/**
 * CloudWatch alarms, locally: the template's metric and composite alarms evaluated against the local
 * metric store with CloudWatch's semantics (aligned periods, M out of N, missing data as the docs'
 * table says, metric math, an approximated anomaly band, composite rules, actions suppressors), and
 * the SNS message CloudWatch would publish for each change — for fire drills without an AWS account.
 * @example
 * ```ts
 * const evaluator = new AlarmEvaluator(generateAlarms(catalog, ordersServiceResources('dev')).resources);
 * const changes = evaluator.evaluate(store, Date.now());
 * ```
 * @packageDocumentation
 */

export type { AlarmNotificationMessage, CompositeAlarmMessage, MetricAlarmMessage } from '../../../../src/cloudwatch';
export { AlarmEvaluator, type AlarmEvaluatorOptions } from './alarm-evaluator';
export { type AlarmMessageOptions, alarmNotificationMessage, cloudWatchTime } from './alarm-message';
export { describeComposite, describeDecision, formatLongTime, formatReasonTime, formatValue, type RangeDatapoint } from './alarm-reason';
export { ANOMALY_BAND_MODEL, type AnomalyBand, type AnomalyBandModel, anomalyBand, anomalyHistoryMs } from './anomaly-band';
export { resolveSub, type SubContext } from './cfn-sub';
export { type AlarmRuleExpression, alarmNameOf, alarmsNamedIn, evaluateAlarmRule, parseAlarmRule } from './composite-rule';
export { AlarmEvaluationError, AlarmMessageError, AlarmRuleSyntaxError, InvalidAlarmError, LocalAlarmError, UnsupportedAlarmError } from './errors';
export { evaluateMetricAlarm, type MetricAlarmEvaluation } from './evaluate-metric-alarm';
export { type AlarmDecision, type DatapointClass, decideAlarmState, EXTRA_EVALUATION_PERIODS, evaluationRangeLength } from './missing-data';
export { type CfnResources, readAlarms } from './read-alarms';
export { partitionOf, REGION_NAMES, regionName } from './regions';
export { ActionSuppression, type Release, type SuppressorView, type TransitionVerdict } from './suppression';
export * from './types';
