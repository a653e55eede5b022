import type { SNSEventRecord } from 'aws-lambda';
import {
  type AlarmNotificationMessage,
  type CompositeAlarmMessage,
  canonicalStatistic,
  type Dimension,
  type ExpressionQuery,
  type MessageDimension,
  type MetricAlarmMessage,
  type MetricDataQuery,
  type MetricId,
  type MetricMathTrigger,
  type MetricQuery,
  type MetricStatQuery,
  type SingleMetricTrigger,
  type TriggeringChildMessage,
} from '../../src/cloudwatch';
import { type AlarmDescription, type NotificationTier, parseAlarmDescription, resolveTier } from './alarm-description';

/**
 * One entry of a metric-math alarm's `Trigger.Metrics`, as read: a {@link MetricQuery} whose parts
 * may be missing from the message, and whether the alarm compares it (`ReturnData`).
 */
export type TriggerQuery = Pick<MetricQuery, 'id' | 'label'> &
  Partial<Omit<MetricStatQuery, 'id' | 'label'>> &
  Partial<Omit<ExpressionQuery, 'id' | 'label'>> & {
    /** The query the alarm compares (the other queries feed it). */
    readonly returnData: boolean;
  };

/** What a metric alarm watches and when it fires (its `Trigger`). */
export interface AlarmTrigger {
  /** A single-metric alarm's metric. */
  readonly metric?: MetricId;
  /** `Statistic` or `ExtendedStatistic` (`Sum`, `p99`, ...) of a single-metric alarm. */
  readonly statistic?: string;
  /** A metric-math alarm's queries; empty for a single-metric alarm. */
  readonly queries: readonly TriggerQuery[];
  /** `GreaterThanThreshold`, `LessThanLowerOrGreaterThanUpperThreshold`, ... */
  readonly comparison?: string;
  readonly threshold?: number;
  /** The anomaly band's query id, for anomaly detection alarms (which have no threshold). */
  readonly thresholdMetricId?: string;
  readonly periodSeconds?: number;
  readonly evaluationPeriods?: number;
  readonly datapointsToAlarm?: number;
  readonly treatMissingData?: string;
}

/** What every CloudWatch alarm notification says. */
export interface AlarmNotificationBase {
  readonly name: string;
  readonly arn?: string;
  readonly accountId?: string;
  readonly description: AlarmDescription;
  /** `ALARM`, `OK` or `INSUFFICIENT_DATA`. */
  readonly state: string;
  readonly previousState?: string;
  readonly reason: string;
  /** ISO 8601, UTC. */
  readonly stateChangeTime?: string;
  /** Region code from the alarm's or the topic's ARN (`us-east-1`). */
  readonly region?: string;
  /** Region as CloudWatch names it in the message (`US East (N. Virginia)`). */
  readonly regionName?: string;
  readonly tier: NotificationTier;
  readonly topicArn?: string;
}

/** A metric alarm (single metric, metric math or anomaly detection) changed state. */
export interface MetricAlarmNotification extends AlarmNotificationBase {
  readonly kind: 'metric';
  /** Absent in messages that leave it out. */
  readonly trigger?: AlarmTrigger;
}

/** A child alarm of a composite, as the composite's notification names it. */
export interface TriggeringChild {
  readonly arn: string;
  readonly name: string;
  readonly state?: string;
  readonly timestamp?: string;
}

/** A composite alarm changed state. */
export interface CompositeAlarmNotification extends AlarmNotificationBase {
  readonly kind: 'composite';
  readonly rule: string;
  readonly triggeringChildren: readonly TriggeringChild[];
}

/** Any SNS message that is not a CloudWatch alarm. */
export interface TextNotification {
  readonly kind: 'text';
  readonly subject?: string;
  readonly message: string;
  readonly topicArn?: string;
  readonly tier: NotificationTier;
  /** When SNS published it (ISO 8601). */
  readonly timestamp?: string;
}

/** An alarm notification of either kind. */
export type AlarmNotification = MetricAlarmNotification | CompositeAlarmNotification;

