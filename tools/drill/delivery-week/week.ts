import { randomUUID } from 'node:crypto';
import { changeDetail } from '../../../plugin/announce-change';
import { CHANGE_EVENT } from '../../../src/catalog';
import { codeDeployDeploymentEvent, type EventOrigin, eventTime, type StackStatus, stackIdOf, stackStatusChangeEvent } from '../../emulators/codedeploy/events';

/**
 * A simulated week of the orders service at prod, as the delivery-metrics function sees it: seven
 * deployments (one rolled back by its canary's gate, one outside any stack update), an incident a
 * deployment caused, a fix deployed during it, and an incident no deployment caused — as the
 * EventBridge events AWS sends for them (see events/README.md for the shapes), delivered with the
 * faults EventBridge allows: twice, out of order, and mixed with foreign and malformed events.
 *
 * The expected figures below are computed by hand from the timeline, so a reader can check them.
 */

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** `day` (0 = the week's first day) at `hh:mm` UTC, as minutes from the week's start. */
const at = (day: number, time: string): number => {
  const [hours, minutes] = time.split(':').map(Number) as [number, number];
  return day * 24 * 60 + hours * 60 + minutes;
};

/** One deployment of the week. */
export interface WeekDeployment {
  readonly name: string;
  /** Minutes from the week's start. */
  readonly start: number;
  readonly minutes: number;
  /** When the deployed commit was made, minutes from the week's start; none when the plugin did not announce it. */
  readonly commit?: number;
  readonly outcome: 'succeeded' | 'rolled-back';
  /** Announced as a fix (`PERISCOPE_DEPLOY_FIX=true`). */
  readonly fix?: boolean;
  /** `stack`: a `serverless deploy` (a stack update shifting three aliases); `codedeploy`: a CodeDeploy deployment alone. */
  readonly via: 'stack' | 'codedeploy';
}

/** One incident: the critical composite in ALARM. */
export interface WeekIncident {
  readonly name: string;
  readonly open: number;
  readonly close: number;
  /** The member alarm that pulled the composite into ALARM, and its runbook (`docs/runbooks/<kind>.md`). */
  readonly member: string;
  readonly runbook: string;
}

/** The week. */
export const WEEK_DEPLOYMENTS: readonly WeekDeployment[] = [
  { name: 'D1', start: at(0, '10:00'), minutes: 10, commit: at(0, '09:00'), outcome: 'succeeded', via: 'stack' },
  { name: 'D2', start: at(1, '11:00'), minutes: 8, commit: at(1, '10:30'), outcome: 'succeeded', via: 'stack' },
  { name: 'D3', start: at(1, '11:40'), minutes: 8, commit: at(1, '11:35'), outcome: 'succeeded', fix: true, via: 'stack' },
  { name: 'D4', start: at(2, '14:00'), minutes: 9, commit: at(2, '13:00'), outcome: 'rolled-back', via: 'stack' },
  { name: 'D5', start: at(3, '09:30'), minutes: 10, commit: at(2, '17:30'), outcome: 'succeeded', via: 'stack' },
  { name: 'D6', start: at(4, '10:00'), minutes: 12, commit: at(4, '09:50'), outcome: 'succeeded', via: 'stack' },
  { name: 'D7', start: at(5, '12:00'), minutes: 5, outcome: 'succeeded', via: 'codedeploy' },
];

/** I1 opens 12 minutes after D2 ended (within the 60-minute change window): change-caused. I2 opens 5 h 20 min after D5: not. */
export const WEEK_INCIDENTS: readonly WeekIncident[] = [
  { name: 'I1', open: at(1, '11:20'), close: at(1, '12:05'), member: 'orders-prod-api-5xx-rate-critical', runbook: 'api-5xx' },
  { name: 'I2', open: at(3, '15:00'), close: at(3, '15:20'), member: 'orders-prod-orders-api-fast-burn-critical', runbook: 'slo-burn-rate' },
];

/**
 * The five delivery metrics of the week, by hand:
 * - deployment frequency: D1–D7, 7 deployments in 7 days → 1 per day;
 * - change lead time, of the succeeded deployments with a known commit (D7 has none; D4 rolled back):
 *   D1 70 min (09:00 → 10:10), D2 38 (10:30 → 11:08), D3 13 (11:35 → 11:48), D5 970 (day 2 17:30 →
 *   day 3 09:40), D6 22 (09:50 → 10:12) → 1113 / 5 = 222.6 min = 3.71 h;
 * - change fail rate: D2 (caused I1) and D4 (rolled back) of 7 → 28.57%;
 * - failed deployment recovery time: D4 9 min (its start to its rollback's end), D2 57 min (its end
 *   at 11:08 to I1's close at 12:05) → 33 min = 0.55 h;
 * - deployment rework rate: D3 (a fix, deployed while I1 was open) of 7 → 14.29%.
 */
export const WEEK_EXPECTED = {
  deploymentsPerDay: 1,
  leadTimeHours: 1113 / 5 / 60,
  changeFailRatePercent: (100 * 2) / 7,
  recoveryHours: (9 + 57) / 2 / 60,
  reworkRatePercent: 100 / 7,
  deployments: 7,
  reviews: ['I1', 'I2'],
  changeCaused: { I1: 'D2' } as Readonly<Record<string, string>>,
} as const;

/** The names the drill prints the figures under (DORA's). */
export const FIGURE_NAMES = {
  deploymentsPerDay: 'deployment frequency (per day)',
  leadTimeHours: 'change lead time (hours)',
  changeFailRatePercent: 'change fail rate (%)',
  recoveryHours: 'failed deployment recovery time (hours)',
  reworkRatePercent: 'deployment rework rate (%)',
} as const;

/** What the week is deployed as: the sample's prod names. */
export interface WeekNames {
  readonly service: string;
  readonly stage: string;
  readonly stackName: string;
  readonly application: string;
  /** Deployment groups of the shifted functions. */
  readonly groups: readonly string[];
  readonly incidentAlarm: string;
}

/** One delivery of an event to the function, in the order EventBridge delivers them. */
export interface WeekDelivery {
  readonly event: unknown;
  /** What the function should make of it. */
  readonly expect: 'recorded' | 'duplicate' | 'ignored' | 'rejected';
  readonly note?: string;
}

const ORIGIN: EventOrigin = { region: 'us-east-1', accountId: '123456789012' };

function alarmEvent(input: { alarmName: string; from: string; to: string; at: number; since: number; reason: string; runbook: string }) {
  const stateTime = (ms: number): string => new Date(ms).toISOString().replace(/Z$/, '+0000');
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'CloudWatch Alarm State Change',
    source: 'aws.cloudwatch',
    account: ORIGIN.accountId,
    time: eventTime(input.at),
    region: ORIGIN.region,
    resources: [`arn:aws:cloudwatch:${ORIGIN.region}:${ORIGIN.accountId}:alarm:${input.alarmName}`],
    detail: {
      alarmName: input.alarmName,
      configuration: { description: `Drill alarm.\nTier: critical\nRunbook: ${input.runbook}` },
      previousState: { value: input.from, reason: '', timestamp: stateTime(input.since) },
      state: { value: input.to, reason: input.reason, timestamp: stateTime(input.at) },
    },
  };
}

