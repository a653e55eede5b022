import { AwsNamespace } from '../../src/cloudwatch';
import { type Datapoint, failedInvocationMetrics, LambdaConcurrency, type ServiceNames, throttledInvocationMetrics } from '../emulators/cloudwatch/metric-store';
import { type AliasTraffic, FAILING_BUILD_DURATION_MS, type NewBuild, throughAlias } from './alias-traffic';
import type { PlatformTraces } from './platform-traces';

/** A share (0–1) of invocations per function key, `*` for every function not named. */
export type FunctionShares = Readonly<Record<string, number>>;

/** Milliseconds added to every invocation of a function, per function key, `*` for every function not named. */
export type FunctionSlowdowns = Readonly<Record<string, number>>;

/**
 * Who invoked the function, which decides what AWS records of a failure Lambda answers itself: API
 * Gateway counts the client's error beside Lambda's metrics; an event source mapping (`queue`) only
 * sees the invocation fail, and Lambda's metrics are all there is.
 */
export type InvocationTrigger = 'api' | 'queue';

/** What Lambda made of an invocation the drill asked for. */
export type Invoked<T> =
  /** Refused for lack of concurrency, or an injected throttle: the handler did not run. */
  | { readonly kind: 'throttled' }
  /** Hung until the function's timeout (an injected hang, a bad build's): counted as Lambda counts a timeout. */
  | { readonly kind: 'timed-out'; readonly durationMs: number }
  /** A bad build's code threw before doing anything (injected at the platform). */
  | { readonly kind: 'failed'; readonly durationMs: number; readonly version: string | undefined }
  /** The handler ran: what it came to, and how long it took (extra latency included). */
  | { readonly kind: 'ran'; readonly value: T; readonly durationMs: number };

/** What running a handler gets from the platform. */
export interface HandlerRun {
  /** Milliseconds to add to what the handler really took: a slower build, a slowed function. */
  readonly extraLatencyMs: number;
  /** Records the invocation's datapoints: the function's, and per alias and version when invoked through one. */
  readonly publish: (points: readonly Datapoint[]) => void;
}

/** Options of {@link LambdaPlatform}. */
export interface LambdaPlatformOptions {
  readonly names: ServiceNames;
  /** Each function's configured timeout in ms, by function key. */
  readonly timeoutMs: (functionKey: string) => number;
  /** Reserved concurrency by function key. @default {} */
  readonly reservedConcurrency?: Readonly<Record<string, number>>;
  /** The account's Lambda concurrency quota. */
  readonly accountConcurrencyLimit: number;
  /** Where the datapoints go, stamped with the simulated time. */
  readonly record: (points: readonly Datapoint[], at: number) => void;
  /** The handler setting of a function key (`handlers/orders/handler.createOrder`), which names its traces. */
  readonly handlerSetting: (functionKey: string) => string;
  /** What X-Ray records of the faults injected at the platform; none when not traced. */
  readonly traces?: PlatformTraces;
}

/**
 * Lets the event loop poll I/O once. A platform fault does no I/O of its own, so a run of them would
 * otherwise never let the X-Ray daemon stand-in in this process read its socket, and the kernel drops
 * the datagrams that overflow its buffer.
 */
const yieldToIo = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Picks exactly a share of calls, per key, by error diffusion: a share of 0.25 picks every fourth
 * call, so a drill repeats to the request.
 */
function shareDiffuser(): (key: string, shares: FunctionShares) => boolean {
  const debts = new Map<string, number>();
  return (key, shares) => {
    const share = shares[key] ?? shares['*'] ?? 0;
    const debt = (debts.get(key) ?? 0) + share;
    const hit = debt >= 1;
    debts.set(key, hit ? debt - 1 : debt);
    return hit;
  };
}

/** Lambda's own datapoints of those an invocation yields: what AWS records when no API Gateway is in front. */
export const lambdaOnly = (points: readonly Datapoint[]): Datapoint[] => points.filter((p) => p.namespace === AwsNamespace.Lambda);

/**
 * What the Lambda service does around the drill's invocations, whoever triggers them: concurrency
 * and throttling (see `LambdaConcurrency`), the faults injected without a real cause (throttles,
 * hangs into the timeout, a slowed function), and a deploy's alias splitting the traffic between two
 * builds, with Lambda's per-alias and per-version metrics. A bad build's faults are injected here
 * too: both builds run the same loaded handler module (see `startOrdersHost`).
 */
export class LambdaPlatform {
  readonly #options: LambdaPlatformOptions;
  readonly #concurrency: LambdaConcurrency;
  readonly #throttles = shareDiffuser();
  readonly #hangs = shareDiffuser();
  readonly #routes = shareDiffuser();
  readonly #newBuildFaults = shareDiffuser();
  readonly #aliases = new Map<string, AliasTraffic>();
  #throttling: FunctionShares = {};
  #timeouts: FunctionShares = {};
  #slowdowns: FunctionSlowdowns = {};

