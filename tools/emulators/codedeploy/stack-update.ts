/**
 * One CloudFormation stack update whose functions reach traffic through CodeDeploy, simulated a
 * minute at a time for the fire drills.
 *
 * Modelled from AWS's documentation:
 * - CloudFormation announces the update (`UPDATE_IN_PROGRESS`), publishes each function's new version,
 *   then updates its alias; an alias with an `UpdatePolicy: CodeDeployLambdaAliasUpdate` hands the
 *   update to CodeDeploy, which starts one deployment per deployment group (`START`) (CloudFormation
 *   user guide, "UpdatePolicy attribute"; CodeDeploy user guide, "Deployments on an AWS Lambda compute
 *   platform").
 * - A `BeforeAllowTraffic` hook runs before any traffic moves; a `Failed` verdict fails the deployment.
 * - Traffic moves per the predefined configuration (`CodeDeployDefault.Lambda<name>`): a canary sends
 *   `percent` for `intervalMinutes`, then everything; a linear one adds `percent` every interval.
 * - CodeDeploy watches the group's alarms while the deployment runs: one in ALARM stops it, and the
 *   automatic rollback (`DEPLOYMENT_STOP_ON_ALARM`) puts all traffic back on the old version at once.
 *   "If any of the specified alarms are activated, the deployment stops, and the status is updated to
 *   Stopped" (CodeDeploy user guide, "Monitoring deployments with CloudWatch alarms",
 *   https://docs.aws.amazon.com/codedeploy/latest/userguide/monitoring-create-alarms.html): its
 *   notification carries `STOP`; one whose hook failed ends in `FAILURE`.
 * - The failed alias update fails the stack update: CloudFormation rolls back
 *   (`UPDATE_ROLLBACK_IN_PROGRESS`, the reason naming the alias resource), stopping the other
 *   deployments of the same update, then `UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS` and
 *   `UPDATE_ROLLBACK_COMPLETE`. A successful update ends `UPDATE_COMPLETE_CLEANUP_IN_PROGRESS`,
 *   `UPDATE_COMPLETE`.
 * - A function without CodeDeploy (`AllAtOnce`) has its alias moved by CloudFormation itself: no
 *   CodeDeploy event, the new version takes all traffic at once.
 *
 * Approximated:
 * - time moves in whole minutes: alarms are polled once a simulated minute (CodeDeploy polls more
 *   often), a traffic shift applies to the whole minute that follows it, and a hook answers within
 *   the minute its deployment starts;
 * - CloudFormation's own work takes fixed times ({@link STACK_TIMINGS}): the versions are published
 *   seconds after the update starts; an all-at-once alias moves `switchMinutes` in (the functions'
 *   code updated first); the rest of the stack takes `completeMinutes` after the last alias moved;
 *   cleanup and the rollback's completion take a minute;
 * - a group that already succeeded when another stops goes back to its old version with the
 *   rollback, without the rollback deployment CodeDeploy would run for it.
 */
import { DEPLOYMENT_STRATEGIES, type DeploymentStrategy } from '../../../src/catalog';
import {
  type CodeDeployDeploymentEvent,
  type CodeDeployState,
  codeDeployDeploymentEvent,
  deploymentIdOf,
  type EventOrigin,
  type StackStatus,
  type StackStatusChangeEvent,
  stackStatusChangeEvent,
} from './events';

const MINUTE = 60_000;

/** CloudFormation's own durations in a simulated update (see the module's notes). */
export const STACK_TIMINGS = {
  /** Seconds from `UPDATE_IN_PROGRESS` to a deployment's `START`: the new version published, the alias update handed over. */
  publishSeconds: 20,
  /** Minutes from `UPDATE_IN_PROGRESS` to an all-at-once alias pointing at the new version. */
  switchMinutes: 2,
  /** Minutes from the last alias update to `UPDATE_COMPLETE_CLEANUP_IN_PROGRESS`. */
  completeMinutes: 3,
} as const;

/** One deployment group of the update: a function whose alias CodeDeploy moves. */
export interface SimulatedGroup {
  /** The function's catalog key. */
  readonly function: string;
  readonly applicationName: string;
  readonly groupName: string;
  readonly strategy: DeploymentStrategy;
  /** The alarms CodeDeploy watches (`AlarmConfiguration`). */
  readonly alarmNames: readonly string[];
  /** The alias's logical id, which a failed update's status reason names (`CreateOrderLambdaAliasLive`). */
  readonly aliasLogicalId: string;
  /** Whether the group runs a `BeforeAllowTraffic` hook. @default false */
  readonly beforeAllowTraffic?: boolean;
}

