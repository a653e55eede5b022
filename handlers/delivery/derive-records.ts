import type { AlarmEvent, ChangeEvent, CodeDeployEvent, DeliveryEvent, StackEvent } from './delivery-events';
import type { AlarmTransition, CodeDeployment, DeploymentOutcome, DeploymentRecord, IncidentRecord } from './records';

/**
 * Deployments and incidents from the events the function has stored, whatever order EventBridge
 * delivered them in: the events are replayed in time order, so a record is the same however late
 * any of its events arrived. Pure.
 *
 * - A stack update (`CREATE_IN_PROGRESS` / `UPDATE_IN_PROGRESS`) opens a deployment; its terminal
 *   status closes it: `*_COMPLETE` succeeded, `UPDATE_ROLLBACK_COMPLETE` rolled back, a `*_FAILED`
 *   or a create's `ROLLBACK_COMPLETE` failed. A deployment whose start is not stored yet is not one.
 * - A CodeDeploy deployment during a stack update is part of it (a `serverless deploy` of three
 *   shifted functions is one change); outside any, it is a deployment of its own from its `START`:
 *   `SUCCESS` succeeded, `FAILURE` / `STOP` rolled back (Periscope's groups roll back on both).
 * - The plugin's change announcement gives the next deployment its commit, version and fix mark.
 * - The incident alarm's `ALARM` opens an incident; its leaving `ALARM` closes it. The close alone
 *   says when it opened (`previousState.timestamp`), so an incident whose `ALARM` event is late or
 *   lost is still whole.
 * - Rework: a deployment that started while an incident was open, or marked as a fix.
 * - Cause: the last deployment that started before the incident opened and was running then, or
 *   ended at most the change window before.
 */
export interface DerivedRecords {
  /** In start order. */
  readonly deployments: readonly DeploymentRecord[];
  /** In opening order. */
  readonly incidents: readonly IncidentRecord[];
  /** Every stored alarm state change, in time order. */
  readonly transitions: readonly AlarmTransition[];
}

const STACK_STARTS = new Set(['CREATE_IN_PROGRESS', 'UPDATE_IN_PROGRESS']);
const STACK_ROLLING_BACK = new Set(['UPDATE_ROLLBACK_IN_PROGRESS', 'ROLLBACK_IN_PROGRESS']);
const STACK_ENDS: Readonly<Record<string, DeploymentOutcome>> = {
  CREATE_COMPLETE: 'succeeded',
  UPDATE_COMPLETE: 'succeeded',
  UPDATE_ROLLBACK_COMPLETE: 'rolled-back',
  ROLLBACK_COMPLETE: 'failed',
  CREATE_FAILED: 'failed',
  ROLLBACK_FAILED: 'failed',
  UPDATE_FAILED: 'failed',
  UPDATE_ROLLBACK_FAILED: 'failed',
};
const CODEDEPLOY_ENDS: Readonly<Record<string, DeploymentOutcome>> = { SUCCESS: 'succeeded', FAILURE: 'rolled-back', STOP: 'rolled-back' };

/**
 * Within one second (EventBridge's `time`), what happened first: a change before the stack starts, a
 * CodeDeploy deployment's start before its other states, a stack's end after its CodeDeploy deployments.
 */
function rankOf(event: DeliveryEvent): number {
  if (event.kind === 'change') return 0;
  if (event.kind === 'stack') return STACK_STARTS.has(event.status) ? 1 : event.status in STACK_ENDS ? 4 : 3;
  if (event.kind === 'codedeploy') return event.state === 'START' ? 2 : 3;
  return 2;
}

const byTime = (a: DeliveryEvent, b: DeliveryEvent): number => a.at - b.at || rankOf(a) - rankOf(b) || a.id.localeCompare(b.id);

interface Draft {
  id: string;
  source: 'stack' | 'codedeploy';
  startedAt: number;
  endedAt?: number;
  outcome?: DeploymentOutcome;
  reason?: string;
  change?: ChangeEvent;
  codeDeployments: Map<string, CodeDeployment>;
}

/** Replays the deployment events; returns the deployments that started. */
function replayDeployments(events: readonly DeliveryEvent[]): Draft[] {
  const drafts: Draft[] = [];
  let stack: Draft | undefined;
  const standalone = new Map<string, Draft>();
  let pendingChange: ChangeEvent | undefined;
  const open = (draft: Draft): Draft => {
    if (pendingChange !== undefined) draft.change = pendingChange;
    pendingChange = undefined;
    drafts.push(draft);
    return draft;
  };
  const onStack = (event: StackEvent): void => {
    if (STACK_STARTS.has(event.status)) {
      stack ??= open({ id: `stack@${event.at}`, source: 'stack', startedAt: event.at, codeDeployments: new Map() });
    } else if (stack !== undefined && STACK_ROLLING_BACK.has(event.status)) {
      stack.reason ??= event.reason || undefined;
    } else if (stack !== undefined && event.status in STACK_ENDS) {
      stack.endedAt = event.at;
      stack.outcome = STACK_ENDS[event.status];
      if (stack.outcome !== 'succeeded' && event.reason !== '') stack.reason ??= event.reason;
      stack = undefined;
    }
  };
  const onCodeDeploy = (event: CodeDeployEvent): void => {
    const state: CodeDeployment = { deploymentId: event.deploymentId, group: event.group, state: event.state, at: event.at };
    let draft = stack ?? standalone.get(event.deploymentId);
    if (draft === undefined) {
      // Only its START opens a deployment of its own: a later state alone does not say when it started.
      if (event.state !== 'START') return;
      draft = open({ id: `codedeploy@${event.deploymentId}`, source: 'codedeploy', startedAt: event.at, codeDeployments: new Map() });
      standalone.set(event.deploymentId, draft);
    }
    draft.codeDeployments.set(event.deploymentId, state);
    if (draft.source === 'codedeploy' && event.state in CODEDEPLOY_ENDS) {
      draft.endedAt = event.at;
      draft.outcome = CODEDEPLOY_ENDS[event.state];
      if (draft.outcome !== 'succeeded') draft.reason = `CodeDeploy deployment ${event.deploymentId} of ${event.group} ended ${event.state}`;
      standalone.delete(event.deploymentId);
    }
  };
  for (const event of events) {
    if (event.kind === 'change') pendingChange = event;
    else if (event.kind === 'stack') onStack(event);
    else if (event.kind === 'codedeploy') onCodeDeploy(event);
  }
  return drafts;
}

