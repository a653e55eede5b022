import type { Datapoint } from '../emulators/cloudwatch/metric-store';

/** What a direct invocation of a version answered: the handler's response, a thrown error (`functionError`), or a timeout. */
export type VersionResult = { readonly timedOut: true } | { readonly timedOut: false; readonly functionError?: 'Unhandled'; readonly payload: unknown };

/** What is wrong with a new build of a function: shares of its invocations, and extra time. */
export interface NewBuild {
  /** Share (0–1) of its invocations whose code throws: Lambda counts them in `Errors`; the client gets a 502. @default 0 */
  readonly errorShare?: number;
  /** Added to every invocation's duration (`Duration`, the API's `Latency`): a slower build. @default 0 */
  readonly extraLatencyMs?: number;
  /** Share (0–1) of its invocations that hang into the function's timeout. @default 0 */
  readonly hangShare?: number;
}

/** A function's alias while a deploy moves it: two versions, and the share of invocations on the new one. */
export interface AliasTraffic {
  /** @default 'live' */
  readonly alias?: string;
  /**
   * Whether the function is invoked through the alias (CodeDeploy's traffic shifting), with Lambda's
   * per-alias and per-version metrics; an all-at-once deploy has no alias: the unqualified function
   * runs whichever version it was last given. @default true
   */
  readonly viaAlias?: boolean;
  /** The version the alias pointed at. @default '1' */
  readonly oldVersion?: string;
  /** The version being deployed. @default '2' */
  readonly newVersion?: string;
  /** Share (0–1) of the alias's invocations routed to the new version. */
  readonly newShare: number;
  /** What the new version does wrong. @default {} (a healthy build) */
  readonly newBuild?: NewBuild;
}

/** How long a bad build's invocation runs before its code throws. */
export const FAILING_BUILD_DURATION_MS = 12;
/** The Lambda metrics Lambda also publishes per alias and per executed version for an invocation through an alias. */
const PER_VERSION_METRICS = new Set(['Invocations', 'Errors', 'Duration']);

/**
 * Each of an invocation's `AWS/Lambda` `Invocations`, `Errors` and `Duration` datapoints (dimension
 * `FunctionName` only) also with `Resource` (`<function>:<alias>`), and with `Resource` and
 * `ExecutedVersion`: what Lambda publishes for an invocation through an alias.
 */
export function throughAlias(points: readonly Datapoint[], functionName: string, alias: string, version: string): Datapoint[] {
  const own = points.filter((p) => p.namespace === 'AWS/Lambda' && PER_VERSION_METRICS.has(p.metricName) && p.dimensions['FunctionName'] === functionName && Object.keys(p.dimensions).length === 1);
  return own.flatMap((p): Datapoint[] => [
    { ...p, dimensions: { FunctionName: functionName, Resource: `${functionName}:${alias}` } },
    { ...p, dimensions: { FunctionName: functionName, Resource: `${functionName}:${alias}`, ExecutedVersion: version } },
  ]);
}

/** A slower build: `extraMs` added to the invocation's Lambda `Duration` and API `Latency`. */
export const slowedBy = (points: readonly Datapoint[], extraMs: number): Datapoint[] =>
  extraMs === 0
    ? [...points]
    : points.map((p) => ((p.namespace === 'AWS/Lambda' && p.metricName === 'Duration') || (p.namespace === 'AWS/ApiGateway' && p.metricName === 'Latency') ? { ...p, value: p.value + extraMs } : p));
