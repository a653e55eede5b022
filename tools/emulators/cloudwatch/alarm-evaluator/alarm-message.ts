import type {
  AlarmMessageBase,
  AlarmMessageTrigger,
  AlarmNotificationMessage,
  CompositeAlarmMessage,
  MessageDimension,
  MetricAlarmMessage,
  MetricDataQuery,
  TriggerEvaluation,
} from '../../../../src/cloudwatch';
import { messageDimensions, parseStatistic } from '../../../../src/cloudwatch';
import { describeComposite } from './alarm-reason';
import { refOf } from './cfn-read';
import { resolveSub, type SubContext } from './cfn-sub';
import { AlarmMessageError } from './errors';
import { partitionOf, regionName } from './regions';
import type { AlarmDefinition, AlarmQuery, AlarmStateChange, CfnValue, CompositeAlarmDefinition, MetricAlarmDefinition } from './types';

/** Where the alarm lives, and what the message says about its configuration. */
export interface AlarmMessageOptions extends SubContext {
  /** When the alarm's configuration was last updated (epoch ms). @default the change's own time */
  readonly configurationUpdatedAt?: number;
}

/** A time as CloudWatch writes it in a notification: ISO 8601 with `+0000`. */
export const cloudWatchTime = (epochMs: number): string => new Date(epochMs).toISOString().replace('Z', '+0000');

const alarmArn = (name: string, options: SubContext): string => `arn:${partitionOf(options.region)}:cloudwatch:${options.region}:${options.accountId}:alarm:${name}`;

/** An action as its ARN: a string as given, `{ Ref }` to a template topic, or an `Fn::Sub`. */
function actionArn(action: CfnValue, alarm: AlarmDefinition, options: SubContext): string {
  const ref = refOf(action);
  if (ref === undefined) return resolveSub(action, options, `an action of "${alarm.name}"`);
  const topic = alarm.actions.topicNames[ref];
  if (topic === undefined) throw new AlarmMessageError(`an action of "${alarm.name}" is { Ref: ${ref} }, which is not an SNS topic of the template with a TopicName: its ARN is not known`);
  return `arn:${partitionOf(options.region)}:sns:${options.region}:${options.accountId}:${topic}`;
}

function queryOf(query: AlarmQuery): MetricDataQuery<MessageDimension> {
  const label = query.label === undefined ? {} : { Label: query.label };
  if ('expression' in query) return { Expression: query.expression, Id: query.id, ...label, ReturnData: query.returnData };
  const metric = { Dimensions: messageDimensions(query.metric.dimensions), MetricName: query.metric.metricName, Namespace: query.metric.namespace };
  return { Id: query.id, ...label, MetricStat: { Metric: metric, Period: query.periodSeconds, Stat: query.stat }, ReturnData: query.returnData };
}

function triggerOf(alarm: MetricAlarmDefinition): AlarmMessageTrigger {
  const threshold = alarm.threshold.kind === 'static' ? { Threshold: alarm.threshold.value } : { ThresholdMetricId: alarm.threshold.id };
  const evaluation: TriggerEvaluation = {
    Period: alarm.periodSeconds,
    EvaluationPeriods: alarm.evaluationPeriods,
    DatapointsToAlarm: alarm.datapointsToAlarm,
    ComparisonOperator: alarm.comparison,
    ...threshold,
    TreatMissingData: alarm.treatMissingData,
    EvaluateLowSampleCountPercentile: '',
  };
  const single = alarm.queries[0];
  if (alarm.form === 'math' || single === undefined || !('metric' in single)) return { ...evaluation, Metrics: alarm.queries.map(queryOf) };
  const percentile = parseStatistic(single.stat)?.kind === 'percentile';
  return {
    MetricName: single.metric.metricName,
    Namespace: single.metric.namespace,
    ...(percentile ? { StatisticType: 'ExtendedStatistic', ExtendedStatistic: single.stat } : { StatisticType: 'Statistic', Statistic: single.stat.toUpperCase() }),
    Unit: null,
    Dimensions: messageDimensions(single.metric.dimensions),
    ...evaluation,
  };
}

/**
 * The message CloudWatch publishes to an SNS topic when an alarm changes state, for a change the
 * {@link AlarmEvaluator} reported: the fields of a real notification (see the notify-slack fixture),
 * with `Trigger` for a metric alarm (the metric and statistic, or `Metrics` for metric math and
 * anomaly bands) and `AlarmRule` with `TriggeringChildren` for a composite. The description's
 * `Fn::Sub` is resolved with the region and account; actions become ARNs.
 *
 * @throws {@link AlarmMessageError} for an unknown region, a description using other variables than
 * the pseudo parameters, or an action whose ARN is not known; or when `change` is not `alarm`'s
 * @example
 * ```ts
 * const message = alarmNotificationMessage(change, evaluator.alarm(change.alarmName), { region: 'us-east-1', accountId: '123456789012' });
 * await sns.publish({ TopicArn, Message: JSON.stringify(message) });
 * ```
 */
export function alarmNotificationMessage(change: AlarmStateChange, alarm: CompositeAlarmDefinition, options: AlarmMessageOptions): CompositeAlarmMessage;
export function alarmNotificationMessage(change: AlarmStateChange, alarm: MetricAlarmDefinition, options: AlarmMessageOptions): MetricAlarmMessage;
export function alarmNotificationMessage(change: AlarmStateChange, alarm: AlarmDefinition, options: AlarmMessageOptions): AlarmNotificationMessage;
export function alarmNotificationMessage(change: AlarmStateChange, alarm: AlarmDefinition, options: AlarmMessageOptions): AlarmNotificationMessage {
  if (change.alarmName !== alarm.name) throw new AlarmMessageError(`the change is of "${change.alarmName}", not of "${alarm.name}"`);
  const arnOf = (name: string): string => alarmArn(name, options);
  const arns = (actions: readonly CfnValue[]): string[] => actions.map((action) => actionArn(action, alarm, options));
  const children = change.triggeringChildren;
  const base: AlarmMessageBase = {
    AlarmName: alarm.name,
    AlarmDescription: alarm.description === undefined ? null : resolveSub(alarm.description, options, `the AlarmDescription of "${alarm.name}"`),
    AWSAccountId: options.accountId,
    AlarmConfigurationUpdatedTimestamp: cloudWatchTime(options.configurationUpdatedAt ?? change.at),
    NewStateValue: change.to,
    NewStateReason: alarm.kind === 'composite' && children !== undefined ? describeComposite(children, change.to === 'ALARM', arnOf) : change.reason,
    StateChangeTime: cloudWatchTime(change.stateChangedAt ?? change.at),
    Region: regionName(options.region),
    AlarmArn: arnOf(alarm.name),
    OldStateValue: change.from,
    OKActions: arns(alarm.actions.perState.OK),
    AlarmActions: arns(alarm.actions.perState.ALARM),
    InsufficientDataActions: arns(alarm.actions.perState.INSUFFICIENT_DATA),
  };
  if (alarm.kind === 'metric') return { ...base, Trigger: triggerOf(alarm) };
  return {
    ...base,
    AlarmRule: alarm.rule,
    TriggeringChildren: (children ?? []).map((child) => ({
      Arn: arnOf(child.name),
      State: { Value: child.state, ...(child.at === undefined ? {} : { Timestamp: cloudWatchTime(child.at) }) },
    })),
  };
}
