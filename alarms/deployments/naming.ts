import { kebab } from '../naming';

/** Which gate alarm: the new version's error rate, or its p99 duration. */
export type GateSignal = 'errors' | 'p99';

/**
 * CodeDeploy's names for one service and stage, by rule, so the notifier and the drills can find
 * them from the prefix alone.
 */
export const deploymentNaming = (prefix: string) => ({
  /** The service's CodeDeploy application: `<service>-<stage>`. */
  application: prefix,
  /** A function's deployment group: `<service>-<stage>-<function>` (`orders-prod-create-order`). */
  group: (functionName: string): string => `${prefix}-${kebab(functionName)}`,
  /** What every gate alarm of a function's versions starts with: `orders-prod-create-order-deploy-`. */
  gatePrefix: (functionName: string): string => `${prefix}-${kebab(functionName)}-deploy-`,
  /**
   * A gate alarm of one version: `orders-prod-create-order-deploy-errors-gate-v7`. The version is in
   * the name, so each deployment gets fresh alarms: a stale ALARM of the last one can neither block
   * nor roll back the next.
   */
  gate: (functionName: string, signal: GateSignal, version: string): string => `${prefix}-${kebab(functionName)}-deploy-${signal}-gate-v${version}`,
});