/** A hook's verdict, as the hook reports it to CodeDeploy (`PutLifecycleEventHookExecutionStatus`). */
export type HookVerdict = 'Succeeded' | 'Failed';

/** Options of {@link StackUpdate}. */
export interface StackUpdateOptions {
  /** The stack's id (`arn:aws:cloudformation:…:stack/<name>/<uuid>`). */
  readonly stackId: string;
  /** When the update starts, epoch ms. */
  readonly startAt: number;
  readonly origin: EventOrigin;
  /** The functions CodeDeploy shifts. */
  readonly groups: readonly SimulatedGroup[];
  /** The functions whose alias CloudFormation moves at once. */
  readonly allAtOnce: readonly string[];
  /** The update puts the old version back (a manual rollback by redeploying): its all-at-once aliases move to the old version. @default false */
  readonly restores?: boolean;
  /** Runs a group's `BeforeAllowTraffic` hook at simulated time `at`; a group that has one and no runner here succeeds it. */
  readonly runHook?: (group: SimulatedGroup, deploymentId: string, at: number) => Promise<HookVerdict>;
  /** Seeds the deployment ids. @default 0 */
  readonly seed?: number;
}

/** An event the update sent EventBridge. */
export type StackUpdateEvent = CodeDeployDeploymentEvent | StackStatusChangeEvent;

/** Where the update stands. */
export type StackUpdateStatus = 'pending' | 'in-progress' | 'rolling-back' | 'rolled-back' | 'complete';

/** The share (0–1) of a function's traffic on the new version, `percent` of a strategy at `minutes` after its traffic started. */
export function shiftedShare(strategy: DeploymentStrategy, minutes: number): number {
  const { shape, percent, intervalMinutes } = DEPLOYMENT_STRATEGIES[strategy];
  if (shape === 'all-at-once') return 1;
  if (shape === 'canary') return minutes < intervalMinutes ? percent / 100 : 1;
  return Math.min(100, percent * (Math.floor(minutes / intervalMinutes) + 1)) / 100;
}

interface GroupRun {
  readonly group: SimulatedGroup;
  readonly deploymentId: string;
  state: 'waiting' | 'shifting' | CodeDeployState;
}

/**
 * A stack update in progress. Call {@link advance} at the start of every simulated minute from
 * `startAt` on, with the alarms' states as CloudWatch has them then: it returns the events of the
 * minute and each function's share of traffic on the new version for the minute that follows.
 *
 * @example
 * ```ts
 * const update = new StackUpdate({ stackId, startAt, origin, groups, allAtOnce: [] });
 * const { events, shares } = await update.advance(now, (name) => evaluator.state(name).state);
 * ```
 */
export class StackUpdate {
  readonly #options: StackUpdateOptions;
  readonly #runs: GroupRun[];
  readonly #shares = new Map<string, number>();
  #status: StackUpdateStatus = 'pending';
  /** The stack's remaining steps, each due at a minute of the update. */
  #steps: { minute: number; status: StackStatus }[] = [];

  public constructor(options: StackUpdateOptions) {
    this.#options = options;
    const base = (options.seed ?? 0) * 97 + Math.floor(options.startAt / MINUTE);
    this.#runs = options.groups.map((group, i) => ({ group, deploymentId: deploymentIdOf(base * 31 + i), state: 'waiting' }));
  }

  public get status(): StackUpdateStatus {
    return this.#status;
  }

  /** Each function's share of traffic on the new version, as it stands (functions the update has not moved yet are absent). */
  public shares(): ReadonlyMap<string, number> {
    return this.#shares;
  }

  /** The deployments, by function: id and state (`waiting` before `START`, `shifting` while traffic moves). */
  public deployments(): readonly { readonly function: string; readonly deploymentId: string; readonly state: GroupRun['state'] }[] {
    return this.#runs.map((run) => ({ function: run.group.function, deploymentId: run.deploymentId, state: run.state }));
  }

