import type { APIGatewayProxyResult } from 'aws-lambda';

/** Headers every JSON response carries. */
const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' } as const;

/**
 * Builds an API Gateway proxy response with a JSON body.
 *
 * @example
 * ```ts
 * return jsonResponse(201, { orderId });
 * ```
 */
export function jsonResponse(statusCode: number, body: unknown, headers: Record<string, string> = {}): APIGatewayProxyResult {
  return { statusCode, headers: { ...JSON_HEADERS, ...headers }, body: JSON.stringify(body) };
}

/** The body of every error response: `{ "error": { "code", "message", "details" } }`. */
export interface ErrorBody {
  readonly error: {
    readonly code: string;
    readonly message: string;
    readonly details?: unknown;
  };
}
