/** Headers whose values are credentials and must never reach a log line. */
const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key', 'x-amz-security-token']);

const REDACTED = '[redacted]';

const redactHeaderMap = <T>(headers: Record<string, T> | null | undefined, replacement: T): Record<string, T> | null | undefined => {
  if (!headers) return headers;
  return Object.fromEntries(Object.entries(headers).map(([key, value]) => [key, SECRET_HEADERS.has(key.toLowerCase()) ? replacement : value]));
};

/**
 * Returns a copy of an API Gateway event safe to log: credential headers (Authorization, Cookie,
 * X-Api-Key, ...) are replaced in both `headers` and `multiValueHeaders`, and the `cookies` a v2
 * event (HTTP API, function URL) carries apart from its headers are replaced too. The input is not changed.
 */
export function redactEvent(event: unknown): unknown {
  if (typeof event !== 'object' || event === null) return event;
  const { headers, multiValueHeaders, cookies } = event as { headers?: Record<string, string>; multiValueHeaders?: Record<string, string[]>; cookies?: unknown };
  return {
    ...event,
    ...(headers ? { headers: redactHeaderMap(headers, REDACTED) } : {}),
    ...(multiValueHeaders ? { multiValueHeaders: redactHeaderMap(multiValueHeaders, [REDACTED]) } : {}),
    ...(Array.isArray(cookies) ? { cookies: cookies.map(() => REDACTED) } : {}),
  };
}

/** `"Authorization": "…"` (any case, any of the secret headers) inside serialised JSON. */
const JSON_STRING = '"(?:[^"\\\\]|\\\\.)*"';
const SECRET_HEADER_IN_JSON = new RegExp(`("(?:${[...SECRET_HEADERS].join('|')})"\\s*:\\s*)(${JSON_STRING}|\\[\\s*(?:${JSON_STRING}\\s*,?\\s*)*\\])`, 'gi');

/** An email address: the local part is masked, the domain kept (it tells which client it was). */
const EMAIL = /[A-Za-z0-9._%+-]+@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})/g;

/** 13 to 19 digits, optionally grouped by spaces or dashes: what a payment card number looks like. */
const CARD_LIKE = /\b\d(?:[ -]?\d){12,18}\b/g;

/** Whether digits pass the Luhn check every payment card number passes (so order ids and timestamps are left alone). */
function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/**
 * Masks what must never be stored in logs or traces, in any text (a serialised log line, an
 * annotation, an exception message): the values of credential headers written as JSON
 * (`"authorization":"[redacted]"`), email addresses (`***@example.com`), and card-number-like digit
 * runs that pass the Luhn check (`****-****-****-4242`, last four kept). Cheap when there is nothing
 * to mask: each pattern is tried once.
 *
 * @example
 * ```ts
 * maskSensitiveText('{"Authorization":"Bearer abc","note":"call ann@example.com, card 4242 4242 4242 4242"}');
 * // '{"Authorization":"[redacted]","note":"call ***@example.com, card ****-****-****-4242"}'
 * ```
 */
export function maskSensitiveText(text: string): string {
  let masked = text;
  if (/authorization|cookie|x-api-key|security-token/i.test(masked))
    masked = masked.replace(SECRET_HEADER_IN_JSON, (_match, key: string, value: string) => `${key}${value.startsWith('[') ? `["${REDACTED}"]` : `"${REDACTED}"`}`);
  if (masked.includes('@')) masked = masked.replace(EMAIL, (_match, domain: string) => `***@${domain}`);
  if (/\d{4}/.test(masked)) {
    masked = masked.replace(CARD_LIKE, (match: string, offset: number, whole: string) => {
      const digits = match.replace(/[ -]/g, '');
      if (!passesLuhn(digits)) return match;
      // A card sent as a JSON number becomes a JSON string, so the line stays valid JSON.
      const bareNumber = /[:,[]\s*$/.test(whole.slice(Math.max(0, offset - 8), offset));
      return bareNumber ? `"****-****-****-${digits.slice(-4)}"` : `****-****-****-${digits.slice(-4)}`;
    });
  }
  return masked;
}
