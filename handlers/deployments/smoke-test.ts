import { HookEventError, HookReportError, InvokeTimeoutError, SmokeTestConfigurationError } from './errors';
import { SMOKE_TESTS_ENV } from './smoke-test-config';

/** What a lifecycle hook tells CodeDeploy: go on with the deployment, or stop it and roll back. */
export const HookStatus = {
  Succeeded: 'Succeeded',
  Failed: 'Failed',
} as const;

/** One of {@link HookStatus}'s values. */
export type HookStatusName = (typeof HookStatus)[keyof typeof HookStatus];

/** The function version a deployment group's deployments test, as `PERISCOPE_SMOKE_TESTS` names it. */
export interface SmokeTarget {
  /** The catalog's function key (`getOrder`): which sample event to send. */
  readonly function: string;
  /** The qualified ARN of the new version (`arn:aws:lambda:us-east-1:123456789012:function:periscope-orders-prod-getOrder:7`). */
  readonly version: string;
  /** The function's timeout, in seconds. */
  readonly timeoutSeconds: number;
}

/** Port: finds which deployment group a CodeDeploy deployment belongs to. */
export interface DeploymentLookup {
  deploymentGroupOf(deploymentId: string): Promise<string>;
}

/** Port: tells CodeDeploy the lifecycle hook's status. */
export interface HookStatusReporter {
  report(deploymentId: string, executionId: string, status: HookStatusName): Promise<void>;
}

/** What a synchronous invoke of a version answered. */
export interface VersionInvocation {
  /** Lambda's `FunctionError` (`Unhandled`): the function threw or timed out. */
  readonly functionError?: string;
  /** The function's answer, parsed from JSON (the raw text when it is not JSON). */
  readonly payload: unknown;
}

/** Port: invokes a function version synchronously, giving up after `timeoutMs` (with an {@link InvokeTimeoutError}). */
export interface VersionInvoker {
  invoke(versionArn: string, payload: unknown, timeoutMs: number): Promise<VersionInvocation>;
}

/** What the hook decided, and why. */
export interface SmokeVerdict {
  readonly status: HookStatusName;
  /** Why, in words, naming the function, version, group or setting at fault. */
  readonly reason: string;
  /** The catalog's function key, once known. */
  readonly function?: string;
  /** The qualified ARN of the version tested, once known. */
  readonly version?: string;
  /** The deployment group, once known. */
  readonly deploymentGroup?: string;
  /** The `statusCode` the version answered, when it answered one. */
  readonly statusCode?: number;
  /** How long the invoke took, in milliseconds. */
  readonly durationMs?: number;
}

/** What CodeDeploy sends a lifecycle hook function (asynchronously). */
export interface CodeDeployHookEvent {
  readonly DeploymentId: string;
  readonly LifecycleEventHookExecutionId: string;
}

/** Options for {@link runSmokeTest}. */
export interface SmokeTestOptions {
  /** Time the invoke gets beyond the function's own timeout, in milliseconds. @default 5000 */
  readonly graceMs?: number;
  /** The most the invoke may take whatever the function's timeout, in milliseconds. @default no limit */
  readonly budgetMs?: number;
  /** Milliseconds from any fixed point. @default performance.now */
  readonly now?: () => number;
}

/** Time the invoke gets beyond the function's timeout by default: the invoke's own round trip. */
export const DEFAULT_INVOKE_GRACE_MS = 5000;

const MAX_DETAIL_CHARS = 200;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const clip = (text: string): string => (text.length > MAX_DETAIL_CHARS ? `${text.slice(0, MAX_DETAIL_CHARS)}…` : text);
const describeError = (error: unknown): string => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));

/** `getOrder version 7`, from the target's qualified ARN. */
const labelOf = (target: SmokeTarget): string => `${target.function} version ${target.version.split(':').pop()}`;

/** Rejects with `timeout()` when `work` has not settled after `ms`; the timer never outlives it. */
function within<T>(work: Promise<T>, ms: number, timeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expiry = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(timeout()), ms);
  });
  return Promise.race([work, expiry]).finally(() => clearTimeout(timer));
}

