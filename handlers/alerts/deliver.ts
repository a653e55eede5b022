import { SlackFailureReason, type SlackFailureReasonName } from '../../src/catalog/alerts-catalog';
import { SlackDeliveryError, type SlackFailure } from './errors';

/** Time as the retry loop sees it; replace it in tests to make waits instant and exact. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

/** The real clock. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** How hard to try. */
export interface RetryPolicy {
  /** Requests at most, the first included. @default 5 */
  readonly maxAttempts: number;
  /** Longest wait for one answer. @default 5000 */
  readonly attemptTimeoutMs: number;
  /** First backoff ceiling; it doubles each retry (full jitter: a random wait below it). @default 300 */
  readonly baseDelayMs: number;
  /** Largest backoff ceiling. @default 5000 */
  readonly maxDelayMs: number;
  /** No request is started with less time than this left before the deadline. @default 250 */
  readonly minAttemptMs: number;
}

/** The policy used where none is given. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 5, attemptTimeoutMs: 5000, baseDelayMs: 300, maxDelayMs: 5000, minAttemptMs: 250 };

/** A retry about to be waited for. */
export interface DeliveryRetry {
  /** The attempt that failed (1 for the first request). */
  readonly attempt: number;
  readonly reason: SlackFailureReasonName;
  readonly status?: number;
  /** What went wrong (Slack's answer, `no answer within 2000 ms`, `ECONNREFUSED`). */
  readonly detail: string;
  /** How long until the next request. */
  readonly delayMs: number;
}

/** Options for {@link postToSlack}. */
export interface DeliveryOptions extends Partial<RetryPolicy> {
  /** Clock time by which the last request must have ended: the invocation's deadline minus a margin. */
  readonly deadline: number;
  /** @default {@link systemClock} */
  readonly clock?: Clock;
  /** @default Math.random */
  readonly random?: () => number;
  /** @default the global fetch */
  readonly fetch?: typeof fetch;
  /** Called before each wait for a retry (to log and count it). */
  readonly onRetry?: (retry: DeliveryRetry) => void;
}

/** A delivered message. */
export interface DeliveryReceipt {
  readonly attempts: number;
  readonly durationMs: number;
}

type Outcome = { readonly ok: true } | (SlackFailure & { readonly ok: false; readonly retryAfterMs?: number });

const PERMANENT: Record<string, SlackFailureReasonName> = {
  invalid_payload: SlackFailureReason.InvalidPayload,
  channel_not_found: SlackFailureReason.ChannelNotFound,
  channel_is_archived: SlackFailureReason.ChannelIsArchived,
};

/** `Retry-After` as seconds or an HTTP date, in milliseconds from `now`. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function classifyAnswer(status: number, body: string, retryAfter: string | null, now: number): Outcome {
  const detail = body.trim().slice(0, 100) || `status ${status}`;
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(retryAfter, now);
    return { ok: false, reason: SlackFailureReason.RateLimited, status, detail, retryable: true, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };
  }
  if (status >= 500) return { ok: false, reason: SlackFailureReason.ServerError, status, detail, retryable: true };
  const reason = PERMANENT[body.trim()] ?? (status === 410 ? SlackFailureReason.ChannelIsArchived : SlackFailureReason.ClientError);
  return { ok: false, reason, status, detail, retryable: false };
}

// Checked by name, not `instanceof`: fetch's TimeoutError is a DOMException, which may come from another realm.
const nameOf = (error: unknown): string | undefined => {
  const name = (error as { name?: unknown } | null | undefined)?.name;
  return typeof name === 'string' ? name : undefined;
};

// What fetch says about a failed connection, without its message: an invalid URL's message quotes the URL.
const networkDetail = (error: unknown): string => {
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause;
  const code = cause?.code ?? nameOf(cause) ?? nameOf(error);
  return typeof code === 'string' ? code : 'network error';
};

async function attemptOnce(send: typeof fetch, url: string, body: string, timeoutMs: number, clock: Clock): Promise<Outcome> {
  try {
    const signal = AbortSignal.timeout(timeoutMs);
    const response = await send(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal });
    const answer = await response.text();
    return response.ok ? { ok: true } : classifyAnswer(response.status, answer, response.headers.get('retry-after'), clock.now());
  } catch (error) {
    const timedOut = nameOf(error) === 'TimeoutError' || nameOf(error) === 'AbortError';
    return timedOut
      ? { ok: false, reason: SlackFailureReason.Timeout, detail: `no answer within ${timeoutMs} ms`, retryable: true }
      : { ok: false, reason: SlackFailureReason.Network, detail: networkDetail(error), retryable: true };
  }
}

/**
 * Posts a message to a Slack incoming webhook. Retries what may pass (429 after its `Retry-After`,
 * 5xx, timeouts, network errors) with exponential backoff and full jitter, and never past
 * `deadline`: no request starts, and no wait begins, that could not end before it. Slack's refusals
 * (400 `invalid_payload`, 404 `channel_not_found`, 410 `channel_is_archived`, other 4xx) are final.
 *
 * @returns how many requests it took
 * @throws {@link SlackDeliveryError} with the reason, when the message was not delivered
 *
 * @example
 * ```ts
 * const deadline = Date.now() + context.getRemainingTimeInMillis() - 1000;
 * await postToSlack(webhookUrl, formatSlackMessage(notification), { deadline, onRetry: (r) => logger.warn('retrying', { ...r }) });
 * ```
 */
export async function postToSlack(webhookUrl: string, payload: unknown, options: DeliveryOptions): Promise<DeliveryReceipt> {
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...definedPolicy(options) };
  const { deadline, clock = systemClock, random = Math.random, fetch: send = fetch, onRetry } = options;
  const body = JSON.stringify(payload);
  const started = clock.now();
  let failure: (SlackFailure & { retryAfterMs?: number }) | undefined;
  let attempts = 0;
  while (attempts < policy.maxAttempts) {
    const left = deadline - clock.now();
    if (left < policy.minAttemptMs) break;
    attempts += 1;
    // Keep time for another try unless this is the last one allowed.
    const timeoutMs = Math.min(policy.attemptTimeoutMs, attempts === policy.maxAttempts ? left : Math.max(policy.minAttemptMs, Math.floor(left / 2)));
    const outcome = await attemptOnce(send, webhookUrl, body, timeoutMs, clock);
    if (outcome.ok) return { attempts, durationMs: clock.now() - started };
    failure = outcome;
    if (!outcome.retryable || attempts === policy.maxAttempts) break;
    const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempts - 1));
    const delayMs = Math.round(outcome.retryAfterMs ?? random() * ceiling);
    if (clock.now() + delayMs + policy.minAttemptMs > deadline) {
      failure = { ...outcome, detail: `${outcome.detail}; a retry in ${delayMs} ms would pass the invocation's deadline` };
      break;
    }
    onRetry?.({ attempt: attempts, reason: outcome.reason, detail: outcome.detail, delayMs, ...(outcome.status === undefined ? {} : { status: outcome.status }) });
    await clock.sleep(delayMs);
  }
  const last: SlackFailure = failure ?? { reason: SlackFailureReason.Timeout, detail: 'no time left before the invocation deadline to try', retryable: true };
  throw new SlackDeliveryError(last, attempts);
}

function definedPolicy(options: Partial<RetryPolicy>): Partial<RetryPolicy> {
  const keys = Object.keys(DEFAULT_RETRY_POLICY) as (keyof RetryPolicy)[];
  return Object.fromEntries(keys.filter((key) => options[key] !== undefined).map((key) => [key, options[key]]));
}
