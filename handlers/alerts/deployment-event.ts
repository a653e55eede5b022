import { isObject, type Json, text } from './alarm-message';

/**
 * Where the notifier marks deploys, as the deployment rules' input templates give it. Written by
 * `deployMarkerConfig` (alarms/, build-time code the runtime does not import): a unit test checks
 * the two agree.
 */
export interface DeployMarkerSettings {
  readonly namespace: string;
  readonly started: string;
  readonly finished: string;
  readonly dimensions: Readonly<Record<string, string>>;
}

/** A CodeDeploy deployment group, as the CodeDeploy rule describes it: its function and the alarms that stop it. */
export interface DeploymentGroupSettings {
  readonly function: string;
  readonly alarms: readonly string[];
}

/** What happened, read from a CodeDeploy or CloudFormation event. */
export type DeploymentChange =
  | { readonly source: 'codedeploy'; readonly deploymentId: string; readonly group: string; readonly state: string; readonly region: string | undefined }
  | { readonly source: 'cloudformation'; readonly stackId: string; readonly status: string; readonly reason: string | undefined };

/** One deployment event as the notifier reads it from its rules. */
export interface DeploymentEvent {
  readonly marker: DeployMarkerSettings;
  readonly groups: Readonly<Record<string, DeploymentGroupSettings>>;
  /** EventBridge's event id: the same event delivered twice has the same id. */
  readonly id: string;
  /** When it happened (the event's `time`), epoch ms. */
  readonly at: number;
  readonly change: DeploymentChange;
}

const SOURCES = { 'aws.codedeploy': 'CodeDeploy Deployment State-change Notification', 'aws.cloudformation': 'CloudFormation Stack Status Change' } as const;

/** Whether a wrapped event from a notifier rule is a deployment event (CodeDeploy or CloudFormation), not an alarm state change. */
export const isDeploymentDelivery = (delivery: unknown): boolean =>
  isObject(delivery) && isObject(delivery['event']) && Object.hasOwn(SOURCES, String(delivery['event']['source'])) && isObject(delivery['periscope']);

function readMarker(value: unknown): DeployMarkerSettings | undefined {
  if (!isObject(value) || !isObject(value['dimensions'])) return undefined;
  const [namespace, started, finished] = [text(value['namespace']), text(value['started']), text(value['finished'])];
  const dimensions = Object.entries(value['dimensions']).filter((entry): entry is [string, string] => typeof entry[1] === 'string');
  if (namespace === undefined || started === undefined || finished === undefined || dimensions.length === 0) return undefined;
  return { namespace, started, finished, dimensions: Object.fromEntries(dimensions) };
}

function readGroups(value: unknown): Record<string, DeploymentGroupSettings> {
  if (!isObject(value)) return {};
  return Object.fromEntries(
    Object.entries(value).flatMap(([group, settings]) => {
      const fn = isObject(settings) ? text(settings['function']) : undefined;
      const alarms = isObject(settings) && Array.isArray(settings['alarms']) ? settings['alarms'].filter((a): a is string => typeof a === 'string') : [];
      return fn === undefined ? [] : [[group, { function: fn, alarms }]];
    }),
  );
}

function readChange(event: Json): DeploymentChange | undefined {
  const detail = isObject(event['detail']) ? event['detail'] : undefined;
  if (detail === undefined) return undefined;
  if (event['source'] === 'aws.codedeploy') {
    const [deploymentId, group, state] = [text(detail['deploymentId']), text(detail['deploymentGroup']), text(detail['state'])];
    return deploymentId === undefined || group === undefined || state === undefined ? undefined : { source: 'codedeploy', deploymentId, group, state, region: text(detail['region']) };
  }
  const status = isObject(detail['status-details']) ? detail['status-details'] : undefined;
  const [stackId, value] = [text(detail['stack-id']), status === undefined ? undefined : text(status['status'])];
  if (stackId === undefined || value === undefined) return undefined;
  return { source: 'cloudformation', stackId, status: value, reason: status === undefined ? undefined : text(status['status-reason']) };
}

/**
 * Reads a deployment event as the deployment rules deliver it (`{ periscope: <config>, event }`):
 * a CodeDeploy deployment state change or a CloudFormation stack status change, in the shapes AWS
 * documents. `undefined` for anything else or anything malformed.
 */
export function parseDeploymentDelivery(delivery: unknown): DeploymentEvent | undefined {
  if (!isDeploymentDelivery(delivery) || !isObject(delivery)) return undefined;
  const event = delivery['event'] as Json;
  const config = delivery['periscope'] as Json;
  const marker = readMarker(config['marker']);
  const id = text(event['id']);
  const at = Date.parse(String(event['time']));
  const change = readChange(event);
  if (marker === undefined || id === undefined || !Number.isFinite(at) || change === undefined || event['detail-type'] !== SOURCES[event['source'] as keyof typeof SOURCES]) return undefined;
  return { marker, groups: readGroups(config['groups']), id, at, change };
}

/**
 * Which deploy marker an event sets. A deploy starts with its stack's update (a status ending in
 * `_IN_PROGRESS`: an update, a creation, a rollback) or a CodeDeploy deployment's `START`; it ends
 * with the stack's `_COMPLETE` or `_FAILED` status. CodeDeploy's own ends (`SUCCESS`, `FAILURE`,
 * `STOP`) and the stack's cleanup (`_CLEANUP_IN_PROGRESS`) set nothing: the stack goes on updating
 * after a deployment ends (other functions' deployments, its rollback), and its end is the deploy's.
 */
export function markerOf(change: DeploymentChange): 'started' | 'finished' | undefined {
  if (change.source === 'codedeploy') return change.state === 'START' ? 'started' : undefined;
  if (change.status.endsWith('_CLEANUP_IN_PROGRESS')) return undefined;
  if (change.status.endsWith('_IN_PROGRESS')) return 'started';
  return change.status.endsWith('_COMPLETE') || change.status.endsWith('_FAILED') ? 'finished' : undefined;
}

/** Whether an event is the stack starting to roll back: the moment a deploy is known to have failed. */
export const isRollbackStart = (change: DeploymentChange): boolean => change.source === 'cloudformation' && change.status === 'UPDATE_ROLLBACK_IN_PROGRESS';

/** The alarms of every deployment group, once each (the critical composite gates them all). */
export const gateAlarmsOf = (event: DeploymentEvent): string[] => [...new Set(Object.values(event.groups).flatMap((group) => group.alarms))];