/** Why a failed invoke's answer is a failure: `errorType: errorMessage` of Lambda's error payload. */
function functionErrorDetail(invocation: VersionInvocation): string {
  const { payload } = invocation;
  if (isRecord(payload) && (typeof payload.errorType === 'string' || typeof payload.errorMessage === 'string')) {
    return clip([payload.errorType, payload.errorMessage].filter((part) => typeof part === 'string').join(': '));
  }
  return clip(typeof payload === 'string' ? payload : JSON.stringify(payload ?? null));
}

/**
 * Invokes the new version with the function's sample event and judges its answer. Fails on an invoke
 * that throws or does not answer within the function's timeout plus `graceMs` (or `budgetMs`, if
 * sooner), on a `FunctionError` (an unhandled error, or Lambda's own timeout), and on an answer whose
 * `statusCode` is 500 or more. Any other answer, a 4xx included, passes: the version answers.
 *
 * @example
 * ```ts
 * const verdict = await runSmokeTest(target, getOrderEvent, invoker);
 * if (verdict.status === 'Failed') console.log(verdict.reason); // 'getOrder version 7 answered 502: …'
 * ```
 */
export async function runSmokeTest(target: SmokeTarget, event: unknown, invoker: VersionInvoker, options: SmokeTestOptions = {}): Promise<SmokeVerdict> {
  const now = options.now ?? (() => performance.now());
  const limitMs = target.timeoutSeconds * 1000 + (options.graceMs ?? DEFAULT_INVOKE_GRACE_MS);
  const capped = options.budgetMs !== undefined && options.budgetMs < limitMs;
  const timeoutMs = Math.max(0, Math.round(capped ? (options.budgetMs ?? 0) : limitMs));
  const label = labelOf(target);
  const known = { function: target.function, version: target.version };
  const started = now();
  let invocation: VersionInvocation;
  try {
    const invoke = Promise.resolve().then(() => invoker.invoke(target.version, event, timeoutMs));
    invocation = await within(invoke, timeoutMs, () => new InvokeTimeoutError(target.version, timeoutMs));
  } catch (error) {
    const durationMs = Math.round(now() - started);
    if (error instanceof InvokeTimeoutError) {
      const why = capped ? ' (all the time the hook had left)' : ` (its ${target.timeoutSeconds} s timeout and ${timeoutMs - target.timeoutSeconds * 1000} ms more)`;
      return { status: HookStatus.Failed, reason: `${label} did not answer within ${timeoutMs} ms${why}`, ...known, durationMs };
    }
    return { status: HookStatus.Failed, reason: `${label} could not be invoked: ${clip(describeError(error))}`, ...known, durationMs };
  }
  const durationMs = Math.round(now() - started);
  if (invocation.functionError !== undefined) {
    return { status: HookStatus.Failed, reason: `${label} failed (${invocation.functionError}): ${functionErrorDetail(invocation)}`, ...known, durationMs };
  }
  const { payload } = invocation;
  const statusCode = isRecord(payload) && typeof payload.statusCode === 'number' ? payload.statusCode : undefined;
  if (statusCode === undefined) return { status: HookStatus.Succeeded, reason: `${label} answered without a statusCode`, ...known, durationMs };
  if (statusCode >= 500) {
    const body = isRecord(payload) && typeof payload.body === 'string' ? `: ${clip(payload.body)}` : '';
    return { status: HookStatus.Failed, reason: `${label} answered ${statusCode}${body}`, ...known, statusCode, durationMs };
  }
  return { status: HookStatus.Succeeded, reason: `${label} answered ${statusCode}`, ...known, statusCode, durationMs };
}

/** What {@link handleHookEvent} works with. */
export interface PreTrafficHookDependencies {
  /** Deployment group → what its deployments test; the configuration error when `PERISCOPE_SMOKE_TESTS` could not be read. */
  readonly targets: ReadonlyMap<string, SmokeTarget> | SmokeTestConfigurationError;
  /** The sample event of each function, by catalog function key. */
  readonly events: Readonly<Record<string, unknown>>;
  readonly deployments: DeploymentLookup;
  readonly reporter: HookStatusReporter;
  readonly invoker: VersionInvoker;
}

