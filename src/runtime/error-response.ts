import type { APIGatewayProxyResult } from 'aws-lambda';
import { classifyDependencyFailure, type DependencyFailureKind } from './aws-errors';
import { HttpError } from './http-errors';
import { type ErrorBody, jsonResponse } from './http-response';

/** Maps a domain error class to the HTTP status and code a client sees. Matched with `instanceof`. */
export interface ErrorMapping {
  /** The error class; subclasses match too. */
  // `never[]`: a constructor of any signature is assignable (its parameters are checked contravariantly).
  readonly error: abstract new (
    ...args: never[]
  ) => Error;
  /** HTTP status, 400–599. */
  readonly statusCode: number;
  /** Stable code for clients, e.g. `OrderNotFound`. */
  readonly code: string;
}

/** What an error became: the response, and whether it was one the service expects (a mapped 4xx). */
export interface MappedError {
  readonly response: APIGatewayProxyResult;
  /** `false` for anything unexpected: a bug (a bare 500) or a dependency failure (a 503 with `Retry-After`). */
  readonly expected: boolean;
}

/** What a 503 tells the client, by what failed; never the dependency's own message. */
const UNAVAILABLE_MESSAGES: Readonly<Record<DependencyFailureKind, string>> = {
  throttled: 'We are receiving more requests than we can store right now.',
  timeout: 'A service we depend on did not answer in time.',
  unreachable: 'A service we depend on cannot be reached right now.',
  server_error: 'A service we depend on is failing right now.',
};

const detailsOf = (error: Error): unknown => (error as { details?: unknown }).details;

const body = (code: string, message: string, details: unknown): ErrorBody => ({ error: details === undefined ? { code, message } : { code, message, details } });

/**
 * Turns any thrown value into the response a client sees. Known errors keep their message (written
 * for clients). A dependency that is throttled, timed out, unreachable or failing (see
 * `classifyDependencyFailure`) is a 503 with `Retry-After`: the client may retry, and it is still
 * counted and traced as a server-side failure. Anything else becomes a 500. Neither carries more than
 * the correlation id: never a stack, an error name or a raw message that could leak internals.
 *
 * @param error - what the handler threw
 * @param mappings - domain error classes and their statuses, first match wins
 * @param correlationId - quoted back in a 500 so a report can be found in the logs
 */
export function toErrorResponse(error: unknown, mappings: readonly ErrorMapping[], correlationId: string): MappedError {
  if (error instanceof HttpError) {
    return { response: jsonResponse(error.statusCode, body(error.code, error.message, error.details)), expected: error.statusCode < 500 };
  }
  if (error instanceof Error) {
    const mapping = mappings.find((candidate) => error instanceof candidate.error);
    if (mapping) {
      return { response: jsonResponse(mapping.statusCode, body(mapping.code, error.message, detailsOf(error))), expected: mapping.statusCode < 500 };
    }
  }
  const failure = classifyDependencyFailure(error);
  if (failure) {
    const message = `${UNAVAILABLE_MESSAGES[failure.kind]} Retry after ${failure.retryAfterSeconds} s; quote the correlation id if it persists.`;
    const response = jsonResponse(503, body('ServiceUnavailable', message, { correlationId, retryAfterSeconds: failure.retryAfterSeconds }), { 'retry-after': String(failure.retryAfterSeconds) });
    return { response, expected: false };
  }
  const message = 'Something went wrong on our side. Quote the correlation id if you report it.';
  return { response: jsonResponse(500, body('InternalError', message, { correlationId })), expected: false };
}
