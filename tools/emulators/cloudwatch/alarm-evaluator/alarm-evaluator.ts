import type { MetricStore } from '../metric-store';
import { describeComposite } from './alarm-reason';
import { evaluateAlarmRule } from './composite-rule';
import { AlarmEvaluationError } from './errors';
import { evaluateMetricAlarm } from './evaluate-metric-alarm';
import { type CfnResources, readAlarms } from './read-alarms';
import { ActionSuppression, type SuppressorView } from './suppression';
import type { AlarmDefinition, AlarmState, AlarmStateChange, AlarmStatus, CfnValue, CompositeAlarmDefinition, TriggeringChild } from './types';

/** Options of an {@link AlarmEvaluator}. */
export interface AlarmEvaluatorOptions {
  /**
   * The state every alarm starts in. CloudWatch creates alarms in INSUFFICIENT_DATA; `OK` starts as a
   * stack that has been running quietly (no OK notification on the first evaluation).
   * @default 'INSUFFICIENT_DATA'
   */
  readonly initialState?: 'INSUFFICIENT_DATA' | 'OK';
}

interface Status {
  state: AlarmState;
  since?: number;
  reason: string;
  leftAlarmAt?: number;
  /** For a composite: the children that moved it last. */
  children?: readonly TriggeringChild[];
}

const OPTION_KEYS = ['initialState'];

function checkOptions(options: AlarmEvaluatorOptions): AlarmState {
  const unknown = Object.keys(options).find((key) => !OPTION_KEYS.includes(key));
  if (unknown !== undefined) throw new AlarmEvaluationError(`AlarmEvaluator has no option "${unknown}" (it has ${OPTION_KEYS.join(', ')})`);
  const initial = options.initialState ?? 'INSUFFICIENT_DATA';
  if (initial !== 'INSUFFICIENT_DATA' && initial !== 'OK') throw new AlarmEvaluationError(`initialState is "${String(initial)}": it is INSUFFICIENT_DATA or OK`);
  return initial;
}

const actionsFor = (alarm: AlarmDefinition, state: AlarmState): readonly CfnValue[] => (alarm.actions.enabled ? alarm.actions.perState[state] : []);

/**
 * CloudWatch alarms, locally: reads a template's metric and composite alarms (refusing what it
 * cannot evaluate faithfully, see `readAlarms`) and evaluates them against a {@link MetricStore}.
 * Call {@link evaluate} once per simulated minute, as CloudWatch evaluates about once a minute: it
 * evaluates every metric alarm, then the composites in dependency order, and returns what changed.
 *
 * Actions: a change to ALARM carries `AlarmActions`, to OK `OKActions`, to INSUFFICIENT_DATA
 * `InsufficientDataActions` (`[]` when `ActionsEnabled` is false). A composite with an
 * `ActionsSuppressor` reports its change at once, marked `suppressed` while the suppressor holds it
 * (see `ActionSuppression`), and an `actionsReleased` entry when a held notification falls due.
 * Run the actions of every entry that is not `suppressed`.
 *
 * @example
 * ```ts
 * const evaluator = new AlarmEvaluator(generateAlarms(catalog, ordersServiceResources('dev')).resources, { initialState: 'OK' });
 * for (let now = start; now < end; now += 60_000) {
 *   for (const change of evaluator.evaluate(store, now)) if (!change.suppressed) notify(change);
 * }
 * ```
 */
export class AlarmEvaluator {
  readonly #definitions: readonly AlarmDefinition[];
  readonly #byName: ReadonlyMap<string, AlarmDefinition>;
  readonly #status = new Map<string, Status>();
  readonly #suppression = new Map<string, ActionSuppression>();
  #lastNow: number | undefined;
  #lastChanges: readonly AlarmStateChange[] = [];

  /**
   * @param resources a CloudFormation `Resources` map; its alarms are read, the rest skipped
   * @throws {@link UnsupportedAlarmError} or {@link InvalidAlarmError} naming the first alarm that cannot be evaluated
   */
  public constructor(resources: CfnResources, options: AlarmEvaluatorOptions = {}) {
    const initial = checkOptions(options);
    this.#definitions = readAlarms(resources);
    this.#byName = new Map(this.#definitions.map((definition) => [definition.name, definition]));
    for (const definition of this.#definitions) {
      this.#status.set(definition.name, { state: initial, reason: initial === 'OK' ? 'Unchecked: started as OK (initialState)' : 'Unchecked: Initial alarm creation' });
      if (definition.kind === 'composite' && definition.suppressor !== undefined && definition.actions.enabled) {
        this.#suppression.set(definition.name, new ActionSuppression(initial, definition.suppressor));
      }
    }
  }

