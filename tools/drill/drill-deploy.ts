import type { EventOrigin } from '../emulators/codedeploy/events';
import { stackIdOf } from '../emulators/codedeploy/events';
import { type HookVerdict, type SimulatedGroup, StackUpdate, type StackUpdateEvent } from '../emulators/codedeploy/stack-update';
import type { AliasTraffic } from './alias-traffic';
import type { DrillDeployments } from './deployments';
import type { DeployPlan } from './scenario';

const MINUTE = 60_000;

/** What a scenario's deploy runs against. */
export interface DrillDeployContext {
  /** The scenario's minute 0, epoch ms. */
  readonly start: number;
  /** The catalog's deployment groups and gate alarms at the drill's stage. */
  readonly deployments: DrillDeployments;
  /** Every function key of the service. */
  readonly functions: readonly string[];
  readonly origin: EventOrigin;
  /** The service's stack (`periscope-orders-prod`). */
  readonly stackName: string;
  /** Points a function's alias (or unqualified function) at its versions: the orders host's `setAliasTraffic`. */
  readonly setAliasTraffic: (functionKey: string, traffic: AliasTraffic) => void;
  /** Runs a group's BeforeAllowTraffic hook (see `StackUpdateOptions.runHook`). */
  readonly runHook?: (group: SimulatedGroup, deploymentId: string, at: number) => Promise<HookVerdict>;
}

/**
 * A scenario's deploy ({@link DeployPlan}) as the drill runs it: the stack update at `atMinute` —
 * CodeDeploy groups with the plan's (or the catalog's) strategy, the other functions all at once —
 * and, with `revertAtMinute`, the team's redeploy of the old version. Each simulated minute it
 * advances the updates and says how each function's alias splits its traffic.
 */
export class DrillDeploy {
  readonly #plan: DeployPlan;
  readonly #context: DrillDeployContext;
  readonly #updates: StackUpdate[] = [];
  /** Per function: whether the deploy's groups shift it through CodeDeploy (through its alias). */
  readonly #shifted: ReadonlySet<string>;

  public constructor(plan: DeployPlan, context: DrillDeployContext) {
    this.#plan = plan;
    this.#context = context;
    this.#shifted = new Set(this.#groups().map((g) => g.function));
  }

  #groups(): SimulatedGroup[] {
    const strategy = this.#plan.strategy;
    if (strategy === 'AllAtOnce') return [];
    return this.#context.deployments.groups.map((group) => (strategy === undefined ? group : { ...group, strategy }));
  }

  #update(startMinute: number, restores: boolean): StackUpdate {
    const groups = restores ? [] : this.#groups();
    const stackId = stackIdOf(this.#context.stackName, this.#context.origin, '5b1d6a50-c9e1-11f0-9c3a-0a8e4c1f2b3d');
    return new StackUpdate({
      stackId,
      startAt: this.#context.start + startMinute * MINUTE,
      origin: this.#context.origin,
      groups,
      allAtOnce: restores ? [...this.#context.functions] : this.#context.functions.filter((fn) => !groups.some((g) => g.function === fn)),
      restores,
      seed: startMinute,
      ...(this.#context.runHook === undefined ? {} : { runHook: this.#context.runHook }),
    });
  }

  /**
   * The minute at `at`: starts the updates due, advances the running ones, points each function's
   * traffic as they leave it (through `setAliasTraffic`), and returns their events.
   */
  public async tick(minute: number, at: number, alarmState: (name: string) => string): Promise<StackUpdateEvent[]> {
    if (minute === this.#plan.atMinute) {
      this.#updates.push(this.#update(minute, false));
      // Version 2 is published before any traffic moves: a pre-traffic hook invokes it directly.
      for (const fn of this.#context.functions) this.#point(fn, 0);
    }
    if (minute === this.#plan.revertAtMinute) this.#updates.push(this.#update(minute, true));
    const events: StackUpdateEvent[] = [];
    for (const update of this.#updates) events.push(...(await update.advance(at, alarmState)).events);
    for (const update of this.#updates) for (const [fn, share] of update.shares()) this.#point(fn, share);
    return events;
  }

  #point(fn: string, newShare: number): void {
    this.#context.setAliasTraffic(fn, { newShare, newBuild: this.#plan.newVersionOf?.[fn] ?? this.#plan.newVersion ?? {}, viaAlias: this.#shifted.has(fn) });
  }
}
