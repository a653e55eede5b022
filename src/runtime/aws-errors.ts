/**
 * How the AWS SDK v3 reports a dependency that failed, read from the errors it throws: the
 * classification X-Ray uses for its flags and the API uses to answer 503 instead of 500.
 */

/** Error names the AWS SDK classifies as throttling (from `@smithy/service-error-classification`). */
export const THROTTLING_ERROR_NAMES: ReadonlySet<string> = new Set([
  'BandwidthLimitExceeded',
  'EC2ThrottledException',
  'LimitExceededException',
  'PriorRequestNotComplete',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'ThrottledException',
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'TransactionInProgressException',
]);

/** Error names and socket codes of a call that took too long (the SDK's `requestTimeout`, a socket timeout). */
const TIMEOUT_NAMES: ReadonlySet<string> = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException']);
const TIMEOUT_CODES: ReadonlySet<string> = new Set(['ETIMEDOUT', 'ESOCKETTIMEDOUT', 'ECONNABORTED']);

/** Socket codes of a dependency that could not be reached or dropped the connection. */
const UNREACHABLE_CODES: ReadonlySet<string> = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/** Why a dependency call failed in a way a later retry may not: the `kind` of a {@link DependencyFailure}. */
export type DependencyFailureKind = 'throttled' | 'timeout' | 'unreachable' | 'server_error';

/** A failed call to a dependency, and how long a client should wait before retrying. */
export interface DependencyFailure {
  readonly kind: DependencyFailureKind;
  /** The `Retry-After` a 503 carries, in seconds. */
  readonly retryAfterSeconds: number;
}

/** Seconds to wait, by kind: throttling clears slowest, a dropped connection or a 5xx usually at once. */
export const RETRY_AFTER_SECONDS: Readonly<Record<DependencyFailureKind, number>> = { throttled: 2, timeout: 1, unreachable: 1, server_error: 1 };

interface AwsErrorShape {
  readonly name?: unknown;
  readonly message?: unknown;
  readonly code?: unknown;
  readonly $fault?: unknown;
  readonly $metadata?: { readonly httpStatusCode?: unknown };
  readonly $retryable?: { readonly throttling?: unknown };
  readonly cause?: unknown;
}

const shapeOf = (error: unknown): AwsErrorShape | undefined => (typeof error === 'object' && error !== null ? (error as AwsErrorShape) : undefined);

/** A socket error's code as libuv words its messages (`connect ECONNREFUSED 127.0.0.1:8000`, `read ECONNRESET`). */
const SOCKET_CODE_IN_MESSAGE = new RegExp(`\\b(${[...TIMEOUT_CODES, ...UNREACHABLE_CODES].join('|')})\\b`);

/**
 * The error's socket code. The SDK's retry middleware re-wraps an error that is not an `Error` of
 * its own realm (`AWS SDK error wrapper for Error: connect ECONNREFUSED …`) and the code survives
 * only in the message, so that is read too.
 */
function socketCodeOf(shape: AwsErrorShape): string {
  if (typeof shape.code === 'string') return shape.code;
  return typeof shape.message === 'string' ? (SOCKET_CODE_IN_MESSAGE.exec(shape.message)?.[1] ?? '') : '';
}

/** Whether an AWS SDK error is throttling: by name, HTTP 429, or the SDK's own `$retryable.throttling`. */
export function isThrottlingError(error: unknown): boolean {
  const shape = shapeOf(error);
  if (!shape) return false;
  return (typeof shape.name === 'string' && THROTTLING_ERROR_NAMES.has(shape.name)) || shape.$metadata?.httpStatusCode === 429 || shape.$retryable?.throttling === true;
}

function classifyOne(shape: AwsErrorShape, error: unknown): DependencyFailureKind | undefined {
  const name = typeof shape.name === 'string' ? shape.name : '';
  const code = socketCodeOf(shape);
  const status = typeof shape.$metadata?.httpStatusCode === 'number' ? shape.$metadata.httpStatusCode : undefined;
  if (isThrottlingError(error)) return 'throttled';
  if (TIMEOUT_NAMES.has(name) || TIMEOUT_CODES.has(code)) return 'timeout';
  if (UNREACHABLE_CODES.has(code) || UNREACHABLE_CODES.has(name)) return 'unreachable';
  if (shape.$fault === 'server' || (status !== undefined && status >= 500)) return 'server_error';
  return undefined;
}

/**
 * Classifies what a handler threw as a dependency that failed — throttled, timed out, unreachable
 * or failing on its side — looking through one `cause`, since SDKs wrap socket errors.
 *
 * @returns the failure, or `undefined` for anything else (a bug, or an error the caller should map)
 * @example
 * ```ts
 * classifyDependencyFailure(new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: {} }));
 * // { kind: 'throttled', retryAfterSeconds: 2 }
 * ```
 */
export function classifyDependencyFailure(error: unknown): DependencyFailure | undefined {
  for (let candidate: unknown = error, depth = 0; depth < 2; candidate = shapeOf(candidate)?.cause, depth += 1) {
    const shape = shapeOf(candidate);
    if (!shape) return undefined;
    const kind = classifyOne(shape, candidate);
    if (kind) return { kind, retryAfterSeconds: RETRY_AFTER_SECONDS[kind] };
  }
  return undefined;
}
