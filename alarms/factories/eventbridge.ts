import { metricStat } from '../../src/cloudwatch';
import { nameText } from '../deployed-name';
import { evaluationOf, type ResolvedThresholds, windowText } from '../thresholds';
import { ruleMetric } from '../trigger-metrics';
import { AlarmKind, type DeployedFunction, type DeployedName, type DeployedRuleTrigger, type MetricAlarmSpec } from '../types';

/** What the alarm of one rule that targets a function needs. */
export interface RuleAlarmInput {
  readonly fn: DeployedFunction;
  /** The rule; one without a name (an EventBridge Scheduler schedule) has no alarm of its own. */
  readonly rule: DeployedRuleTrigger & { readonly ruleName: DeployedName };
  /** The start of the signal: `nightly-export-schedule` (`nightly-export-schedule-failed-invocations`), `…-schedule-2` for a second one. */
  readonly signal: string;
  readonly thresholds: ResolvedThresholds;
}

/**
 * An EventBridge rule or schedule that targets a function: the events it could not deliver after
 * all its retries (`FailedInvocations`, `AWS/Events`, by `RuleName`, and `EventBusName` on a custom
 * bus), which the function never got. A warning: what the lost events were for decides how much it
 * hurts, and the function's own alarms page when it fails. EventBridge publishes the metric only
 * when it is not zero, so missing data is health.
 */
export function createRuleAlarm({ fn, rule, signal, thresholds }: RuleAlarmInput): MetricAlarmSpec {
  const failed = thresholds[AlarmKind.EventBridgeFailedInvocations];
  const what = rule.kind === 'schedule' ? 'schedule' : 'EventBridge rule';
  return {
    kind: AlarmKind.EventBridgeFailedInvocations,
    signal: `${signal}-failed-invocations`,
    tier: 'warning',
    meaning: `The ${what} ${nameText(rule.ruleName)} could not deliver events to ${fn.name} after all its retries (${failed.threshold} or more a minute, ${windowText(failed)}): the function never got them.`,
    action: `Check that ${fn.name} exists and that its resource policy lets events.amazonaws.com invoke it from the rule; a target dead letter queue, if the rule has one, holds the events.`,
    metrics: [metricStat('failed', ruleMetric(rule, 'FailedInvocations'), 'Sum', failed.periodSeconds, true)],
    comparison: 'GreaterThanOrEqualToThreshold',
    ...evaluationOf(failed),
    treatMissingData: 'notBreaching',
    logGroups: [`/aws/lambda/${fn.functionName}`],
  };
}
