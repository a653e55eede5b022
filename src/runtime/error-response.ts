import type { APIGatewayProxyResult } from 'aws-lambda';
import { HttpError } from './http-errors';
import { type ErrorBody, jsonResponse } from './http-response';

/** Maps a domain error class to the HTTP status and code a client sees. Matched with `instanceof`. */
export interface ErrorMapping {
  /** The error class; subclasses match too. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any constructor signature
  readonly error: abstract new (...args: any[]) => Error;
  /** HTTP status, 400–599. */
  readonly statusCode: number;
  /** Stable code for clients, e.g. `OrderNotFound`. */
  readonly code: string;
}

/** What an error became: the response, and whether it was one the service expects (a mapped 4xx). */
export interface MappedError {
  readonly response: APIGatewayProxyResult;
  /** `false` for anything unexpected: a bug or a dependency failure, answered with a bare 500. */
  readonly expected: boolean;
}

const detailsOf = (error: Error): unknown => (error as { details?: unknown }).details;

const body = (code: string, message: string, details: unknown): ErrorBody =>
  ({ error: details === undefined ? { code, message } : { code, message, details } });

/**
 * Turns any thrown value into the response a client sees. Known errors keep their message (written
 * for clients); anything else becomes a 500 that carries only the correlation id, never a stack,
 * an error name or a raw message that could leak internals.
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
  const message = 'Something went wrong on our side. Quote the correlation id if you report it.';
  return { response: jsonResponse(500, body('InternalError', message, { correlationId })), expected: false };
}