/** Replays the incident alarm's state changes. */
interface OpenedIncident {
  alarmName: string;
  openedAt: number;
  closedAt?: number;
  openingSeen: boolean;
}

function replayIncidents(events: readonly AlarmEvent[]): OpenedIncident[] {
  const incidents = new Map<string, OpenedIncident>();
  for (const event of events) {
    if (event.state === 'ALARM') {
      const key = `${event.alarmName}@${event.at}`;
      incidents.set(key, { ...(incidents.get(key) ?? { alarmName: event.alarmName, openedAt: event.at }), openingSeen: true });
    } else if (event.previousState === 'ALARM') {
      const openedAt = event.previousSince ?? [...incidents.values()].filter((i) => i.alarmName === event.alarmName && i.closedAt === undefined && i.openedAt <= event.at).at(-1)?.openedAt;
      if (openedAt === undefined) continue;
      const key = `${event.alarmName}@${openedAt}`;
      incidents.set(key, { ...(incidents.get(key) ?? { alarmName: event.alarmName, openedAt, openingSeen: false }), closedAt: event.at });
    }
  }
  return [...incidents.values()].sort((a, b) => a.openedAt - b.openedAt);
}

const commitTimeOf = (change: ChangeEvent | undefined): number | undefined => {
  const at = change?.commitTime === undefined ? Number.NaN : Date.parse(change.commitTime);
  return Number.isFinite(at) ? at : undefined;
};

/**
 * Derives the deployment and incident records from stored events (see {@link DerivedRecords}).
 * @param events - the stored events, any order, no duplicates needed removed (same id counts once)
 * @param options - the incident alarm (the critical tier composite) and the change window
 */
export function deriveRecords(events: readonly DeliveryEvent[], options: { readonly incidentAlarm: string; readonly changeWindowMinutes: number }): DerivedRecords {
  const unique = [...new Map(events.map((event) => [event.id, event])).values()].sort(byTime);
  const alarms = unique.filter((event): event is AlarmEvent => event.kind === 'alarm');
  const opened = replayIncidents(alarms.filter((event) => event.alarmName === options.incidentAlarm));
  const openAt = (at: number): boolean => opened.some((incident) => incident.openedAt <= at && (incident.closedAt === undefined || at < incident.closedAt));

  const deployments: DeploymentRecord[] = replayDeployments(unique).map((draft) => {
    const fix = draft.change?.fix === true;
    const duringIncident = openAt(draft.startedAt);
    const commitTime = commitTimeOf(draft.change);
    return {
      id: draft.id,
      source: draft.source,
      startedAt: draft.startedAt,
      ...(draft.endedAt === undefined ? {} : { endedAt: draft.endedAt }),
      ...(draft.outcome === undefined ? {} : { outcome: draft.outcome }),
      ...(draft.reason === undefined ? {} : { reason: draft.reason }),
      ...(draft.change?.version === undefined ? {} : { version: draft.change.version }),
      ...(draft.change?.commit === undefined ? {} : { commit: draft.change.commit }),
      ...(commitTime === undefined ? {} : { commitTime }),
      ...(draft.change?.strategy === undefined ? {} : { strategy: draft.change.strategy }),
      rework: fix || duringIncident,
      ...(fix ? { reworkReason: 'marked-fix' as const } : duringIncident ? { reworkReason: 'incident-open' as const } : {}),
      codeDeployments: [...draft.codeDeployments.values()],
    };
  });

  const windowMs = options.changeWindowMinutes * 60_000;
  const incidents: IncidentRecord[] = opened.map((incident) => {
    const cause = deployments.filter((d) => d.startedAt <= incident.openedAt && (d.endedAt === undefined || d.endedAt >= incident.openedAt - windowMs)).at(-1);
    return {
      id: `${incident.alarmName}@${incident.openedAt}`,
      alarmName: incident.alarmName,
      openedAt: incident.openedAt,
      ...(incident.closedAt === undefined ? {} : { closedAt: incident.closedAt }),
      ...(cause === undefined ? {} : { causedBy: cause.id }),
      openingSeen: incident.openingSeen,
    };
  });

  const transitions: AlarmTransition[] = alarms.map((event) => ({
    alarmName: event.alarmName,
    at: event.at,
    from: event.previousState,
    to: event.state,
    reason: event.reason,
    ...(event.runbook === undefined ? {} : { runbook: event.runbook }),
  }));
  return { deployments, incidents, transitions };
}
