import { type AlarmNotification, isObject, type Json, parseAlarmMessage, text } from './alarm-message';

/**
 * What the rule's input template wraps around each event. Written by `alarmStateEventResources`
 * (alarms/, build-time code the runtime does not import): a unit test checks the two agree.
 */
export interface AlarmStateEventConfig {
  readonly tiers: { readonly critical: string; readonly warning: string };
  readonly suppressor: string;
  readonly suppressorWaitSeconds: number;
  readonly suppressorExtensionSeconds: number;
}

/** One alarm state change, as the notifier reads it from its EventBridge rule. */
export interface AlarmStateChangeEvent {
  readonly config: AlarmStateEventConfig;
  /** EventBridge's event id: the same change delivered twice has the same id. */
  readonly id: string;
  /** The change as an alarm notification, as if CloudWatch had published it to a topic. */
  readonly notification: AlarmNotification;
  /** When the alarm entered its new state, epoch ms. */
  readonly changedAt: number;
}

/** Whether an invocation's event is an alarm state change from the rule (and not an SNS event). */
export const isAlarmStateDelivery = (event: unknown): boolean => isObject(event) && isObject(event['periscope']) && isObject(event['event']);

function readConfig(value: unknown): AlarmStateEventConfig | undefined {
  if (!isObject(value) || !isObject(value['tiers'])) return undefined;
  const critical = text(value['tiers']['critical']);
  const warning = text(value['tiers']['warning']);
  const suppressor = text(value['suppressor']);
  const wait = value['suppressorWaitSeconds'];
  const extension = value['suppressorExtensionSeconds'];
  if (critical === undefined || warning === undefined || suppressor === undefined || typeof wait !== 'number' || typeof extension !== 'number') return undefined;
  return { tiers: { critical, warning }, suppressor, suppressorWaitSeconds: wait, suppressorExtensionSeconds: extension };
}

/** EventBridge's `{ name, namespace, dimensions: { k: v } }` metric → the SNS message's `{ MetricName, Namespace, Dimensions: [{ name, value }] }`. */
function triggerMetric(metric: Json): Json {
  const dimensions = isObject(metric['dimensions']) ? Object.entries(metric['dimensions']).map(([name, value]) => ({ name, value: String(value) })) : [];
  return { MetricName: metric['name'], Namespace: metric['namespace'], Dimensions: dimensions };
}

/** The event's `configuration.metrics` as the `Trigger.Metrics` CloudWatch puts in a topic's message. */
function triggerOf(configuration: Json): Json | undefined {
  const metrics = Array.isArray(configuration['metrics']) ? configuration['metrics'].filter(isObject) : [];
  if (metrics.length === 0) return undefined;
  return {
    Metrics: metrics.map((query) => {
      const stat = isObject(query['metricStat']) ? query['metricStat'] : undefined;
      return {
        Id: query['id'],
        ReturnData: query['returnData'] ?? true,
        ...(text(query['label']) === undefined ? {} : { Label: query['label'] }),
        ...(text(query['expression']) === undefined ? {} : { Expression: query['expression'] }),
        ...(stat === undefined || !isObject(stat['metric']) ? {} : { MetricStat: { Metric: triggerMetric(stat['metric']), Period: stat['period'], Stat: stat['stat'], Unit: stat['unit'] } }),
      };
    }),
  };
}

/**
 * Reads what the alarm state change rule delivers: `{ periscope: <config>, event: <the EventBridge
 * event> }`, the event as CloudWatch sends it ("CloudWatch Alarm State Change", documented in the
 * CloudWatch user guide's "Alarm events and EventBridge"). The change becomes the notification
 * CloudWatch would have published for it, so it is formatted like any other alert.
 *
 * @returns the change, or `undefined` when the delivery is not one (logged and skipped by the caller)
 */
export function parseAlarmStateDelivery(delivery: unknown): AlarmStateChangeEvent | undefined {
  if (!isObject(delivery)) return undefined;
  const config = readConfig(delivery['periscope']);
  const event = delivery['event'];
  if (config === undefined || !isObject(event) || event['detail-type'] !== 'CloudWatch Alarm State Change' || !isObject(event['detail'])) return undefined;
  const detail = event['detail'];
  const state = isObject(detail['state']) ? detail['state'] : {};
  const previous = isObject(detail['previousState']) ? detail['previousState'] : {};
  const configuration = isObject(detail['configuration']) ? detail['configuration'] : {};
  const changedAt = Date.parse(String(state['timestamp'] ?? event['time'] ?? ''));
  const arn = Array.isArray(event['resources']) ? text(event['resources'][0]) : undefined;
  const trigger = triggerOf(configuration);
  const notification = parseAlarmMessage({
    AlarmName: detail['alarmName'],
    AlarmDescription: configuration['description'],
    AlarmArn: arn,
    AWSAccountId: event['account'],
    NewStateValue: state['value'],
    NewStateReason: state['reason'],
    OldStateValue: previous['value'],
    StateChangeTime: state['timestamp'] ?? event['time'],
    ...(text(configuration['alarmRule']) === undefined ? {} : { AlarmRule: configuration['alarmRule'] }),
    ...(trigger === undefined ? {} : { Trigger: trigger }),
  });
  const id = text(event['id']);
  if (notification === undefined || id === undefined || Number.isNaN(changedAt)) return undefined;
  return { config, id, notification, changedAt };
}
