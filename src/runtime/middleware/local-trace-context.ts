import { randomBytes } from 'node:crypto';
import { findHeader } from '../http-request';
import type { ApiMiddleware, ApiRequest } from './types';

/** `Root=1-<8 hex epoch>-<24 hex>` as X-Ray writes it. */
const ROOT = /Root=(1-[0-9a-f]{8}-[0-9a-f]{24})/;

/** Whether this process is a local emulation of Lambda: serverless-offline or `serverless invoke local`. */
export const isLocalLambda = (env: NodeJS.ProcessEnv = process.env): boolean => env.IS_OFFLINE === 'true' || env.IS_LOCAL === 'true';

/** A fresh X-Ray trace header, continuing the caller's trace when its `X-Amzn-Trace-Id` names one. */
export function newLambdaTraceHeader(callerHeader: string | undefined, now: number = Date.now()): string {
  const root = callerHeader?.match(ROOT)?.[1] ?? `1-${Math.floor(now / 1000).toString(16).padStart(8, '0')}-${randomBytes(12).toString('hex')}`;
  return `Root=${root};Parent=${randomBytes(8).toString('hex')};Sampled=1`;
}

/**
 * Does locally what the Lambda service does before each invocation: sets `_X_AMZN_TRACE_ID`, which
 * the X-Ray SDK reads to build the invocation's (facade) segment. serverless-offline and
 * `invoke local` don't set it, and without it the SDK records nothing. On AWS (neither `IS_OFFLINE`
 * nor `IS_LOCAL` set) this middleware does nothing.
 */
export function localTraceContext(): ApiMiddleware {
  const setLocalTraceHeaderBefore = (request: ApiRequest): void => {
    if (!isLocalLambda()) return;
    process.env._X_AMZN_TRACE_ID = newLambdaTraceHeader(findHeader(request.event?.headers, 'x-amzn-trace-id'));
  };
  return { before: setLocalTraceHeaderBefore };
}
