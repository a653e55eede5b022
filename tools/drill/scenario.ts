import type { DeploymentStrategy } from '../../src/catalog';
import type { DynamoDbFault } from '../emulators/dynamodb-local/fault-proxy/dynamodb-fault-proxy';
import type { AlertPathFaults, Delivery } from './alert-router';
import type { NewBuild } from './alias-traffic';
import type { FunctionShares, FunctionSlowdowns } from './lambda-platform';
import type { ConsumerSettings, FulfilmentReport } from './order-consumer';
import type { StrayMessageKind } from './stray-messages';
import type { DrillRequestKind } from './traffic';

/** What is wrong during part of a scenario, from `fromMinute` (inclusive) to `toMinute` (exclusive, default: the end). */
export interface Phase {
  readonly fromMinute: number;
  readonly toMinute?: number;
  /** A DynamoDB fault on the wire. */
  readonly dynamoDb?: DynamoDbFault;
  /** Share of invocations Lambda throttles, per function key (`*`: all). */
  readonly lambdaThrottling?: FunctionShares;
  /** Share of invocations that hang until the function's timeout, per function key (`*`: all). */
  readonly lambdaTimeouts?: FunctionShares;
  /**
   * Milliseconds every invocation of a function takes on top of its handler's own time, per function
   * key (`*`: all): a dependency slowed down, injected at the platform (its `Duration`, the API's
   * `Latency`, the concurrency it holds, the time a poller waits for it) rather than waited for.
   */
  readonly lambdaSlowdowns?: FunctionSlowdowns;
  /** fulfilOrder's event source mapping: disabled (messages wait), or capped at a number of concurrent batches. */
  readonly consumer?: ConsumerSettings;
  /**
   * Messages another producer puts on the OrderPlaced queue every minute, spread over it, that
   * fulfilOrder can never process (see `StrayMessageKind`).
   */
  readonly strayMessages?: { readonly perMinute: number; readonly kind: StrayMessageKind };
  /** Requests on top of the day's traffic, per minute: a misbehaving client, a crawler. */
  readonly extra?: readonly { readonly kind: DrillRequestKind; readonly perMinute: number }[];
  /** `size` requests of `kind` that arrive at the same instant at the start of every minute (a flash sale opening, a push notification): they run concurrently. */
  readonly burst?: { readonly kind: DrillRequestKind; readonly size: number };
  /** Concurrent executions of other functions in the account throughout the phase (another service's batch job): they share its unreserved concurrency. */
  readonly otherConcurrency?: number;
  /** Traffic multiplied by this (0: nobody comes). @default 1 */
  readonly traffic?: number;
  /** Only these request kinds are sent (e.g. no new orders). */
  readonly onlyKinds?: readonly string[];
  /** The first request of every this-many minutes (from `fromMinute`) fails: it hangs into its function's timeout. */
  readonly oneFailureEvery?: number;
  /** Slack answers every webhook call with a 500. */
  readonly slackDown?: boolean;
  /** What is broken on the alert path itself: the notifier throttled, its dead letter queue refusing, topics that cannot invoke it. */
  readonly alertPath?: AlertPathFaults;
}

/**
 * A deploy during a drill: a CloudFormation stack update that publishes version 2 of every function
 * and moves each alias as its strategy says — CodeDeploy's traffic shifting, stopped and rolled back
 * by the gate alarms, or all at once. The deploy's markers (the alert tiers' suppressor) come only
 * from its events, through EventBridge, to the notifier.
 */
export interface DeployPlan {
  /** The minute the stack update starts. */
  readonly atMinute: number;
  /** How every function's traffic moves. @default the catalog's strategy of each function at the drill's stage */
  readonly strategy?: DeploymentStrategy;
  /** What the new build does wrong. @default {} (a healthy build) */
  readonly newVersion?: NewBuild;
  /** What the new build of one function does wrong, by function key, in place of `newVersion`. */
  readonly newVersionOf?: Readonly<Record<string, NewBuild>>;
  /** The team puts the old version back by hand at this minute: a second stack update, all at once. */
  readonly revertAtMinute?: number;
}

/** An event the drill's AWS services sent EventBridge (a deployment's, a stack's). */
export interface BusEventRecord {
  /** Simulated epoch ms, when it was delivered. */
  readonly at: number;
  /** `aws.codedeploy`, `aws.cloudformation`. */
  readonly source: string;
  /** The deployment group, or the stack's name. */
  readonly name: string;
  /** The deployment's state, or the stack's status. */
  readonly state: string;
}

/** A state change of an alarm during a drill. */
export interface Transition {
  readonly alarmName: string;
  readonly from: string;
  readonly to: string;
  /** Simulated epoch ms. */
  readonly at: number;
  readonly suppressed: boolean;
}

/** What a scenario did, for its expectations and its report. */
export interface Outcome {
  /** Simulated start, epoch ms. */
  readonly start: number;
  readonly end: number;
  readonly requests: number;
  readonly statuses: Readonly<Record<number, number>>;
  readonly transitions: readonly Transition[];
  readonly deliveries: readonly Delivery[];
  /** Texts of the Slack messages that arrived, with when (simulated). */
  readonly slack: readonly { readonly at: number; readonly text: string }[];
  readonly deadLetters: number;
  /** The deploy's CodeDeploy and CloudFormation events, as sent. */
  readonly deployEvents: readonly BusEventRecord[];
  /** The asynchronous leg: fulfilOrder's batches, the OrderPlaced queues, the orders placed and fulfilled. */
  readonly fulfilment: FulfilmentReport;
}

