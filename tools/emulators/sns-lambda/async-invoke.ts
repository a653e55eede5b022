import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { lambdaContext, newTraceHeader, withInvocationEnv } from '../lambda-sandbox/lambda-context';

/** A Lambda handler as the Node.js runtime calls it. */
export type AsyncHandler<E> = (event: E, context: Context) => Promise<unknown>;

/**
 * The record Lambda sends to an asynchronous invocation's on-failure destination once every attempt
 * failed (an SQS queue, SNS topic, Lambda function or EventBridge bus): the event it could not
 * process, and why.
 */
export interface FailureDestinationRecord<E> {
  readonly version: '1.0';
  /** When the record was sent (ISO 8601). */
  readonly timestamp: string;
  readonly requestContext: {
    readonly requestId: string;
    /** The function's ARN with the version that ran (`...:function:name:$LATEST`). */
    readonly functionArn: string;
    readonly condition: 'RetriesExhausted';
    /** Attempts made: the first one plus the retries. */
    readonly approximateInvokeCount: number;
  };
  /** The event, exactly as it was first invoked with. */
  readonly requestPayload: E;
  readonly responseContext: { readonly statusCode: 200; readonly executedVersion: '$LATEST'; readonly functionError: 'Unhandled' };
  /** The last attempt's error, as the Node.js runtime reports it. */
  readonly responsePayload: { readonly errorType: string; readonly errorMessage: string; readonly trace?: readonly string[] };
}

/** Options for {@link invokeAsync}. */
export interface AsyncInvokeOptions<E> {
  /** Retries after the first attempt fails, 0–2, as `MaximumRetryAttempts` in an EventInvokeConfig. @default 2 */
  readonly maximumRetryAttempts?: number;
  /** Wait before each retry; the last entry repeats. @default [60000, 120000] (Lambda's one then two minutes) */
  readonly retryDelaysMs?: readonly number[];
  /** Receives the record when every attempt failed: the on-failure destination. */
  readonly onFailure?: (record: FailureDestinationRecord<E>) => void | Promise<void>;
  /** @default 'slack-notifier-local-slackNotifier' */
  readonly functionName?: string;
  /** The function's handler setting (`_HANDLER` while it runs). @default 'handlers/alerts/slack-notifier.handler' */
  readonly handler?: string;
  /** The function's timeout: each attempt's `getRemainingTimeInMillis` counts down from it. @default 30000 */
  readonly timeoutMs?: number;
  /** @default 'us-east-1' */
  readonly region?: string;
  /** @default '123456789012' */
  readonly accountId?: string;
  /** @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** How an asynchronous invocation ended. */
export type AsyncInvokeResult<E> =
  | { readonly status: 'succeeded'; readonly attempts: number; readonly response: unknown }
  | { readonly status: 'failed'; readonly attempts: number; readonly record: FailureDestinationRecord<E> };

/** Raised when an attempt runs past the function's timeout, as Lambda reports it. */
export class SandboxTimeoutError extends Error {
  public constructor(timeoutMs: number, requestId: string) {
    super(`RequestId: ${requestId} Error: Task timed out after ${(timeoutMs / 1000).toFixed(2)} seconds`);
    this.name = 'Sandbox.Timedout';
  }
}

const sleepFor = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function runWithTimeout<E>(handler: AsyncHandler<E>, event: E, context: Context, timeoutMs: number): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new SandboxTimeoutError(timeoutMs, context.awsRequestId)), timeoutMs);
  });
  try {
    return await Promise.race([handler(event, context), timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

const errorPayload = (error: unknown): FailureDestinationRecord<unknown>['responsePayload'] =>
  error instanceof Error ? { errorType: error.name, errorMessage: error.message, trace: (error.stack ?? '').split('\n') } : { errorType: 'Error', errorMessage: String(error) };

/**
 * Invokes a handler the way Lambda runs an asynchronous invocation (`InvocationType: Event`, as SNS
 * does): a failed attempt is retried `maximumRetryAttempts` times after the configured delays, with
 * the same event and request id; when every attempt failed, the on-failure destination receives
 * Lambda's record of it. Each attempt gets a fresh context whose remaining time counts down from
 * `timeoutMs`, and is failed like Lambda fails it when it runs longer.
 *
 * @example
 * ```ts
 * const dlq = new DeadLetterQueue<SNSEvent>();
 * await invokeAsync(handler, event, { maximumRetryAttempts: 2, retryDelaysMs: [0], onFailure: dlq.send });
 * dlq.records()[0]?.requestPayload; // the event, not lost
 * ```
 */
export async function invokeAsync<E>(handler: AsyncHandler<E>, event: E, options: AsyncInvokeOptions<E> = {}): Promise<AsyncInvokeResult<E>> {
  const retries = options.maximumRetryAttempts ?? 2;
  if (!Number.isInteger(retries) || retries < 0 || retries > 2) throw new RangeError(`maximumRetryAttempts must be 0, 1 or 2 (Lambda's range), got ${retries}`);
  const delays = options.retryDelaysMs ?? [60_000, 120_000];
  const functionName = options.functionName ?? 'slack-notifier-local-slackNotifier';
  const arn = `arn:aws:lambda:${options.region ?? 'us-east-1'}:${options.accountId ?? '123456789012'}:function:${functionName}`;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const sleep = options.sleep ?? sleepFor;
  const requestId = randomUUID();
  // One trace for the event, its retries included.
  const invocationEnv = { handler: options.handler ?? 'handlers/alerts/slack-notifier.handler', traceHeader: newTraceHeader() };
  let lastError: unknown;
  for (let attempt = 1; attempt <= retries + 1; attempt += 1) {
    if (attempt > 1) await sleep(delays[Math.min(attempt - 2, delays.length - 1)] ?? 0);
    try {
      const context = lambdaContext({ functionName, requestId, timeoutMs, memoryLimitInMB: '256', invokedFunctionArn: arn });
      const response = await withInvocationEnv(invocationEnv, () => runWithTimeout(handler, event, context, timeoutMs));
      return { status: 'succeeded', attempts: attempt, response };
    } catch (error) {
      lastError = error;
    }
  }
  const record: FailureDestinationRecord<E> = {
    version: '1.0',
    timestamp: new Date().toISOString(),
    requestContext: { requestId, functionArn: `${arn}:$LATEST`, condition: 'RetriesExhausted', approximateInvokeCount: retries + 1 },
    requestPayload: event,
    responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
    responsePayload: errorPayload(lastError),
  };
  await options.onFailure?.(record);
  return { status: 'failed', attempts: retries + 1, record };
}

/**
 * An in-memory stand-in for the SQS queue an on-failure destination points at. Records are stored
 * as SQS would carry them (JSON), so what comes out is what would have been serialisable.
 */
export class DeadLetterQueue<E> {
  readonly #bodies: string[] = [];

  /** Enqueues a record; bound, so it can be passed as `onFailure` directly. */
  public readonly send = (record: FailureDestinationRecord<E>): void => {
    this.#bodies.push(JSON.stringify(record));
  };

  /** The records waiting, oldest first. */
  public records(): FailureDestinationRecord<E>[] {
    return this.#bodies.map((body) => JSON.parse(body) as FailureDestinationRecord<E>);
  }

  /** How many records are waiting. */
  public get length(): number {
    return this.#bodies.length;
  }

  /** Takes every waiting record out, oldest first. */
  public drain(): FailureDestinationRecord<E>[] {
    const records = this.records();
    this.#bodies.length = 0;
    return records;
  }
}
