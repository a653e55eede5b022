import { lambdaVersionMetric, mathExpression, metricStat } from '../../src/cloudwatch';
import { AlarmKind, type DeployedFunction, type MetricAlarmSpec } from '../types';
import type { GateSignal } from './naming';

/** The gate's numbers, defaults applied (see `DeploymentGate`). */
export interface GateSettings {
  readonly errorRatePercent: number;
  readonly minInvocations: number;
  readonly windowMinutes: number;
}

/** One gate alarm before rendering: which signal, and its spec. */
export interface GateAlarmSpec {
  readonly signal: GateSignal;
  readonly spec: MetricAlarmSpec;
}

/**
 * The two alarms that gate a deployment of `fn`, on the new version only (`Resource=<fn>:<alias>`,
 * `ExecutedVersion=<version>`: Lambda publishes those while the alias splits traffic):
 *
 * - its error rate over the last window at or above `errorRatePercent`;
 * - its p99 duration over the last window at or above `latencyMs` (the SLO's p99 target, or 80% of
 *   the timeout for a function no SLO counts).
 *
 * Both read 0 until the window holds `minInvocations` invocations of the new version: one failure
 * among its first two requests is no verdict. They page nobody: CodeDeploy reads them.
 *
 * @param version - the version as the template will resolve it (`${CreateOrderLambdaVersionAb12.Version}`)
 */
export function createGateAlarms(fn: DeployedFunction, alias: string, version: string, gate: GateSettings, latencyMs: number): GateAlarmSpec[] {
  const period = gate.windowMinutes * 60;
  const metric = (name: string) => lambdaVersionMetric(fn.functionName, alias, version, name);
  const invocations = metricStat('invocations', metric('Invocations'), 'Sum', period);
  const floor = `invocations >= ${gate.minInvocations}`;
  const window = `${gate.windowMinutes} minute${gate.windowMinutes === 1 ? '' : 's'}`;
  const common = {
    kind: AlarmKind.DeployGate,
    tier: 'info',
    comparison: 'GreaterThanOrEqualToThreshold',
    evaluationPeriods: 1,
    datapointsToAlarm: 1,
    treatMissingData: 'notBreaching',
    logGroups: [`/aws/lambda/${fn.functionName}`],
  } as const;
  return [
    {
      signal: 'errors',
      spec: {
        ...common,
        signal: `${fn.name}-deploy-errors`,
        meaning: `The new version of ${fn.name} failed ${gate.errorRatePercent}% or more of its invocations over the last ${window} (at least ${gate.minInvocations} of them): CodeDeploy rolls the deployment back.`,
        action: 'Nothing to undo: traffic is back on the previous version. Read the new version’s errors before deploying again.',
        metrics: [metricStat('errors', metric('Errors'), 'Sum', period), invocations, mathExpression('rate', `IF(${floor}, 100 * FILL(errors, 0) / invocations, 0)`, 'new version error rate (%)')],
        threshold: gate.errorRatePercent,
      },
    },
    {
      signal: 'p99',
      spec: {
        ...common,
        signal: `${fn.name}-deploy-p99`,
        meaning: `The new version of ${fn.name} took ${latencyMs} ms or more at p99 over the last ${window} (at least ${gate.minInvocations} invocations): CodeDeploy rolls the deployment back.`,
        action: 'Nothing to undo: traffic is back on the previous version. Find what made it slower (a new call, a bigger bundle) before deploying again.',
        metrics: [metricStat('p99', metric('Duration'), 'p99', period), invocations, mathExpression('slow', `IF(${floor}, p99, 0)`, 'new version p99 duration (ms)')],
        threshold: latencyMs,
      },
    },
  ];
}