/** A fire drill: traffic for a while, faults in phases, and what must (not) happen. */
export interface Scenario {
  readonly name: string;
  readonly summary: string;
  readonly minutes: number;
  /** What `--short` runs (npm test) change: a shorter stretch, a smaller shop. @default the same */
  readonly short?: { readonly minutes?: number; readonly peak?: number };
  /** A deploy during the drill. */
  readonly deploy?: DeployPlan;
  /** Hour of the day the drill starts at (the traffic follows a shop's day). */
  readonly startHour: number;
  /**
   * Ordinary traffic before the start, evaluated but not reported: the history a deployed stack's
   * alarms already have (anomaly bands learn from days of it). @default 30
   */
  readonly warmUpMinutes?: number;
  /** Requests per minute at the busiest time of day. */
  readonly peak: number;
  readonly phases: readonly Phase[];
  /** What went wrong, one line each; empty when the drill passed. */
  expect(outcome: Outcome, names: AlarmNames): string[];
}

/** The generated alarm names of the service at the drill's stage: `<service>-<stage>-<signal>`. */
export interface AlarmNames {
  readonly of: (signal: string) => string;
}

const MINUTE = 60_000;

/** Whether `minute` is known and at most `limit`. */
export const within = (minute: number | undefined, limit: number): boolean => minute !== undefined && minute <= limit;

/** `[message]` unless `condition` holds: one line of a scenario's failures. */
export const fail = (condition: boolean, message: string): string[] => (condition ? [] : [message]);

/** `[]` when nobody was paged, else one line naming what paged. */
export const noPages = (outcome: Outcome): string[] => {
  const pages = outcome.deliveries.filter((d) => d.state === 'ALARM' && d.pages.length > 0);
  return fail(pages.length === 0, `paged: ${pages.map((d) => d.alarmName).join(', ')}`);
};

/** `[]` when the warning tier never notified ALARM, else one line naming what warned. */
export const noWarnings = (outcome: Outcome): string[] => {
  const warnings = outcome.deliveries.filter((d) => d.topic.endsWith('-warning') && d.state === 'ALARM');
  return fail(warnings.length === 0, `warned: ${warnings.map((d) => d.alarmName).join(', ')}`);
};

/** Expectation helpers over an outcome. */
export const expectations = {
  /** When `alarm` first went into ALARM at or after `after` minutes, in minutes since the start; undefined if never. */
  firedAt(outcome: Outcome, alarm: string, after = 0): number | undefined {
    const t = outcome.transitions.find((tr) => tr.alarmName === alarm && tr.to === 'ALARM' && tr.at >= outcome.start + after * MINUTE);
    return t === undefined ? undefined : (t.at - outcome.start) / MINUTE;
  },
  /** Whether `alarm` went back to OK after it was in ALARM. */
  recovered(outcome: Outcome, alarm: string): boolean {
    const fired = outcome.transitions.find((tr) => tr.alarmName === alarm && tr.to === 'ALARM');
    return fired !== undefined && outcome.transitions.some((tr) => tr.alarmName === alarm && tr.to === 'OK' && tr.at > fired.at);
  },
  /** Notifications of a state on a topic (`critical`, `warning`). */
  notified(outcome: Outcome, tier: string, state: string): Delivery[] {
    return outcome.deliveries.filter((d) => d.topic.endsWith(`-${tier}`) && d.state === state);
  },
  /** ALARM notifications that paged someone. */
  pages(outcome: Outcome): Delivery[] {
    return outcome.deliveries.filter((d) => d.state === 'ALARM' && d.pages.length > 0);
  },
};

/** `signal-tier` of an expected alarm, or a pattern over whole names. */
export type Expected = string | RegExp;

/** Every burn-rate window and pair of the orders SLO. */
export const BURN_RATE = /-orders-api-(fast-|slow-)?burn(-\w+)?-(critical|warning)$/;

/**
 * Critical and warning alarms that went into ALARM though the scenario does not expect them; info
 * alarms stay on dashboards, so they may.
 */
export function unexpected(o: Outcome, n: AlarmNames, expected: readonly Expected[]): string[] {
  const fired = new Set(o.transitions.filter((t) => t.to === 'ALARM').map((t) => t.alarmName));
  const extra = [...fired].filter((name) => /-(critical|warning)$/.test(name) && !expected.some((x) => (typeof x === 'string' ? n.of(x) === name : x.test(name))));
  return fail(extra.length === 0, `unexpected alarms fired: ${extra.join(', ')}`);
}

/** `[]` when `alarm` first went into ALARM between minutes `from` and `to`. */
export const firedBetween = (o: Outcome, alarm: string, from: number, to: number): string[] => {
  const at = expectations.firedAt(o, alarm, from);
  return fail(at !== undefined && at <= to, `${alarm} fired at ${at ?? 'never'} min, not between minute ${from} and ${to}`);
};

/** `[]` when `alarm` never went into ALARM before minute `before` (at all, by default). */
export const neverFired = (o: Outcome, alarm: string, before = Number.POSITIVE_INFINITY): string[] => {
  const at = expectations.firedAt(o, alarm);
  return fail(at === undefined || at >= before, `${alarm} fired at ${at} min`);
};

/** `[]` when each of `alarms` went back to OK after its ALARM. */
export const recovered = (o: Outcome, alarms: readonly string[]): string[] => alarms.flatMap((alarm) => fail(expectations.recovered(o, alarm), `${alarm} did not return to OK after the fault`));

/** `[]` when exactly one page went out, from the critical composite. */
export const pagedOnce = (o: Outcome, n: AlarmNames): string[] => {
  const pages = expectations.pages(o);
  return fail(pages.length === 1 && pages[0]?.alarmName === n.of('critical'), `${pages.length} page(s) (${pages.map((d) => d.alarmName).join(', ')}), not one from the critical composite`);
};
