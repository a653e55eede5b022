/**
 * Periscope's alarm generator: catalog + deployed resources → CloudFormation alarms, composites and routing.
 * @packageDocumentation
 */

// CloudWatch's vocabulary (src/cloudwatch), which the alarms are written in: to name a metric, a query, a setting.
export {
  type ActionsByState,
  type AlarmNotificationMessage,
  type AlarmState,
  AwsNamespace,
  apiMetric,
  type ComparisonOperator,
  type CompositeAlarmMessage,
  type Dimension,
  dynamoDbIndexMetric,
  dynamoDbMetric,
  lambdaAccountMetric,
  lambdaMetric,
  type MetricAlarmMessage,
  type MetricDataQuery,
  type MetricId,
  mathExpression,
  metricStat,
  type Statistic,
  sqsMetric,
  type TreatMissingData,
} from '../src/cloudwatch';
export { SUPPRESSION } from './composites';
export { estimateMonthlyCost, type MonthlyCost, PRICES_USD } from './cost';
export { AlarmGenerationError } from './errors';
export { BURN_RATE_ALERTS, burnFactor, errorBudget } from './factories/burn-rate';
export { DEPLOY_MARKER } from './factories/meta';
export { generateAlarms } from './generate';
export { dashboardName, deadLetterQueueName, kebab, type Naming, naming } from './naming';
export { NOTIFIER_RETRY_ATTEMPTS, ROUTED_TIERS } from './routing';
export { generateRunbooks } from './runbooks';
export { stageNotifications } from './stage-notifications';
export { type AlarmEvaluation, type ResolvedThresholds, resolveThresholds, Thresholds } from './thresholds';
export * from './types';
