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