  /**
   * Evaluates every alarm at `now` (epoch ms) and returns what happened: state transitions, and
   * released notifications of composites whose actions were held. Calling it again with the same
   * `now` returns the same entries without evaluating again.
   *
   * @throws {@link AlarmEvaluationError} when `now` is before the previous evaluation's
   */
  public evaluate(store: MetricStore, now: number): AlarmStateChange[] {
    if (!Number.isFinite(now)) throw new AlarmEvaluationError(`now is ${now}: it is a time in epoch milliseconds`);
    if (this.#lastNow !== undefined && now < this.#lastNow) {
      throw new AlarmEvaluationError(`now (${new Date(now).toISOString()}) is before the previous evaluation (${new Date(this.#lastNow).toISOString()}): time only moves forward`);
    }
    if (now === this.#lastNow) return [...this.#lastChanges];
    const changes: AlarmStateChange[] = [];
    /** The alarms that changed at this evaluation, with the state they left. */
    const changed = new Map<string, AlarmState>();
    for (const alarm of this.#definitions) {
      if (alarm.kind === 'metric') {
        const status = this.#statusOf(alarm.name);
        const { state, reason } = evaluateMetricAlarm(alarm, store, now, status.state);
        if (state === status.state) continue;
        changes.push({ event: 'transition', alarmName: alarm.name, kind: 'metric', from: status.state, to: state, at: now, reason, actions: actionsFor(alarm, state), suppressed: false });
        changed.set(alarm.name, status.state);
        this.#enter(alarm.name, state, now, reason);
      } else changes.push(...this.#evaluateComposite(alarm, now, changed));
    }
    this.#lastNow = now;
    this.#lastChanges = changes;
    return [...changes];
  }

  /** The current state of one alarm. @throws {@link AlarmEvaluationError} for an unknown name */
  public state(name: string): AlarmStatus {
    const alarm = this.alarm(name);
    const status = this.#statusOf(name);
    const hold = this.#suppression.get(name)?.hold;
    return {
      name,
      kind: alarm.kind,
      state: status.state,
      reason: status.reason,
      ...(status.since === undefined ? {} : { since: status.since }),
      ...(hold === undefined ? {} : { actionsSuppressedBy: hold.by, ...(hold.until === undefined ? {} : { pendingUntil: hold.until }) }),
    };
  }

  /** One alarm's definition, as read. @throws {@link AlarmEvaluationError} for an unknown name */
  public alarm(name: string): AlarmDefinition {
    const alarm = this.#byName.get(name);
    if (alarm === undefined) throw new AlarmEvaluationError(`there is no alarm named "${name}"`);
    return alarm;
  }

  /** Every alarm: metric alarms in template order, then composites in dependency order. */
  public alarms(): readonly AlarmDefinition[] {
    return this.#definitions;
  }

  #statusOf(name: string): Status {
    const status = this.#status.get(name);
    if (status === undefined) throw new AlarmEvaluationError(`there is no alarm named "${name}"`);
    return status;
  }

  #enter(name: string, state: AlarmState, at: number, reason: string): void {
    const status = this.#statusOf(name);
    if (status.state === 'ALARM') status.leftAlarmAt = at;
    Object.assign(status, { state, since: at, reason });
  }

  #suppressorView(alarm: CompositeAlarmDefinition): SuppressorView {
    const status = this.#statusOf(alarm.suppressor?.alarmName as string);
    return { state: status.state, ...(status.leftAlarmAt === undefined ? {} : { leftAlarmAt: status.leftAlarmAt }) };
  }

  /**
   * The children that moved a composite: those changed now whose previous state alone would give the
   * rule its previous value; else every child changed now; else (a first evaluation) all it names.
   */
  #triggeringChildren(alarm: CompositeAlarmDefinition, changed: ReadonlyMap<string, AlarmState>, ruleValue: boolean): TriggeringChild[] {
    const moved = alarm.children.filter((name) => changed.has(name));
    const flipping = moved.filter((name) => evaluateAlarmRule(alarm.expression, (child) => (child === name ? (changed.get(name) as AlarmState) : this.#statusOf(child).state)) !== ruleValue);
    const chosen = flipping.length > 0 ? flipping : moved.length > 0 ? moved : alarm.children;
    return chosen.map((name) => {
      const child = this.#statusOf(name);
      return { name, state: child.state, ...(child.since === undefined ? {} : { at: child.since }) };
    });
  }

  #evaluateComposite(alarm: CompositeAlarmDefinition, now: number, changed: Map<string, AlarmState>): AlarmStateChange[] {
    const status = this.#statusOf(alarm.name);
    const ruleValue = evaluateAlarmRule(alarm.expression, (name) => this.#statusOf(name).state);
    const to: AlarmState = ruleValue ? 'ALARM' : 'OK';
    const suppression = this.#suppression.get(alarm.name);
    const suppressor = suppression === undefined ? undefined : this.#suppressorView(alarm);
    if (suppressor !== undefined) suppression?.follow(suppressor);
    const entries: AlarmStateChange[] = [];
    if (to !== status.state) {
      const triggeringChildren = this.#triggeringChildren(alarm, changed, ruleValue);
      const reason = describeComposite(triggeringChildren, ruleValue);
      const verdict = suppression === undefined || suppressor === undefined ? ({ suppressed: false } as const) : suppression.transition(to, now, suppressor);
      entries.push({
        event: 'transition',
        alarmName: alarm.name,
        kind: 'composite',
        from: status.state,
        to,
        at: now,
        reason,
        actions: actionsFor(alarm, to),
        suppressed: verdict.suppressed,
        ...(verdict.suppressed ? { suppressedBy: verdict.by, ...(verdict.until === undefined ? {} : { pendingUntil: verdict.until }) } : {}),
        triggeringChildren,
      });
      changed.set(alarm.name, status.state);
      this.#enter(alarm.name, to, now, reason);
      status.children = triggeringChildren;
    }
    const release = suppression?.release(now, status.state);
    if (release !== undefined) {
      entries.push({
        event: 'actionsReleased',
        alarmName: alarm.name,
        kind: 'composite',
        from: release.from,
        to: release.to,
        at: now,
        ...(status.since === undefined ? {} : { stateChangedAt: status.since }),
        reason: status.reason,
        actions: actionsFor(alarm, release.to),
        suppressed: false,
        ...(status.children === undefined ? {} : { triggeringChildren: status.children }),
      });
    }
    return entries;
  }
}
