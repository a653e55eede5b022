import type { AlarmState } from '../../src/cloudwatch';
import { AlarmEvaluator, type CfnResources } from '../emulators/cloudwatch/alarm-evaluator';
import type { MetricStore } from '../emulators/cloudwatch/metric-store';

/** What an alarm widget shows for an alarm the local evaluator does not evaluate. */
export const NOT_EVALUATED = 'not evaluated locally';

/** One alarm as the preview shows it. */
export interface PreviewAlarmState {
  readonly name: string;
  readonly state: AlarmState | typeof NOT_EVALUATED;
  /** CloudWatch's `StateReason`, or why it is not evaluated. */
  readonly reason: string;
  /** When it entered this state (epoch ms); absent while in its initial state. */
  readonly since?: number;
}

const MINUTE = 60_000;
/** Minutes caught up after a pause (no page open): enough for every alarm's evaluation range to slide past the gap. */
const MAX_CATCH_UP_MINUTES = 60;

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * The template's alarms evaluated on the preview's metric store as CloudWatch evaluates them: once a
 * minute, at the minute, each alarm starting in INSUFFICIENT_DATA as a newly created alarm does.
 * {@link evaluateUntil} catches up the minutes since its last call (at most an hour), so states and
 * their `StateReason`s are the ones CloudWatch would show now, whenever the page asks.
 *
 * A template the local evaluator cannot read, or an evaluation that fails, leaves every alarm
 * {@link NOT_EVALUATED} with the evaluator's reason instead of stopping the preview.
 *
 * @example
 * ```ts
 * const alarms = new PreviewAlarms(generateAlarms(catalog, resources).resources);
 * alarms.evaluateUntil(store, Date.now());
 * alarms.state('orders-dev-api-5xx-rate-critical'); // { name, state: 'OK', reason: 'Threshold Crossed: ...', since }
 * ```
 */
export class PreviewAlarms {
  readonly #evaluator: AlarmEvaluator | undefined;
  readonly #names = new Set<string>();
  #problem: string | undefined;
  #evaluatedAt: number | undefined;

  /** @param resources a CloudFormation `Resources` map; its alarms are read, the rest skipped */
  public constructor(resources: CfnResources) {
    try {
      this.#evaluator = new AlarmEvaluator(resources);
      for (const alarm of this.#evaluator.alarms()) this.#names.add(alarm.name);
    } catch (error) {
      this.#problem = `the local evaluator cannot read the alarms: ${messageOf(error)}`;
    }
  }

  /** The last minute evaluated (epoch ms), if any. */
  public get evaluatedAt(): number | undefined {
    return this.#evaluatedAt;
  }

  /** Evaluates every alarm at each minute after the last evaluation up to `now`'s minute. */
  public evaluateUntil(store: MetricStore, now: number): void {
    const evaluator = this.#evaluator;
    if (evaluator === undefined || this.#problem !== undefined) return;
    const last = Math.floor(now / MINUTE) * MINUTE;
    const first = this.#evaluatedAt === undefined ? last : Math.max(this.#evaluatedAt + MINUTE, last - (MAX_CATCH_UP_MINUTES - 1) * MINUTE);
    try {
      for (let minute = first; minute <= last; minute += MINUTE) {
        evaluator.evaluate(store, minute);
        this.#evaluatedAt = minute;
      }
    } catch (error) {
      this.#problem = `the local evaluation failed: ${messageOf(error)}`;
    }
  }

  /** One alarm's state, as last evaluated. */
  public state(name: string): PreviewAlarmState {
    if (this.#problem !== undefined || this.#evaluator === undefined) return { name, state: NOT_EVALUATED, reason: this.#problem ?? 'no evaluator' };
    if (!this.#names.has(name)) return { name, state: NOT_EVALUATED, reason: 'the local stack does not deploy this alarm' };
    const { state, reason, since } = this.#evaluator.state(name);
    return { name, state, reason, ...(since === undefined ? {} : { since }) };
  }
}
