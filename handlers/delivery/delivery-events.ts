import { CHANGE_EVENT, type ChangeDetail } from '../../src/catalog/delivery';
import { parseAlarmDescription } from '../alerts/alarm-description';
import type { DeliveryConfig } from './delivery-config';
import { DeliveryEventError } from './errors';

/**
 * The EventBridge events the delivery-metrics function consumes, read into one small shape each.
 * Shapes as AWS documents them (see events/README.md): CloudFormation's "CloudFormation Stack Status
 * Change", CodeDeploy's "CodeDeploy Deployment State-change Notification", CloudWatch's "CloudWatch
 * Alarm State Change", and the plugin's own "Periscope Deployment Change" (`periscope.delivery`).
 */

interface Base {
  /** The EventBridge event's id: the same on every delivery of one event. */
  readonly id: string;
  /** When it happened, epoch ms. */
  readonly at: number;
}

/** A stack status change of the service's stack. */
export interface StackEvent extends Base {
  readonly kind: 'stack';
  readonly status: string;
  readonly reason: string;
}

/** A CodeDeploy deployment of the service's application changed state. */
export interface CodeDeployEvent extends Base {
  readonly kind: 'codedeploy';
  readonly deploymentId: string;
  readonly group: string;
  readonly state: string;
}

/** One of the service's alarms changed state. */
export interface AlarmEvent extends Base {
  readonly kind: 'alarm';
  readonly alarmName: string;
  readonly state: string;
  readonly previousState: string;
  /** When the alarm entered its previous state, epoch ms, if the event says. */
  readonly previousSince?: number;
  readonly reason: string;
  readonly runbook?: string;
}

/** The plugin announced a deploy. */
export interface ChangeEvent extends Base, Omit<ChangeDetail, 'service' | 'stage'> {
  readonly kind: 'change';
}

/** An event the function records. */
export type DeliveryEvent = StackEvent | CodeDeployEvent | AlarmEvent | ChangeEvent;

/** An event about something else (another stack, application, alarm or service): ignored, not an error. */
export interface IgnoredEvent {
  readonly ignored: string;
  readonly id: string;
}

type Json = Readonly<Record<string, unknown>>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Epoch ms of an ISO 8601 time, also as CloudWatch writes state timestamps (`2026-11-23T10:05:10.415+0000`); undefined when it is none. */
const timeOf = (value: unknown): number | undefined => {
  const at = typeof value === 'string' ? Date.parse(value.replace(/\+0000$/, 'Z')) : Number.NaN;
  return Number.isFinite(at) ? at : undefined;
};

class Reader {
  public constructor(
    private readonly id: string,
    private readonly what: string,
  ) {}

  public string(object: Json, path: string): string {
    const value = path.split('.').reduce<unknown>((at, key) => (isObject(at) ? at[key] : undefined), object);
    if (typeof value !== 'string' || value === '') throw new DeliveryEventError(`event ${this.id} (${this.what}) has no ${path}`);
    return value;
  }

  public time(value: unknown, path: string): number {
    const at = timeOf(value);
    if (at === undefined) throw new DeliveryEventError(`event ${this.id} (${this.what}) has no valid ${path}: ${JSON.stringify(value)?.slice(0, 40)}`);
    return at;
  }
}

/** `arn:aws:cloudformation:<region>:<account>:stack/<name>/<uuid>` → `<name>`. */
const stackNameOf = (stackId: string): string | undefined => /:stack\/([^/]+)\//.exec(stackId)?.[1];

function readStack(event: Json, read: Reader, id: string, config: DeliveryConfig): StackEvent | IgnoredEvent {
  const detail = event.detail as Json;
  const stack = stackNameOf(read.string(detail, 'stack-id'));
  if (stack !== config.stackName) return { ignored: `stack ${stack ?? '(unnamed)'} is not ${config.stackName}`, id };
  const status = read.string(detail, 'status-details.status');
  const reason = (detail['status-details'] as Json)['status-reason'];
  return { kind: 'stack', id, at: read.time(event.time, 'time'), status, reason: typeof reason === 'string' ? reason.trim() : '' };
}

function readCodeDeploy(event: Json, read: Reader, id: string, config: DeliveryConfig): CodeDeployEvent | IgnoredEvent {
  const detail = event.detail as Json;
  const application = read.string(detail, 'application');
  if (application !== config.application) return { ignored: `CodeDeploy application ${application} is not ${config.application ?? "this service's (it shifts no traffic)"}`, id };
  return {
    kind: 'codedeploy',
    id,
    at: read.time(event.time, 'time'),
    deploymentId: read.string(detail, 'deploymentId'),
    group: read.string(detail, 'deploymentGroup'),
    state: read.string(detail, 'state'),
  };
}