  public constructor(options: LambdaPlatformOptions) {
    this.#options = options;
    this.#concurrency = new LambdaConcurrency({
      accountLimit: options.accountConcurrencyLimit,
      reserved: Object.fromEntries(Object.entries(options.reservedConcurrency ?? {}).map(([key, reserved]) => [options.names.functionName(key), reserved])),
    });
  }

  /** The share of invocations Lambda throttles from now on. */
  public setThrottling(shares: FunctionShares): void {
    this.#throttling = shares;
  }

  /** The share of invocations that hang until the function's timeout from now on. */
  public setTimeouts(shares: FunctionShares): void {
    this.#timeouts = shares;
  }

  /** Milliseconds every invocation of a function takes on top of its handler's time, from now on. */
  public setSlowdowns(slowdowns: FunctionSlowdowns): void {
    this.#slowdowns = slowdowns;
  }

  /** Concurrent executions of other functions in the account from now on. */
  public setOtherConcurrency(executions: number): void {
    this.#concurrency.setOthers(executions);
  }

  /** Routes `functionKey` (`*`: every function not named) through an alias split between two builds; `undefined`: unqualified. */
  public setAliasTraffic(functionKey: string, traffic: AliasTraffic | undefined): void {
    if (traffic === undefined) this.#aliases.delete(functionKey);
    else this.#aliases.set(functionKey, traffic);
  }

  /**
   * One invocation of `functionKey` arriving at simulated time `at`: admitted or throttled, routed
   * through its alias, failed at the platform when a fault says so, else `run` (the real handler).
   * Records what Lambda (and, for `api`, API Gateway) publishes of a failure answered at the
   * platform; `run` publishes what the handler's own run yields.
   */
  public async invoke<T>(functionKey: string, at: number, trigger: InvocationTrigger, run: (context: HandlerRun) => Promise<{ value: T; durationMs: number }>): Promise<Invoked<T>> {
    const { names, record, traces } = this.#options;
    const handler = this.#options.handlerSetting(functionKey);
    const forTrigger = (points: readonly Datapoint[]): Datapoint[] => (trigger === 'api' ? [...points] : lambdaOnly(points));
    const functionName = names.functionName(functionKey);
    const admission = this.#throttles(functionKey, this.#throttling) ? undefined : this.#concurrency.arrive(functionName, at);
    if (admission !== undefined) record(admission.datapoints, at);
    if (admission === undefined || admission.throttled) {
      record(forTrigger(throttledInvocationMetrics(names, functionKey, at)), at);
      traces?.throttled(handler);
      await yieldToIo();
      return { kind: 'throttled' };
    }
    const traffic = this.#aliases.get(functionKey) ?? this.#aliases.get('*');
    const onNew = traffic !== undefined && this.#routes(functionKey, { [functionKey]: traffic.newShare });
    const version = traffic === undefined ? undefined : onNew ? (traffic.newVersion ?? '2') : (traffic.oldVersion ?? '1');
    const build: NewBuild = onNew ? (traffic?.newBuild ?? {}) : {};
    // What Lambda records of this invocation: the function's metrics, and per alias and version when invoked through one.
    const publish = (points: readonly Datapoint[]): void =>
      record(traffic === undefined || version === undefined || traffic.viaAlias === false ? points : [...points, ...throughAlias(points, functionName, traffic.alias ?? 'live', version)], at);
    if (this.#hangs(functionKey, this.#timeouts) || this.#buildFault(functionKey, 'hang', build.hangShare)) {
      const timeoutMs = this.#options.timeoutMs(functionKey);
      admission.done(timeoutMs);
      publish(forTrigger(failedInvocationMetrics(names, functionKey, at, timeoutMs)));
      traces?.timedOut(handler, timeoutMs);
      await yieldToIo();
      return { kind: 'timed-out', durationMs: timeoutMs };
    }
    const extraLatencyMs = (build.extraLatencyMs ?? 0) + (this.#slowdowns[functionKey] ?? this.#slowdowns['*'] ?? 0);
    if (this.#buildFault(functionKey, 'error', build.errorShare)) {
      const durationMs = FAILING_BUILD_DURATION_MS + extraLatencyMs;
      admission.done(durationMs);
      publish(forTrigger(failedInvocationMetrics(names, functionKey, at, durationMs)));
      traces?.failed(handler, durationMs, `version ${version ?? '?'} of ${functionKey} threw`);
      await yieldToIo();
      return { kind: 'failed', durationMs, version };
    }
    const { value, durationMs } = await run({ extraLatencyMs, publish });
    admission.done(durationMs);
    return { kind: 'ran', value, durationMs };
  }

  /**
   * Invokes one version of a function directly at `at` (a pre-traffic hook's smoke test): the new
   * build of the alias's traffic when `version` is its new version, with its faults; the function's
   * own Lambda metrics only (no alias, no API). No concurrency is taken: the hook's few calls do not count.
   */
  public async invokeVersion<T>(functionKey: string, version: string, at: number, run: (context: HandlerRun) => Promise<{ value: T; durationMs: number }>): Promise<Invoked<T>> {
    const { names, record } = this.#options;
    const traffic = this.#aliases.get(functionKey) ?? this.#aliases.get('*');
    const build: NewBuild = traffic !== undefined && version === (traffic.newVersion ?? '2') ? (traffic.newBuild ?? {}) : {};
    const publish = (points: readonly Datapoint[]): void => record(lambdaOnly(points), at);
    if (this.#buildFault(functionKey, 'hang', build.hangShare)) {
      const timeoutMs = this.#options.timeoutMs(functionKey);
      publish(failedInvocationMetrics(names, functionKey, at, timeoutMs));
      return { kind: 'timed-out', durationMs: timeoutMs };
    }
    if (this.#buildFault(functionKey, 'error', build.errorShare)) {
      publish(failedInvocationMetrics(names, functionKey, at, FAILING_BUILD_DURATION_MS));
      return { kind: 'failed', durationMs: FAILING_BUILD_DURATION_MS, version };
    }
    const { value, durationMs } = await run({ extraLatencyMs: build.extraLatencyMs ?? 0, publish });
    return { kind: 'ran', value, durationMs };
  }

  #buildFault(functionKey: string, fault: 'hang' | 'error', share: number | undefined): boolean {
    const key = `${functionKey}:${fault}`;
    return this.#newBuildFaults(key, { [key]: share ?? 0 });
  }
}
