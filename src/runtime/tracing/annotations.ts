import { maskSensitiveText } from '../redact';
import type { AnnotationValue } from './periscope-tracer';

const ANNOTATION_KEY = /^[A-Za-z0-9_]{1,500}$/;

/**
 * What X-Ray should be sent for an annotation, in both tracing modes: X-Ray only indexes letters,
 * digits and `_` in keys, and strings, finite numbers and booleans as values, so anything else is
 * left out (`undefined`) rather than sent to be rejected; strings are masked
 * (`maskSensitiveText`), since an annotation is indexed and shown to anyone with X-Ray access.
 */
export function annotationValue(key: string, value: unknown): AnnotationValue | undefined {
  if (!ANNOTATION_KEY.test(key)) return undefined;
  if (typeof value === 'string') return maskSensitiveText(value);
  if (typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) return value;
  return undefined;
}

/** An error as X-Ray should record it: name and stack kept, the message masked. */
export function maskedError(error: unknown): { readonly name: string; readonly message: string; readonly stack: string | undefined } {
  if (error instanceof Error) return { name: error.name, message: maskSensitiveText(error.message), stack: error.stack };
  return { name: typeof error, message: maskSensitiveText(String(error)), stack: undefined };
}
