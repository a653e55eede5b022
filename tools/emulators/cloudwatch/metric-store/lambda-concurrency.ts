import { lambdaAccountMetric, lambdaMetric, type MetricId } from '../../../../src/cloudwatch';
import type { Datapoint } from './types';

/** What {@link LambdaConcurrency} needs to know of the account. */
export interface LambdaConcurrencyOptions {
  /** The account's Lambda concurrency quota in the Region. */
  readonly accountLimit: number;
  /** Reserved concurrency by deployed function name; a function not named shares the account's unreserved pool. */
  readonly reserved: Readonly<Record<string, number>>;
}

/** One invocation as Lambda took it. */
export interface Admission {
  /** Lambda refused it: its reservation, or the account's unreserved pool, was full. */
  readonly throttled: boolean;
  /**
   * The concurrency metrics at its arrival, counting it when it runs: `ConcurrentExecutions` of its
   * function and of the account, `UnreservedConcurrentExecutions` and `ClaimedAccountConcurrency`.
   */
  readonly datapoints: readonly Datapoint[];
  /** Tells how long it ran (ms), which is how long it holds its unit of concurrency; nothing for a throttled one. */
  done(durationMs: number): void;
}

/**
 * Lambda's concurrency for invocations that run one at a time in real time but arrive in simulated
 * time (the fire drills): an invocation holds a unit of concurrency from its simulated arrival for
 * as long as it really ran, so two invocations overlap when the second arrives before the first's
 * arrival plus its duration. Lambda throttles an arrival that finds its function's reservation full,
 * or, for a function without one, the account's unreserved pool (the limit less every reservation)
 * full, counting the executions of other functions in the account ({@link setOthers}).
 *
 * Each arrival yields the concurrency at that instant; the Maximum of a minute's datapoints is the
 * minute's peak, since concurrency only rises at an arrival. Approximated: an invocation's time is its
 * handler's, without initialisation (a cold start holds the environment longer) or Lambda's own
 * overhead; an invocation that runs into the next minute counts only in its arrival's minute; other
 * functions in the account hold a constant concurrency, without reservations of their own.
 */
export class LambdaConcurrency {
  readonly #options: LambdaConcurrencyOptions;
  /** Simulated end times of the running invocations, by function name. */
  readonly #running = new Map<string, number[]>();
  readonly #reservedTotal: number;
  #others = 0;

  public constructor(options: LambdaConcurrencyOptions) {
    this.#options = options;
    this.#reservedTotal = Object.values(options.reserved).reduce((sum, n) => sum + n, 0);
  }

  /** Executions of other functions in the account (another service's batch job), unreserved, from now on. */
  public setOthers(executions: number): void {
    this.#others = executions;
  }

  /** An invocation of `functionName` arriving at simulated time `at` (epoch ms). */
  public arrive(functionName: string, at: number): Admission {
    for (const [name, ends] of this.#running) {
      this.#running.set(
        name,
        ends.filter((end) => end > at),
      );
    }
    const reservation = this.#options.reserved[functionName];
    const own = this.#running.get(functionName) ?? [];
    const unreserved = this.#unreservedRunning();
    const throttled = reservation === undefined ? unreserved >= this.#options.accountLimit - this.#reservedTotal : own.length >= reservation;
    const running = throttled ? 0 : 1;
    const unreservedNow = unreserved + (reservation === undefined ? running : 0);
    const point = (metric: MetricId, value: number): Datapoint => ({ ...metric, timestamp: at, value, unit: 'Count' });
    const datapoints = [
      point(lambdaMetric(functionName, 'ConcurrentExecutions'), own.length + running),
      point(lambdaAccountMetric('ConcurrentExecutions'), this.#ours() + this.#others + running),
      point(lambdaAccountMetric('UnreservedConcurrentExecutions'), unreservedNow),
      point(lambdaAccountMetric('ClaimedAccountConcurrency'), unreservedNow + this.#reservedTotal),
    ];
    return {
      throttled,
      datapoints,
      done: (durationMs) => {
        // Lambda bills at least 1 ms: an invocation always holds its unit for some time.
        if (!throttled) this.#running.set(functionName, [...(this.#running.get(functionName) ?? []), at + Math.max(1, durationMs)]);
      },
    };
  }

  #ours(): number {
    return [...this.#running.values()].reduce((sum, ends) => sum + ends.length, 0);
  }

  #unreservedRunning(): number {
    const ours = [...this.#running].filter(([name]) => this.#options.reserved[name] === undefined).reduce((sum, [, ends]) => sum + ends.length, 0);
    return ours + this.#others;
  }
}