  /** One simulated minute at `at` (the start of a minute, at or after `startAt`). */
  public async advance(at: number, alarmState: (name: string) => string): Promise<{ events: StackUpdateEvent[]; shares: ReadonlyMap<string, number> }> {
    const minute = Math.round((at - this.#options.startAt) / MINUTE);
    const events: StackUpdateEvent[] = [];
    if (minute < 0 || this.#status === 'rolled-back' || this.#status === 'complete') return { events, shares: this.#shares };
    if (this.#status === 'pending') {
      this.#status = 'in-progress';
      events.push(this.#stackEvent('UPDATE_IN_PROGRESS', 'User Initiated', at));
    }
    if (this.#status === 'in-progress' && this.#steps.length === 0) events.push(...(await this.#deploy(minute, at, alarmState)));
    while (this.#steps[0] !== undefined && this.#steps[0].minute <= minute) {
      const { status } = this.#steps.shift() as { status: StackStatus };
      events.push(this.#stackEvent(status, '', at));
      if (status === 'UPDATE_COMPLETE') this.#status = 'complete';
      if (status === 'UPDATE_ROLLBACK_COMPLETE') this.#status = 'rolled-back';
    }
    return { events, shares: this.#shares };
  }

  async #deploy(minute: number, at: number, alarmState: (name: string) => string): Promise<StackUpdateEvent[]> {
    const events: StackUpdateEvent[] = [];
    let failed: GroupRun | undefined;
    for (const run of this.#runs) {
      if (run.state === 'waiting') {
        const started = at + STACK_TIMINGS.publishSeconds * 1000;
        run.state = 'START';
        events.push(this.#deploymentEvent(run, 'START', started));
        const verdict = run.group.beforeAllowTraffic === true ? ((await this.#options.runHook?.(run.group, run.deploymentId, started)) ?? 'Succeeded') : 'Succeeded';
        if (verdict === 'Failed') {
          run.state = 'FAILURE';
          events.push(this.#deploymentEvent(run, 'FAILURE', started));
          failed ??= run;
          continue;
        }
        run.state = 'shifting';
      }
      if (run.state !== 'shifting') continue;
      // CodeDeploy stops on any of the group's alarms in ALARM before it moves more traffic.
      if (run.group.alarmNames.some((name) => alarmState(name) === 'ALARM')) {
        run.state = 'STOP';
        events.push(this.#deploymentEvent(run, 'STOP', at));
        failed ??= run;
        continue;
      }
      const share = shiftedShare(run.group.strategy, minute);
      this.#shares.set(run.group.function, share);
      if (share >= 1) {
        run.state = 'SUCCESS';
        events.push(this.#deploymentEvent(run, 'SUCCESS', at));
      }
    }
    if (failed !== undefined) return [...events, ...this.#rollBack(failed, minute, at)];
    const switched = minute >= STACK_TIMINGS.switchMinutes;
    if (switched) for (const fn of this.#options.allAtOnce) this.#shares.set(fn, this.#options.restores === true ? 0 : 1);
    if (this.#runs.every((run) => run.state === 'SUCCESS') && (switched || this.#options.allAtOnce.length === 0)) {
      const cleanup = minute + STACK_TIMINGS.completeMinutes;
      this.#steps = [
        { minute: cleanup, status: 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS' },
        { minute: cleanup + 1, status: 'UPDATE_COMPLETE' },
      ];
    }
    return events;
  }

  /** The alias update of `failed` failed: every other deployment stops, traffic goes back, the stack rolls back. */
  #rollBack(failed: GroupRun, minute: number, at: number): StackUpdateEvent[] {
    const events: StackUpdateEvent[] = [];
    for (const run of this.#runs.filter((r) => r.state === 'shifting' || r.state === 'waiting')) {
      run.state = 'STOP';
      events.push(this.#deploymentEvent(run, 'STOP', at));
    }
    const previous = this.#options.restores === true ? 1 : 0;
    for (const fn of [...this.#runs.map((run) => run.group.function), ...this.#options.allAtOnce]) this.#shares.set(fn, previous);
    this.#status = 'rolling-back';
    this.#steps = [
      { minute: minute + 1, status: 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS' },
      { minute: minute + 1, status: 'UPDATE_ROLLBACK_COMPLETE' },
    ];
    events.push(this.#stackEvent('UPDATE_ROLLBACK_IN_PROGRESS', `The following resource(s) failed to update: [${failed.group.aliasLogicalId}]. `, at));
    return events;
  }

  #deploymentEvent(run: GroupRun, state: CodeDeployState, at: number): CodeDeployDeploymentEvent {
    return codeDeployDeploymentEvent({ application: run.group.applicationName, deploymentGroup: run.group.groupName, deploymentId: run.deploymentId, state, at }, this.#options.origin);
  }

  #stackEvent(status: StackStatus, reason: string, at: number): StackStatusChangeEvent {
    const token = `periscope-drill-${new Date(this.#options.startAt).toISOString()}`;
    return stackStatusChangeEvent({ stackId: this.#options.stackId, status, reason, clientRequestToken: token, at }, this.#options.origin);
  }
}