/** What one SNS record carries. */
export type AlertNotification = AlarmNotification | TextNotification;

/** Where a message came from, when it came through SNS. */
export interface SnsEnvelope {
  readonly topicArn?: string;
  readonly subject?: string;
  readonly timestamp?: string;
}

/** A JSON object read from a message, its fields still unchecked. */
export type Json = Record<string, unknown>;

/** A message's fields by CloudWatch's names (the vocabulary's message types), each still to be checked: what arrives is untrusted JSON. */
type Unchecked<T> = { readonly [K in keyof T]?: unknown };
type UncheckedAlarmMessage = Unchecked<MetricAlarmMessage & CompositeAlarmMessage>;
type UncheckedMetric = Unchecked<Pick<SingleMetricTrigger, 'Namespace' | 'MetricName' | 'Dimensions'>>;
type MessageMetricStat = NonNullable<MetricDataQuery<MessageDimension>['MetricStat']>;

/** Whether `value` is a JSON object (not an array, not null). */
export const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
/** `value`'s fields by the names of `T`, when it is an object. */
const fieldsOf = <T>(value: unknown): Unchecked<T> | undefined => (isObject(value) ? value : undefined);
/** `value` when it is a non-empty string. */
export const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
const num = (value: unknown): number | undefined => {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
};
const isoTime = (value: unknown): string | undefined => {
  const time = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
};
const ARN_REGION = /^arn:[\w-]+:[\w-]+:([a-z]{2}(?:-[a-z]+)+-\d):/;
const regionOf = (arn: string | undefined): string | undefined => (arn === undefined ? undefined : ARN_REGION.exec(arn)?.[1]);

// Older messages spell statistics in capitals (`SUM`); CloudWatch's own spelling reads better.
const statistic = (value: unknown): string | undefined => {
  const raw = text(value);
  return raw === undefined ? undefined : canonicalStatistic(raw);
};

// CloudWatch writes `{ value, name }` in alarm messages and `{ Name, Value }` elsewhere.
const dimensions = (value: unknown): Record<string, string> =>
  Object.fromEntries(
    (Array.isArray(value) ? value : []).flatMap((entry) => {
      const dimension = fieldsOf<MessageDimension & Dimension>(entry);
      const name = text(dimension?.name ?? dimension?.Name);
      return dimension === undefined || name === undefined ? [] : [[name, String(dimension.value ?? dimension.Value ?? '')]];
    }),
  );

const metricId = (source: UncheckedMetric): MetricId | undefined => {
  const namespace = text(source.Namespace);
  const metricName = text(source.MetricName);
  return namespace && metricName ? { namespace, metricName, dimensions: dimensions(source.Dimensions) } : undefined;
};

const triggerQuery = (entry: unknown): TriggerQuery[] => {
  const query = fieldsOf<MetricDataQuery<MessageDimension>>(entry);
  if (query === undefined || text(query.Id) === undefined) return [];
  const stat = fieldsOf<MessageMetricStat>(query.MetricStat);
  const metricFields = fieldsOf<MessageMetricStat['Metric']>(stat?.Metric);
  const fields = {
    expression: text(query.Expression),
    label: text(query.Label),
    stat: statistic(stat?.Stat),
    periodSeconds: num(stat?.Period ?? query.Period),
    metric: metricFields && metricId(metricFields),
  };
  return [{ id: String(query.Id), returnData: query.ReturnData !== false, ...definedOnly(fields) }];
};

function definedOnly<T extends object>(fields: T): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as Partial<T>;
}

function parseTrigger(trigger: Unchecked<SingleMetricTrigger & MetricMathTrigger>): AlarmTrigger {
  const metric = metricId(trigger);
  return {
    queries: (Array.isArray(trigger.Metrics) ? trigger.Metrics : []).flatMap(triggerQuery),
    ...definedOnly({
      metric,
      statistic: statistic(trigger.ExtendedStatistic) ?? statistic(trigger.Statistic),
      comparison: text(trigger.ComparisonOperator),
      threshold: num(trigger.Threshold),
      thresholdMetricId: text(trigger.ThresholdMetricId),
      periodSeconds: num(trigger.Period),
      evaluationPeriods: num(trigger.EvaluationPeriods),
      datapointsToAlarm: num(trigger.DatapointsToAlarm),
      treatMissingData: text(trigger.TreatMissingData),
    }),
  };
}

