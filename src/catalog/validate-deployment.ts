import { DEPLOYMENT_STRATEGIES } from './deployment';
import { describe, type IssueCollector, isRecord } from './issue-collector';
import { CatalogRules as R } from './rules';

const STRATEGIES = Object.keys(DEPLOYMENT_STRATEGIES);
const POLICY_KEYS = ['strategy', 'stages'];
const SERVICE_KEYS = [...POLICY_KEYS, 'alias', 'gate'];
const FUNCTION_KEYS = [...POLICY_KEYS, 'smokeTest'];
const GATE_KEYS = ['errorRatePercent', 'minInvocations', 'windowMinutes', 'onCritical'];
/** Lambda alias names: letters, digits, `-` and `_`, not all digits (those are versions). */
const ALIAS_PATTERN = /^(?!\d+$)[A-Za-z0-9_-]{1,128}$/;

function checkStrategy(issues: IssueCollector, at: string, strategy: unknown): void {
  if (typeof strategy !== 'string' || !STRATEGIES.includes(strategy)) issues.add(at, `${describe(strategy)} is not a deployment strategy (${STRATEGIES.join(', ')})`);
}

function checkKeys(issues: IssueCollector, at: string, value: Readonly<Record<string, unknown>>, keys: readonly string[]): void {
  for (const key of Object.keys(value)) if (!keys.includes(key)) issues.add(`${at}.${key}`, `unknown key (${keys.join(', ')})`);
}

function checkPolicy(issues: IssueCollector, at: string, policy: Readonly<Record<string, unknown>>): void {
  if (policy.strategy !== undefined) checkStrategy(issues, `${at}.strategy`, policy.strategy);
  if (policy.stages === undefined) return;
  if (!isRecord(policy.stages)) {
    issues.add(`${at}.stages`, `${describe(policy.stages)} must map stage names to strategies`);
    return;
  }
  for (const [stage, strategy] of Object.entries(policy.stages)) {
    issues.pattern(`${at}.stages.${stage}`, stage, R.stagePattern, 'a stage name (letters, digits and dashes, as serverless takes it)');
    checkStrategy(issues, `${at}.stages.${stage}`, strategy);
  }
}

function checkGate(issues: IssueCollector, at: string, gate: unknown): void {
  if (!isRecord(gate)) {
    issues.add(at, `${describe(gate)} must be { errorRatePercent?, minInvocations?, windowMinutes?, onCritical? }`);
    return;
  }
  checkKeys(issues, at, gate, GATE_KEYS);
  if (gate.errorRatePercent !== undefined) issues.range(`${at}.errorRatePercent`, gate.errorRatePercent, (n) => n > 0 && n <= 100, 'a percentage above 0, at most 100');
  if (gate.minInvocations !== undefined) issues.range(`${at}.minInvocations`, gate.minInvocations, (n) => Number.isInteger(n) && n >= 1, 'a whole number of invocations, at least 1');
  // CloudWatch alarm periods are whole minutes here; an hour is longer than any canary interval.
  if (gate.windowMinutes !== undefined) issues.range(`${at}.windowMinutes`, gate.windowMinutes, (n) => Number.isInteger(n) && n >= 1 && n <= 60, 'whole minutes from 1 to 60');
  if (gate.onCritical !== undefined && typeof gate.onCritical !== 'boolean') issues.add(`${at}.onCritical`, `${describe(gate.onCritical)} must be true or false`);
}

/**
 * Checks the service's `deployment` policy: strategies by CodeDeploy's names, per-stage strategies
 * under stage names, the alias as Lambda takes it, the gate's numbers.
 * @param issues - where problems go
 * @param deployment - the catalog's `deployment` as written
 */
export function checkServiceDeployment(issues: IssueCollector, deployment: unknown): void {
  if (deployment === undefined) return;
  if (!isRecord(deployment)) {
    issues.add('deployment', `${describe(deployment)} must be { strategy?, stages?, alias?, gate? }`);
    return;
  }
  checkKeys(issues, 'deployment', deployment, SERVICE_KEYS);
  checkPolicy(issues, 'deployment', deployment);
  if (deployment.alias !== undefined) issues.pattern('deployment.alias', deployment.alias, ALIAS_PATTERN, 'a Lambda alias name (letters, digits, - and _, not only digits)');
  if (deployment.gate !== undefined) checkGate(issues, 'deployment.gate', deployment.gate);
}

/**
 * Checks one function's `deployment`: its strategy or per-stage strategies, and `smokeTest`.
 * @param issues - where problems go
 * @param at - the function's path (`functions[0] (createOrder)`)
 * @param deployment - its `deployment` as written
 */
export function checkFunctionDeployment(issues: IssueCollector, at: string, deployment: unknown): void {
  if (deployment === undefined) return;
  const path = `${at}.deployment`;
  if (!isRecord(deployment)) {
    issues.add(path, `${describe(deployment)} must be { strategy?, stages?, smokeTest? }`);
    return;
  }
  checkKeys(issues, path, deployment, FUNCTION_KEYS);
  checkPolicy(issues, path, deployment);
  if (deployment.smokeTest !== undefined && typeof deployment.smokeTest !== 'boolean') issues.add(`${path}.smokeTest`, `${describe(deployment.smokeTest)} must be true or false`);
}
