/**
 * One vocabulary for CloudWatch, shared by the alarm and dashboard generators, the Slack notifier
 * and the local evaluator: metric identity, queries, statistics, `TreatMissingData`, comparison
 * operators, alarm states and actions, and the alarm state-change message. Types, constants and
 * small pure functions only.
 * @packageDocumentation
 */
export { ACTIONS_PROPERTY, type ActionsByState, type ActionsProperty, actionsProperties, countActions } from './alarm-actions';
export {
  type AlarmMessageBase,
  type AlarmMessageTrigger,
  type AlarmNotificationMessage,
  type CompositeAlarmMessage,
  type MessageDimension,
  type MetricAlarmMessage,
  type MetricMathTrigger,
  messageDimensions,
  type SingleMetricTrigger,
  type TriggerEvaluation,
  type TriggeringChildMessage,
} from './alarm-message';
export { ALARM_STATES, type AlarmState, isAlarmState } from './alarm-states';
export { BatchMetric, type BatchMetricName } from './batch-metrics';
export { COMPARISON_OPERATOR_NAMES, COMPARISON_OPERATORS, type ComparisonOperator, type ComparisonOperatorInfo, isComparisonOperator } from './comparison';
export { type Dimension, type ExpressionQuery, type MetricDataQuery, type MetricQuery, type MetricStatQuery, mathExpression, metricStat } from './metric-data-query';
export { AwsNamespace, apiMetric, dynamoDbIndexMetric, dynamoDbMetric, lambdaAccountMetric, lambdaMetric, lambdaVersionMetric, type MetricId, sqsMetric } from './metric-id';
export { canonicalStatistic, isStatistic, type ParsedStatistic, type Percentile, parseStatistic, SIMPLE_STATISTICS, type SimpleStatistic, STATISTIC_PATTERN, type Statistic } from './statistics';
export { isTreatMissingData, TREAT_MISSING_DATA, type TreatMissingData } from './treat-missing-data';