function changeEvent(names: WeekNames, deployment: WeekDeployment, atMs: number, commitMs: number) {
  const commit = `${deployment.name.toLowerCase()}${'0'.repeat(38)}`.slice(0, 40);
  const detail = changeDetail({
    service: names.service,
    stage: names.stage,
    strategy: 'Canary10Percent5Minutes',
    env: {
      PERISCOPE_COMMIT: commit,
      PERISCOPE_COMMIT_TIME: new Date(commitMs).toISOString(),
      PERISCOPE_VERSION: `1.0.${deployment.name.slice(1)}`,
      ...(deployment.fix ? { PERISCOPE_DEPLOY_FIX: 'true' } : {}),
    },
    git: () => undefined,
  });
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': CHANGE_EVENT.detailType,
    source: CHANGE_EVENT.source,
    account: ORIGIN.accountId,
    time: eventTime(atMs),
    region: ORIGIN.region,
    resources: [],
    detail,
  };
}

/** The events of one deployment, in the order AWS sends them. */
function deploymentEvents(names: WeekNames, deployment: WeekDeployment, weekStart: number, seed: number): unknown[] {
  const start = weekStart + deployment.start * MINUTE;
  const end = start + deployment.minutes * MINUTE;
  const events: unknown[] = [];
  if (deployment.commit !== undefined) events.push(changeEvent(names, deployment, start - MINUTE, weekStart + deployment.commit * MINUTE));
  if (deployment.via === 'codedeploy') {
    const deploymentId = `d-DRILL${String(seed).padStart(4, '0')}`;
    const group = names.groups[0] as string;
    events.push(codeDeployDeploymentEvent({ application: names.application, deploymentGroup: group, deploymentId, state: 'START', at: start }, ORIGIN));
    events.push(codeDeployDeploymentEvent({ application: names.application, deploymentGroup: group, deploymentId, state: deployment.outcome === 'succeeded' ? 'SUCCESS' : 'STOP', at: end }, ORIGIN));
    return events;
  }
  const stackId = stackIdOf(names.stackName, ORIGIN, '5b1d6a50-c9e1-11f0-9c3a-0a8e4c1f2b3d');
  const token = `periscope-deploy-${eventTime(start)}`;
  const stack = (status: StackStatus, atMs: number, reason = ''): unknown => stackStatusChangeEvent({ stackId, status, reason, clientRequestToken: token, at: atMs }, ORIGIN);
  events.push(stack('UPDATE_IN_PROGRESS', start, 'User Initiated'));
  names.groups.forEach((group, i) => {
    const deploymentId = `d-DRILL${String(seed * 10 + i).padStart(4, '0')}`;
    events.push(codeDeployDeploymentEvent({ application: names.application, deploymentGroup: group, deploymentId, state: 'START', at: start + 2 * MINUTE }, ORIGIN));
    const failed = deployment.outcome === 'rolled-back' && i === 0;
    events.push(
      codeDeployDeploymentEvent({ application: names.application, deploymentGroup: group, deploymentId, state: failed ? 'STOP' : 'SUCCESS', at: failed ? end - 3 * MINUTE : end - MINUTE }, ORIGIN),
    );
  });
  if (deployment.outcome === 'succeeded') {
    events.push(stack('UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', end));
    events.push(stack('UPDATE_COMPLETE', end));
  } else {
    events.push(stack('UPDATE_ROLLBACK_IN_PROGRESS', end - 3 * MINUTE, 'The following resource(s) failed to update: [CreateOrderLambdaAliasLive]. '));
    events.push(stack('UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS', end - MINUTE));
    events.push(stack('UPDATE_ROLLBACK_COMPLETE', end));
  }
  return events;
}

