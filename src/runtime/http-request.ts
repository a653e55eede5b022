import type { APIGatewayProxyEvent } from 'aws-lambda';
import { BadRequestError, PayloadTooLargeError, UnsupportedMediaTypeError } from './http-errors';

/** Largest request body the JSON reader accepts by default: 64 KiB. */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

/**
 * Finds a header by name, ignoring case as HTTP does (API Gateway keeps the client's casing).
 *
 * @returns the header's value, or `undefined` when absent
 */
export function findHeader(headers: APIGatewayProxyEvent['headers'] | null | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === wanted && typeof value === 'string') return value;
  }
  return undefined;
}

/** Options for {@link readJsonBody}. */
export interface ReadJsonBodyOptions {
  /** @default 65536 (64 KiB) */
  readonly maxBytes?: number;
}

/**
 * Reads a JSON request body, refusing with a client error, never a 500, what it cannot read:
 * 415 when the content type is not JSON, 413 when the body is too large, 400 when it is missing
 * or not valid JSON (the message says where parsing stopped).
 *
 * @returns the parsed body, still untrusted: validate it before use
 */
export function readJsonBody(event: Pick<APIGatewayProxyEvent, 'headers' | 'body' | 'isBase64Encoded'>, options: ReadJsonBodyOptions = {}): unknown {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BODY_BYTES;
  const contentType = findHeader(event.headers, 'content-type');
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase();
  if (mediaType !== 'application/json' && !mediaType?.endsWith('+json')) {
    throw new UnsupportedMediaTypeError(contentType, 'application/json');
  }
  if (event.body === null || event.body === undefined || event.body === '') {
    throw new BadRequestError('MissingBody', 'Request body is required and must be a JSON object.');
  }
  const raw = event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body, 'utf8');
  if (raw.byteLength > maxBytes) throw new PayloadTooLargeError(maxBytes, raw.byteLength);
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch (error) {
    const reason = error instanceof SyntaxError ? error.message : 'unreadable';
    throw new BadRequestError('MalformedJson', `Request body is not valid JSON: ${reason}`, { cause: error });
  }
}