function readAlarm(event: Json, read: Reader, id: string, config: DeliveryConfig): AlarmEvent | IgnoredEvent {
  const detail = event.detail as Json;
  const alarmName = read.string(detail, 'alarmName');
  if (!alarmName.startsWith(config.alarmPrefix)) return { ignored: `alarm ${alarmName} is not one of ${config.alarmPrefix}*`, id };
  const state = detail.state as Json;
  const previous = isObject(detail.previousState) ? detail.previousState : {};
  const description = isObject(detail.configuration) ? detail.configuration.description : undefined;
  const runbook = parseAlarmDescription(typeof description === 'string' ? description : undefined).runbookUrl;
  const previousSince = timeOf(previous.timestamp);
  return {
    kind: 'alarm',
    id,
    at: read.time(isObject(state) ? state.timestamp : undefined, 'detail.state.timestamp'),
    alarmName,
    state: read.string(detail, 'state.value'),
    previousState: typeof previous.value === 'string' ? previous.value : 'UNKNOWN',
    ...(previousSince === undefined ? {} : { previousSince }),
    reason: typeof state.reason === 'string' ? state.reason : '',
    ...(runbook === undefined ? {} : { runbook }),
  };
}

function readChange(event: Json, read: Reader, id: string, config: DeliveryConfig): ChangeEvent | IgnoredEvent {
  const detail = event.detail as Json;
  const service = read.string(detail, 'service');
  const stage = read.string(detail, 'stage');
  if (service !== config.service || stage !== config.stage) return { ignored: `the change is for ${service} ${stage}, not ${config.service} ${config.stage}`, id };
  const optional = (key: 'commit' | 'version' | 'strategy'): Partial<ChangeEvent> => (typeof detail[key] === 'string' && detail[key] !== '' ? { [key]: detail[key] } : {});
  if (detail.commitTime !== undefined) read.time(detail.commitTime, 'detail.commitTime');
  return {
    kind: 'change',
    id,
    at: read.time(event.time, 'time'),
    ...optional('commit'),
    ...optional('version'),
    ...optional('strategy'),
    ...(typeof detail.commitTime === 'string' ? { commitTime: detail.commitTime } : {}),
    fix: detail.fix === true,
  };
}

const READERS: Readonly<Record<string, (event: Json, read: Reader, id: string, config: DeliveryConfig) => DeliveryEvent | IgnoredEvent>> = {
  'aws.cloudformation/CloudFormation Stack Status Change': readStack,
  'aws.codedeploy/CodeDeploy Deployment State-change Notification': readCodeDeploy,
  'aws.cloudwatch/CloudWatch Alarm State Change': readAlarm,
  [`${CHANGE_EVENT.source}/${CHANGE_EVENT.detailType}`]: readChange,
};

/**
 * Reads one EventBridge event as the function records it, or says why it is about something else.
 *
 * @throws {@link DeliveryEventError} naming the event and the field at fault, for anything that is
 * not one of the four events it consumes with the fields it needs
 */
export function readDeliveryEvent(event: unknown, config: DeliveryConfig): DeliveryEvent | IgnoredEvent {
  if (!isObject(event)) throw new DeliveryEventError(`the function was given ${event === null ? 'null' : Array.isArray(event) ? 'an array' : typeof event}, not an EventBridge event`);
  const id = typeof event.id === 'string' && event.id !== '' ? event.id : undefined;
  if (id === undefined) throw new DeliveryEventError('the event has no id: not an EventBridge event');
  const key = `${String(event.source)}/${String(event['detail-type'])}`;
  const reader = READERS[key];
  if (reader === undefined) throw new DeliveryEventError(`event ${id} is a '${String(event['detail-type'])}' from ${String(event.source)}, which the delivery function does not consume`);
  if (!isObject(event.detail)) throw new DeliveryEventError(`event ${id} (${key}) has no detail`);
  return reader(event, new Reader(id, key), id, config);
}

/** Whether {@link readDeliveryEvent} found the event to be about something else. */
export const isIgnored = (read: DeliveryEvent | IgnoredEvent): read is IgnoredEvent => 'ignored' in read;
