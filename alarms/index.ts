/**
 * Periscope's alarm generator: catalog + deployed resources → CloudFormation alarms, composites and routing.
 * @packageDocumentation
 */

export { DELIVERY_CONFIG_VARIABLE, type DeliveryConfig } from '../handlers/delivery/delivery-config';
// The catalog's deployment vocabulary: CodeDeploy's strategies and the gate's settings.
export {
  DEPLOYMENT_GATE_DEFAULTS,
  DEPLOYMENT_STRATEGIES,
  type DeploymentGate,
  type DeploymentPolicy,
  type DeploymentStrategy,
  type FunctionDeployment,
  type ServiceDeployment,
  shiftingMinutes,
} from '../src/catalog';
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
  lambdaVersionMetric,
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
export { deliveryTableName, type GeneratedDelivery, generateDelivery } from './delivery/generate-delivery';
export { type DeployEventConfig, type DeployMarkerConfig, deployMarkerConfig } from './deploy-events';
export {
  type DeploymentGroupSummary,
  type DeploymentResources,
  type GeneratedDeployments,
  generateDeployments,
  MAX_DEPLOYMENT_GROUP_ALARMS,
  type TemplateFunction,
} from './deployments/generate-deployments';
export { type PreTrafficHookFunction, SMOKE_TESTS_VARIABLE } from './deployments/hook-wiring';
export { deploymentNaming, type GateSignal } from './deployments/naming';
export { deployMarkerWindowMinutes, type ShiftedFunction, shiftedFunctions, strategyOf } from './deployments/strategy';
export { AlarmGenerationError } from './errors';
export { BURN_RATE_ALERTS, burnFactor, errorBudget } from './factories/burn-rate';
export { DEPLOY_MARKER } from './factories/meta';
export { generateAlarms } from './generate';
export { dashboardName, deadLetterQueueName, kebab, type Naming, naming } from './naming';
export { NOTIFIER_RETRY_ATTEMPTS, ROUTED_TIERS } from './routing';
export { generateRunbooks } from './runbooks';
export { stageNotifications } from './stage-notifications';
export { type AlarmEvaluation, type ResolvedThresholds, resolveThresholds, Thresholds } from './thresholds';
export { triggersOf, withTriggers } from './triggers';
export * from './types';
