import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { findHeader } from './http-request';

/** The header a client (or an upstream service) sends and receives the correlation id in. */
export const CORRELATION_ID_HEADER = 'x-correlation-id';

/**
 * A caller-supplied id is untrusted input that lands in every log line and trace annotation:
 * only short, plain ids are taken, so nobody can inject log content or blow up index size.
 */
const ACCEPTED_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Picks the correlation id of a request: the caller's `x-correlation-id` when it is a plain id
 * (letters, digits, `. _ : -`, at most 128 characters), else API Gateway's request id, else the
 * Lambda request id.
 */
export function resolveCorrelationId(event: Partial<Pick<APIGatewayProxyEvent, 'headers' | 'requestContext'>> | undefined, context: Pick<Context, 'awsRequestId'>): string {
  const supplied = findHeader(event?.headers, CORRELATION_ID_HEADER);
  if (supplied !== undefined && ACCEPTED_ID.test(supplied)) return supplied;
  return event?.requestContext?.requestId ?? context.awsRequestId;
}
