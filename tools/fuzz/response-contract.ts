import type { APIGatewayProxyResult } from 'aws-lambda';
import type { Settled } from '../emulators/lambda-sandbox/capture-output';

/**
 * Whether an invocation kept the API's promise to its clients while DynamoDB is up: a 2xx, or a 4xx
 * whose body is JSON `{ "error": { "code": string, "message": string, … } }`; any answer with a JSON
 * content type and a JSON body. Anything else (a 5xx, a throw, another status, a body or content type
 * that is not JSON) is the server's fault.
 */
export type Verdict = { readonly ok: true; readonly statusCode: number } | { readonly ok: false; readonly statusCode?: number; readonly problem: string };

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A media type is JSON when it is `application/json` or any `+json` type, whatever the case and parameters. */
export function isJsonContentType(value: string | undefined): boolean {
  const mediaType = value?.split(';')[0]?.trim().toLowerCase();
  return mediaType === 'application/json' || (mediaType?.endsWith('+json') ?? false);
}

/** A response header by name, ignoring case. */
const header = (response: APIGatewayProxyResult, name: string): string | undefined => {
  for (const [key, value] of Object.entries(response.headers ?? {})) if (key.toLowerCase() === name) return String(value);
  return undefined;
};

const describeThrown = (error: unknown): string => (error instanceof Error ? `${error.name}: ${error.message}` : `a non-error value: ${String(error)}`);

/**
 * Checks one invocation against the response contract (see {@link Verdict}).
 *
 * @example
 * ```ts
 * checkResponse({ ok: true, value: { statusCode: 500, body: '{}' } }); // { ok: false, statusCode: 500, problem: 'answered 500' }
 * ```
 */
export function checkResponse(settled: Settled<APIGatewayProxyResult | undefined>): Verdict {
  if (!settled.ok) return { ok: false, problem: `threw ${describeThrown(settled.error)}` };
  const response = settled.value;
  if (!isObject(response)) return { ok: false, problem: `returned ${response === undefined ? 'nothing' : typeof response} instead of a response` };
  const { statusCode } = response;
  if (!Number.isInteger(statusCode)) return { ok: false, problem: `answered a status code that is not a whole number: ${String(statusCode)}` };
  if (statusCode >= 500) return { ok: false, statusCode, problem: `answered ${statusCode}` };
  const success = statusCode >= 200 && statusCode < 300;
  if (!success && !(statusCode >= 400 && statusCode < 500)) return { ok: false, statusCode, problem: `answered ${statusCode}, neither a 2xx nor a 4xx` };
  const contentType = header(response, 'content-type');
  if (!isJsonContentType(contentType)) return { ok: false, statusCode, problem: `answered ${statusCode} with content type ${contentType === undefined ? '(none)' : `'${contentType}'`}, not JSON` };
  let body: unknown;
  try {
    body = JSON.parse(response.body);
  } catch {
    return { ok: false, statusCode, problem: `answered ${statusCode} with a body that is not JSON: ${String(response.body).slice(0, 120)}` };
  }
  if (success) return { ok: true, statusCode };
  const error = isObject(body) ? body.error : undefined;
  if (!isObject(error) || typeof error.code !== 'string' || typeof error.message !== 'string') {
    return { ok: false, statusCode, problem: `answered ${statusCode} without { "error": { "code": string, "message": string } }: ${String(response.body).slice(0, 120)}` };
  }
  return { ok: true, statusCode };
}
