export {
  ALARM_THRESHOLD_DEFAULTS,
  type AlarmThresholdDefault,
  type AlarmThresholdOverride,
  type AlarmThresholdOverrides,
  DEFAULT_ACCOUNT_CONCURRENCY_LIMIT,
  ThresholdUnit,
  type ThresholdUnitName,
  type TunableAlarmKind,
} from './alarm-thresholds';
export { defineService } from './define-service';
export {
  CHANGE_EVENT,
  type ChangeDetail,
  changeWindowMinutesOf,
  DEFAULT_CHANGE_WINDOW_MINUTES,
  DELIVERY_METRICS,
  DELIVERY_NAMESPACE,
  DELIVERY_TARGET_DEFAULTS,
  type DeliveryMetricName,
  type DeliveryPolicy,
  type DeliveryTargets,
  deliveryTargetsOf,
} from './delivery';
export {
  DEFAULT_DEPLOYMENT_ALIAS,
  DEPLOYMENT_GATE_DEFAULTS,
  DEPLOYMENT_STRATEGIES,
  type DeploymentGate,
  type DeploymentPolicy,
  type DeploymentStrategy,
  type FunctionDeployment,
  type ServiceDeployment,
  shiftingMinutes,
} from './deployment';
export { type CatalogIssue, CatalogValidationError } from './errors';
export { CatalogRules } from './rules';
export * from './types';
export { validateService } from './validate-service';
