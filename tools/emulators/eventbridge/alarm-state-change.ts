import { randomUUID } from 'node:crypto';
import type { AlarmNotificationMessage, MessageDimension, MetricDataQuery } from '../../../src/cloudwatch';

/** The "CloudWatch Alarm State Change" event CloudWatch sends EventBridge, as documented in the CloudWatch user guide ("Alarm events and EventBridge"). */
export interface AlarmStateChangeEvent {
  readonly version: '0';
  readonly id: string;
  readonly 'detail-type': 'CloudWatch Alarm State Change';
  readonly source: 'aws.cloudwatch';
  readonly account: string;
  readonly time: string;
  readonly region: string;
  readonly resources: readonly string[];
  readonly detail: {
    readonly alarmName: string;
    readonly configuration: Readonly<Record<string, unknown>>;
    readonly previousState: { readonly value: string; readonly timestamp?: string };
    readonly state: { readonly value: string; readonly reason: string; readonly timestamp: string };
  };
}

/** `2026-11-23T12:00:00.000+0000`, as CloudWatch writes it, back to ISO 8601. */
const isoOf = (cloudWatchTime: string): string => new Date(Date.parse(cloudWatchTime.replace('+0000', 'Z'))).toISOString();
/** ISO 8601 as CloudWatch writes a state's `timestamp`: `2026-11-23T12:00:00.000+0000`. */
const stateTime = (iso: string): string => iso.replace(/Z$/, '+0000');

/** A query of a notification's `Trigger.Metrics` in the event's camelCase, with dimensions as an object. */
function eventQuery(query: MetricDataQuery<MessageDimension>): Record<string, unknown> {
  const stat = query.MetricStat;
  return {
    id: query.Id,
    returnData: query.ReturnData,
    ...(query.Label === undefined ? {} : { label: query.Label }),
    ...(query.Expression === undefined ? {} : { expression: query.Expression }),
    ...(stat === undefined
      ? {}
      : {
          metricStat: {
            metric: { namespace: stat.Metric.Namespace, name: stat.Metric.MetricName, dimensions: Object.fromEntries(stat.Metric.Dimensions.map((d) => [d.name, d.value])) },
            period: stat.Period,
            stat: stat.Stat,
          },
        }),
  };
}

/**
 * The EventBridge event of an alarm state change, from the notification the local evaluator writes
 * for it (`alarmNotificationMessage`): same alarm, states, reason and time; the configuration's
 * description and queries (metric math) or rule (composite).
 *
 * @param region the region code (`us-east-1`); the message has its long name only
 * @param previousSince when the alarm entered its previous state, epoch ms, if known
 */
export function alarmStateChangeEvent(message: AlarmNotificationMessage, region: string, previousSince?: number): AlarmStateChangeEvent {
  const configuration: Record<string, unknown> = { description: message.AlarmDescription ?? '' };
  if ('AlarmRule' in message) configuration['alarmRule'] = message.AlarmRule;
  else if ('Metrics' in message.Trigger) configuration['metrics'] = message.Trigger.Metrics.map(eventQuery);
  const at = isoOf(message.StateChangeTime);
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'CloudWatch Alarm State Change',
    source: 'aws.cloudwatch',
    account: message.AWSAccountId,
    time: at.replace(/\.\d{3}Z$/, 'Z'),
    region,
    resources: [message.AlarmArn],
    detail: {
      alarmName: message.AlarmName,
      configuration,
      previousState: { value: message.OldStateValue, ...(previousSince === undefined ? {} : { timestamp: stateTime(new Date(previousSince).toISOString()) }) },
      state: { value: message.NewStateValue, reason: message.NewStateReason, timestamp: stateTime(at) },
    },
  };
}