/** Options for {@link handleHookEvent}. */
export interface HookEventOptions extends Omit<SmokeTestOptions, 'budgetMs'> {
  /** The invocation's remaining time, in milliseconds: the invoke stops in time to report. @default no limit */
  readonly remainingMs?: number;
}

/** Time kept back from the invocation for reporting the verdict (and flushing telemetry). */
export const REPORT_RESERVE_MS = 3000;

const nonEmptyString = (value: unknown): value is string => typeof value === 'string' && value !== '';

/** The hook's verdict for a deployment: which function it is about, then the smoke test. Never throws. */
async function verdictFor(deploymentId: string, deps: PreTrafficHookDependencies, options: SmokeTestOptions, deadline: number | undefined): Promise<SmokeVerdict> {
  const failed = (reason: string, known: Partial<SmokeVerdict> = {}): SmokeVerdict => ({ status: HookStatus.Failed, reason, ...known });
  const { targets, events } = deps;
  if (targets instanceof SmokeTestConfigurationError) return failed(targets.message);
  let deploymentGroup: string;
  try {
    deploymentGroup = await deps.deployments.deploymentGroupOf(deploymentId);
  } catch (error) {
    return failed(`Could not find the deployment group of deployment ${deploymentId}: ${clip(describeError(error))}`);
  }
  const target = targets.get(deploymentGroup);
  if (target === undefined) {
    const known = [...targets.keys()].map((group) => `"${group}"`).join(', ') || 'none';
    return failed(`Deployment group "${deploymentGroup}" has no smoke test in ${SMOKE_TESTS_ENV} (known groups: ${known})`, { deploymentGroup });
  }
  const found = { deploymentGroup, function: target.function, version: target.version };
  if (!Object.hasOwn(events, target.function)) {
    const known = Object.keys(events).join(', ') || 'none';
    return failed(`No sample event for function "${target.function}" of deployment group "${deploymentGroup}" (createPreTrafficHook's events has: ${known})`, found);
  }
  const now = options.now ?? (() => performance.now());
  const budget = deadline === undefined ? {} : { budgetMs: deadline - now() };
  return { ...(await runSmokeTest(target, events[target.function], deps.invoker, { ...options, ...budget })), deploymentGroup };
}

/**
 * Handles one BeforeAllowTraffic invocation end to end: finds the deployment's group, hence the
 * function and its new version, runs the {@link runSmokeTest | smoke test} and reports the verdict to
 * CodeDeploy, exactly once. Anything that stops the test (an unreadable configuration, an unknown
 * group, a missing sample event, a failed lookup) is a `Failed` verdict, never a silence.
 *
 * @example
 * ```ts
 * const verdict = await handleHookEvent(event, { targets, events, deployments, reporter, invoker }, { remainingMs: context.getRemainingTimeInMillis() });
 * ```
 * @throws {@link HookEventError} when the event lacks the ids to report to
 * @throws {@link HookReportError} (with the verdict) when CodeDeploy did not take the report
 */
export async function handleHookEvent(event: unknown, deps: PreTrafficHookDependencies, options: HookEventOptions = {}): Promise<SmokeVerdict> {
  const { remainingMs, ...testOptions } = options;
  const now = options.now ?? (() => performance.now());
  const deadline = remainingMs === undefined ? undefined : now() + remainingMs - REPORT_RESERVE_MS;
  const deploymentId = isRecord(event) ? event.DeploymentId : undefined;
  const executionId = isRecord(event) ? event.LifecycleEventHookExecutionId : undefined;
  if (!nonEmptyString(deploymentId) || !nonEmptyString(executionId)) {
    const has = isRecord(event) ? Object.keys(event).join(', ') || 'no fields' : typeof event;
    throw new HookEventError(`The hook event has no DeploymentId and LifecycleEventHookExecutionId to report to (it has ${has}); is the function invoked by CodeDeploy?`);
  }
  const verdict = await verdictFor(deploymentId, deps, testOptions, deadline);
  try {
    await deps.reporter.report(deploymentId, executionId, verdict.status);
  } catch (error) {
    throw new HookReportError(deploymentId, verdict, { cause: error });
  }
  return verdict;
}
