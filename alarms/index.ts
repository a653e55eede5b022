/**
 * Periscope's alarm generator: catalog + deployed resources → CloudFormation alarms, composites and routing.
 * @packageDocumentation
 */
export { generateAlarms } from './generate';
export { AlarmGenerationError } from './errors';
export { BURN_RATE_ALERTS, burnFactor, errorBudget } from './factories/burn-rate';
export { DEPLOY_MARKER } from './factories/meta';
export { dashboardName, deadLetterQueueName, kebab, naming, type Naming } from './naming';
export { NOTIFIER_RETRY_ATTEMPTS, ROUTED_TIERS } from './routing';
export { SUPPRESSION } from './composites';
export { Thresholds } from './thresholds';
export * from './types';
export { estimateMonthlyCost, type MonthlyCost, PRICES_USD } from './cost';
export { generateRunbooks } from './runbooks';