/** The alarm state changes of one incident: the member, then the composite, and back. */
function incidentEvents(names: WeekNames, incident: WeekIncident, weekStart: number, runbookBase: string): { open: unknown[]; close: unknown[] } {
  const open = weekStart + incident.open * MINUTE;
  const close = weekStart + incident.close * MINUTE;
  const long = open - 3 * DAY;
  const member = { alarmName: incident.member, runbook: `${runbookBase}/${incident.runbook}.md` };
  const composite = { alarmName: names.incidentAlarm, runbook: `${runbookBase}/composite.md` };
  return {
    open: [
      alarmEvent({ ...member, from: 'OK', to: 'ALARM', at: open - MINUTE, since: long, reason: 'Threshold Crossed: 3 out of the last 3 datapoints were greater than the threshold (5.0).' }),
      alarmEvent({ ...composite, from: 'OK', to: 'ALARM', at: open, since: long, reason: `${incident.member} transitioned to ALARM` }),
    ],
    close: [
      alarmEvent({ ...member, from: 'ALARM', to: 'OK', at: close - MINUTE, since: open - MINUTE, reason: 'Threshold Crossed: no datapoint above the threshold.' }),
      alarmEvent({ ...composite, from: 'ALARM', to: 'OK', at: close, since: open, reason: 'All member alarms are OK' }),
    ],
  };
}

/**
 * The week's EventBridge deliveries, in delivery order: each deployment's and incident's events in
 * time order, with these faults mixed in (each with what the function should make of it):
 * D1's `UPDATE_COMPLETE` and I1's composite `ALARM` delivered twice; I2's close delivered before its
 * opening; D6's end delivered before its start; another stack's event; an event without its detail;
 * an S3 event the function does not consume.
 */
