import type { APIGatewayProxyEventHeaders, Context } from 'aws-lambda';
import { findHeader } from './http-request';

/** The header a client (or an upstream service) sends and receives the correlation id in; also the message attribute queues and topics carry it in. */
export const CORRELATION_ID_HEADER = 'x-correlation-id';

/**
 * A caller-supplied id is untrusted input that lands in every log line and trace annotation:
 * only short, plain ids are taken, so nobody can inject log content or blow up index size.
 */
const ACCEPTED_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The one rule for a correlation id someone else supplied (a request header, a message attribute,
 * an event's metadata): a plain id — letters, digits, `. _ : -`, at most 128 characters.
 *
 * @returns `value` when it is such an id, else `undefined` (the caller falls back to an id of its own)
 */
export function acceptedCorrelationId(value: unknown): string | undefined {
  return typeof value === 'string' && ACCEPTED_ID.test(value) ? value : undefined;
}

/** What both API Gateway payload versions (and function URLs) carry that the correlation id is read from. */
export interface CorrelatedRequest {
  readonly headers?: APIGatewayProxyEventHeaders | null;
  readonly requestContext?: { readonly requestId?: string } | null;
}

/**
 * Picks the correlation id of a request: the caller's `x-correlation-id` when it is a plain id
 * (see {@link acceptedCorrelationId}), else API Gateway's request id, else the Lambda request id.
 */
export function resolveCorrelationId(event: CorrelatedRequest | undefined, context: Pick<Context, 'awsRequestId'>): string {
  return acceptedCorrelationId(findHeader(event?.headers, CORRELATION_ID_HEADER)) ?? event?.requestContext?.requestId ?? context.awsRequestId;
}