function parseChild(entry: unknown): TriggeringChild[] {
  const child = fieldsOf<TriggeringChildMessage>(entry);
  const arn = text(child?.Arn);
  if (arn === undefined) return [];
  const state = fieldsOf<TriggeringChildMessage['State']>(child?.State) ?? {};
  const name = arn.includes(':alarm:') ? arn.slice(arn.indexOf(':alarm:') + ':alarm:'.length) : arn;
  return [{ arn, name, ...definedOnly({ state: text(state.Value), timestamp: isoTime(state.Timestamp) }) }];
}

/** True for an object shaped like a CloudWatch alarm state-change message. */
export function isAlarmMessage(message: unknown): message is UncheckedAlarmMessage {
  const fields = fieldsOf<AlarmNotificationMessage>(message);
  return fields !== undefined && text(fields.AlarmName) !== undefined && text(fields.NewStateValue) !== undefined;
}

/**
 * Reads a CloudWatch alarm state-change message (metric, metric-math, anomaly or composite), as
 * CloudWatch publishes it to SNS, already parsed from JSON.
 *
 * @returns the notification, or `undefined` when the message is not an alarm
 */
export function parseAlarmMessage(message: unknown, envelope: SnsEnvelope = {}): AlarmNotification | undefined {
  if (!isAlarmMessage(message)) return undefined;
  const name = String(message.AlarmName);
  const arn = text(message.AlarmArn);
  const description = parseAlarmDescription(text(message.AlarmDescription));
  const base: AlarmNotificationBase = {
    name,
    description,
    state: String(message.NewStateValue),
    reason: text(message.NewStateReason) ?? '',
    tier: resolveTier({ described: description.tier, alarmName: name, topicArn: envelope.topicArn }),
    ...definedOnly({
      arn,
      accountId: text(message.AWSAccountId),
      previousState: text(message.OldStateValue),
      stateChangeTime: isoTime(message.StateChangeTime) ?? isoTime(envelope.timestamp),
      region: regionOf(arn) ?? regionOf(envelope.topicArn),
      regionName: text(message.Region),
      topicArn: envelope.topicArn,
    }),
  };
  if (text(message.AlarmRule) !== undefined && !isObject(message.Trigger)) {
    const children = Array.isArray(message.TriggeringChildren) ? message.TriggeringChildren : [];
    return { ...base, kind: 'composite', rule: String(message.AlarmRule), triggeringChildren: children.flatMap(parseChild) };
  }
  const trigger = fieldsOf<SingleMetricTrigger & MetricMathTrigger>(message.Trigger);
  return { ...base, kind: 'metric', ...(trigger === undefined ? {} : { trigger: parseTrigger(trigger) }) };
}

const parseJson = (raw: string): unknown => {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
};

/**
 * Reads one SNS record: a CloudWatch alarm notification when its message is one, else plain text
 * (any other JSON included, verbatim). Never throws: whatever arrives is worth showing to a human.
 */
export function parseSnsRecord(record: SNSEventRecord): AlertNotification {
  const sns = record.Sns;
  const envelope: SnsEnvelope = definedOnly({ topicArn: text(sns.TopicArn), subject: text(sns.Subject), timestamp: isoTime(sns.Timestamp) });
  const raw = typeof sns.Message === 'string' ? sns.Message : JSON.stringify(sns.Message ?? '');
  const alarm = raw.trimStart().startsWith('{') ? parseAlarmMessage(parseJson(raw), envelope) : undefined;
  if (alarm) return alarm;
  return { kind: 'text', message: raw, tier: resolveTier({ topicArn: envelope.topicArn }), ...envelope };
}