export function weekDeliveries(names: WeekNames, weekStart: number, runbookBase: string): WeekDelivery[] {
  const timed: { at: number; event: unknown }[] = [];
  const timeOf = (event: unknown): number => {
    const e = event as { time: string; detail: { state?: { timestamp?: string } } };
    return Date.parse(e.detail.state?.timestamp?.replace('+0000', 'Z') ?? e.time);
  };
  WEEK_DEPLOYMENTS.forEach((deployment, i) => {
    for (const event of deploymentEvents(names, deployment, weekStart, i + 1)) timed.push({ at: timeOf(event), event });
  });
  const incidents = WEEK_INCIDENTS.map((incident) => incidentEvents(names, incident, weekStart, runbookBase));
  for (const { open, close } of incidents) for (const event of [...open, ...close]) timed.push({ at: timeOf(event), event });
  const ordered = timed.sort((a, b) => a.at - b.at).map((t) => t.event);

  const deliveries: WeekDelivery[] = ordered.map((event) => ({ event, expect: 'recorded' }));
  const indexOf = (event: unknown): number => deliveries.findIndex((d) => d.event === event);
  const moveBefore = (moved: readonly unknown[], anchor: unknown): void => {
    const items = moved.map((event) => deliveries.splice(indexOf(event), 1)[0] as WeekDelivery);
    deliveries.splice(indexOf(anchor), 0, ...items.map((item) => ({ ...item, note: 'delivered out of order' })));
  };
  // I2 (twenty minutes, nothing else happening) closes before it opens, as far as the function can tell.
  const i1 = incidents[0] as { open: unknown[]; close: unknown[] };
  const i2 = incidents[1] as { open: unknown[]; close: unknown[] };
  moveBefore(i2.close, i2.open[0]);
  /** A deployment's stack event with this status, by the deployment's name. */
  const stackEventOf = (name: string, status: StackStatus): unknown => {
    const deployment = WEEK_DEPLOYMENTS.find((d) => d.name === name) as WeekDeployment;
    const minute = status === 'UPDATE_IN_PROGRESS' ? deployment.start : deployment.start + deployment.minutes;
    return ordered.find((event) => {
      const e = event as { source: string; time: string; detail: { 'status-details'?: { status: string } } };
      return e.source === 'aws.cloudformation' && e.detail['status-details']?.status === status && Date.parse(e.time) === weekStart + minute * MINUTE;
    });
  };
  // D6's end arrives before its start.
  moveBefore([stackEventOf('D6', 'UPDATE_COMPLETE')], stackEventOf('D6', 'UPDATE_IN_PROGRESS'));

  // Delivered again: D1's end, I1's composite ALARM.
  const d1End = stackEventOf('D1', 'UPDATE_COMPLETE');
  deliveries.splice(indexOf(d1End) + 3, 0, { event: d1End, expect: 'duplicate', note: 'delivered twice' });
  deliveries.push({ event: i1.open[1], expect: 'duplicate', note: 'delivered twice, days later' });

  // Not the service's, or not readable.
  const foreignStack = stackStatusChangeEvent(
    { stackId: stackIdOf('periscope-inventory-prod', ORIGIN), status: 'UPDATE_COMPLETE', reason: '', clientRequestToken: 'other', at: weekStart + at(2, '16:00') * MINUTE },
    ORIGIN,
  );
  deliveries.splice(Math.floor(deliveries.length / 2), 0, { event: foreignStack, expect: 'ignored', note: "another service's stack" });
  deliveries.splice(Math.floor(deliveries.length / 3), 0, {
    event: { version: '0', id: randomUUID(), 'detail-type': 'CloudFormation Stack Status Change', source: 'aws.cloudformation', time: eventTime(weekStart + 3 * DAY), resources: [] },
    expect: 'rejected',
    note: 'no detail',
  });
  deliveries.push({
    event: { version: '0', id: randomUUID(), 'detail-type': 'Object Created', source: 'aws.s3', time: eventTime(weekStart + 6 * DAY), detail: { bucket: { name: 'x' } } },
    expect: 'rejected',
    note: 'a source the function does not consume',
  });
  return deliveries;
}

/** The week starts at midnight UTC seven days before `now`'s day: every event is in the past, and well within the 14 days CloudWatch takes EMF timestamps for. */
export const weekStartBefore = (now: number): number => Math.floor(now / DAY) * DAY - 7 * DAY;
