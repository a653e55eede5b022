/** Prefix of the one stdout line a cold start child prints its result on, as JSON. */
export const RESULT_PREFIX = 'BENCH-RESULT ';

/** What a cold start child reports, in ms since its process started (`performance.now()`). */
export interface ColdStartSample {
  /** When the first invocation's response was in hand: the cold start proxy. */
  readonly totalMs: number;
  /** `require` of the handler bundle: module loading and init code. */
  readonly loadMs: number;
  /** The first invocation, from the call to the response. */
  readonly firstInvokeMs: number;
  /** Status code the first invocation answered. */
  readonly statusCode: number;
  /** Whether the X-Ray SDK was loaded by then ({@link xraySdkLoaded}). */
  readonly xraySdkLoaded: boolean;
}

/**
 * Whether this process has loaded the X-Ray SDK, bundled or not: the SDK loads cls-hooked, which
 * sets `process.namespaces` when it loads. Lean tracing must leave it unset.
 */
export function xraySdkLoaded(): boolean {
  return typeof (process as { namespaces?: unknown }).namespaces === 'object';
}

/** Writes the result line (synchronous on pipes, so it is out before `process.exit`). */
export function writeResult(result: unknown, write: (line: string) => unknown = (line) => process.stdout.write(line)): void {
  write(`${RESULT_PREFIX}${JSON.stringify(result)}\n`);
}

/** Whether an invocation's trace header says sampled or not. */
export type Sampling = 'sampled' | 'notSampled';

/** Parent → warm child, over IPC: run a block of invocations, or report and exit. */
export type WarmCommand = { readonly type: 'run'; readonly sampling: Sampling; readonly count: number } | { readonly type: 'finish' };

/** Warm child → parent, over IPC. */
export type WarmReply =
  | { readonly type: 'ready' }
  /** One block's per-invocation times, in µs. */
  | { readonly type: 'times'; readonly timesUs: readonly number[] }
  /** Requests its in-memory DynamoDB and SQS answered (one each per invocation, or a call was skipped), and whether the process loaded the X-Ray SDK. */
  | { readonly type: 'finished'; readonly dynamoDbRequests: number; readonly sqsRequests: number; readonly xraySdkLoaded: boolean }
  | { readonly type: 'failed'; readonly message: string };
