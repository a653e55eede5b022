import type { ServiceDefinition } from '../../catalog';
import type { ErrorMapping } from '../error-response';
import type { Telemetry } from '../telemetry';

/**
 * Options for Periscope's handler wrappers. Every wrapper takes `telemetry`; `errors` and
 * `traceResponse` are for the HTTP ones (`withObservability`, `withHttpApiObservability`),
 * which answer with a response.
 */
export interface ObservabilityOptions<S extends ServiceDefinition> {
  /** The service's telemetry, built once per module with `createTelemetry(catalog)`. */
  readonly telemetry: Telemetry<S>;
  /**
   * Domain errors and the 4xx each becomes; matched with `instanceof`, first match wins.
   * `HttpError`s need no mapping; anything unmapped is a 500. HTTP wrappers only.
   * @default []
   */
  readonly errors?: readonly ErrorMapping[];
  /**
   * Record each response (status, headers, body) in the handler subsegment's metadata
   * (`<handler> response`, in the service's namespace), as Powertools' `captureResponse` does. Off by
   * default: a body may hold personal data, and metadata is shown unmasked to anyone with X-Ray access.
   * HTTP wrappers only.
   * @default false
   */
  readonly traceResponse?: boolean;
}

/** Thrown when a `with…Observability` wrapper is given a handler or options it cannot work with; the message names the bad input. */
export class ObservabilityOptionsError extends Error {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ObservabilityOptionsError';
  }
}

/** Which options a wrapper takes: an HTTP wrapper answers errors with a response, an event wrapper does not; an SQS consumer also sets the level of its per-record line. */
export type WrapperKind = 'http' | 'event' | 'sqs';

const ACCEPTED: Readonly<Record<WrapperKind, readonly string[]>> = {
  http: ['telemetry', 'errors', 'traceResponse'],
  event: ['telemetry'],
  sqs: ['telemetry', 'processedRecordLogLevel'],
};

const PROCESSED_RECORD_LEVELS: readonly string[] = ['DEBUG', 'INFO'];

/**
 * Checks a wrapper's arguments when the module loads, so a mistake fails the deployment's first
 * invocation loudly instead of each later one quietly.
 * @throws {@link ObservabilityOptionsError} naming the wrapper and the bad input
 */
export function checkObservabilityArguments(wrapper: string, kind: WrapperKind, handler: unknown, options: unknown): void {
  if (typeof handler !== 'function') throw new ObservabilityOptionsError(`${wrapper} needs a handler function as its first argument, got ${handler === null ? 'null' : typeof handler}`);
  const given = (typeof options === 'object' && options !== null ? options : {}) as Partial<ObservabilityOptions<ServiceDefinition>> & { readonly processedRecordLogLevel?: unknown };
  if (!given.telemetry?.logger || !given.telemetry.businessMetrics) {
    throw new ObservabilityOptionsError(`${wrapper} needs options.telemetry, built with createTelemetry(catalog)`);
  }
  const unknown = Object.keys(given).filter((key) => !ACCEPTED[kind].includes(key));
  if (unknown.length > 0) {
    const httpOnly = unknown.filter((key) => ACCEPTED.http.includes(key));
    const reason = httpOnly.length > 0 ? ': it answers no HTTP request, so there is no error response or response body' : `; it takes ${ACCEPTED[kind].join(', ')}`;
    throw new ObservabilityOptionsError(`${wrapper} does not take options.${unknown.join(', options.')}${reason}`);
  }
  if (given.processedRecordLogLevel !== undefined && !PROCESSED_RECORD_LEVELS.includes(given.processedRecordLogLevel as string)) {
    throw new ObservabilityOptionsError(`options.processedRecordLogLevel must be 'DEBUG' or 'INFO', got ${JSON.stringify(given.processedRecordLogLevel) ?? typeof given.processedRecordLogLevel}`);
  }
  if (given.errors !== undefined && !Array.isArray(given.errors)) throw new ObservabilityOptionsError(`options.errors must be an array of { error, statusCode, code }, got ${typeof given.errors}`);
  if (given.traceResponse !== undefined && typeof given.traceResponse !== 'boolean')
    throw new ObservabilityOptionsError(`options.traceResponse must be true or false, got ${typeof given.traceResponse}`);
  (given.errors ?? []).forEach((mapping, index) => {
    if (typeof mapping?.error !== 'function') throw new ObservabilityOptionsError(`errors[${index}].error must be an error class, got ${typeof mapping?.error}`);
    if (!Number.isInteger(mapping.statusCode) || mapping.statusCode < 400 || mapping.statusCode > 599) {
      throw new ObservabilityOptionsError(`errors[${index}] (${mapping.error.name}).statusCode must be an HTTP error status 400–599, got ${String(mapping.statusCode)}`);
    }
    if (typeof mapping.code !== 'string' || mapping.code === '') throw new ObservabilityOptionsError(`errors[${index}] (${mapping.error.name}).code must be a non-empty string`);
  });
}
