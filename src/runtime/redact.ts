/** Headers whose values are credentials and must never reach a log line. */
const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key', 'x-amz-security-token']);

const REDACTED = '[redacted]';

const redactHeaderMap = <T>(headers: Record<string, T> | null | undefined, replacement: T): Record<string, T> | null | undefined => {
  if (!headers) return headers;
  return Object.fromEntries(Object.entries(headers).map(([key, value]) => [key, SECRET_HEADERS.has(key.toLowerCase()) ? replacement : value]));
};

/**
 * Returns a copy of an API Gateway event safe to log: credential headers (Authorization, Cookie,
 * X-Api-Key, ...) are replaced in both `headers` and `multiValueHeaders`. The input is not changed.
 */
export function redactEvent(event: unknown): unknown {
  if (typeof event !== 'object' || event === null) return event;
  const { headers, multiValueHeaders } = event as { headers?: Record<string, string>; multiValueHeaders?: Record<string, string[]> };
  return {
    ...event,
    ...(headers ? { headers: redactHeaderMap(headers, REDACTED) } : {}),
    ...(multiValueHeaders ? { multiValueHeaders: redactHeaderMap(multiValueHeaders, [REDACTED]) } : {}),
  };
}
