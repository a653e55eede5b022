import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy, { type MiddyfiedHandler } from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import type { ServiceDefinition } from '../catalog';
import type { ErrorMapping } from './error-response';
import { correlateRequest } from './middleware/correlate-request';
import { flushMetrics } from './middleware/flush-metrics';
import { guardMiddleware } from './middleware/guard-middleware';
import { mapErrors } from './middleware/map-errors';
import { traceHandler } from './middleware/trace-handler';
import type { Telemetry } from './telemetry';

/** An API Gateway REST (v1) proxy handler, before instrumentation. */
export type ApiHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

/** An instrumented API Gateway handler, as Lambda calls it. */
export type ObservedApiHandler = MiddyfiedHandler<APIGatewayProxyEvent, APIGatewayProxyResult, Error, Context>;

/** Options for {@link withObservability}. */
export interface ObservabilityOptions<S extends ServiceDefinition> {
  /** The service's telemetry, built once per module with `createTelemetry(catalog)`. */
  readonly telemetry: Telemetry<S>;
  /**
   * Domain errors and the 4xx each becomes; matched with `instanceof`, first match wins.
   * `HttpError`s need no mapping; anything unmapped is a 500.
   * @default []
   */
  readonly errors?: readonly ErrorMapping[];
  /**
   * Record each response (status, headers, body) in the handler subsegment's metadata
   * (`<handler> response`, in the service's namespace), as Powertools' `captureResponse` does. Off by
   * default: a body may hold personal data, and metadata is shown unmasked to anyone with X-Ray access.
   * @default false
   */
  readonly traceResponse?: boolean;
}

/** Thrown when `withObservability` is given options it cannot work with. */
export class ObservabilityOptionsError extends Error {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ObservabilityOptionsError';
  }
}

function checkOptions<S extends ServiceDefinition>(options: ObservabilityOptions<S>): void {
  if (!options?.telemetry?.logger || !options.telemetry.businessMetrics) {
    throw new ObservabilityOptionsError('withObservability needs options.telemetry, built with createTelemetry(catalog)');
  }
  (options.errors ?? []).forEach((mapping, index) => {
    if (typeof mapping?.error !== 'function') throw new ObservabilityOptionsError(`errors[${index}].error must be an error class, got ${typeof mapping?.error}`);
    if (!Number.isInteger(mapping.statusCode) || mapping.statusCode < 400 || mapping.statusCode > 599) {
      throw new ObservabilityOptionsError(`errors[${index}] (${mapping.error.name}).statusCode must be an HTTP error status 400–599, got ${String(mapping.statusCode)}`);
    }
    if (typeof mapping.code !== 'string' || mapping.code === '') throw new ObservabilityOptionsError(`errors[${index}] (${mapping.error.name}).code must be a non-empty string`);
  });
}

/**
 * Instruments an API Gateway handler: structured logs with the Lambda context and a correlation id
 * (returned as `x-correlation-id`), an X-Ray subsegment annotated with service, route and outcome,
 * the `ColdStart` metric and the catalog's business metrics flushed once per invocation, and JSON
 * error responses that never leak internals. A fault in logging, metrics or tracing is reported and
 * never fails the request.
 *
 * Middleware order matters: `before` runs top to bottom, `after` and `onError` bottom to top, so the
 * error is mapped to a response first, and metrics, logs and trace all see the final status.
 *
 * @example
 * ```ts
 * const telemetry = createTelemetry(catalog);
 * export const handler = withObservability(async (event) => jsonResponse(200, { ok: true }), {
 *   telemetry,
 *   errors: [{ error: OrderNotFoundError, statusCode: 404, code: 'OrderNotFound' }],
 * });
 * ```
 */
export function withObservability<S extends ServiceDefinition>(handler: ApiHandler, options: ObservabilityOptions<S>): ObservedApiHandler {
  checkOptions(options);
  const { telemetry } = options;
  return middy<APIGatewayProxyEvent, APIGatewayProxyResult, Error, Context>(handler)
    .use(traceHandler(telemetry, { traceResponse: options.traceResponse === true }))
    .use(guardMiddleware<APIGatewayProxyEvent, APIGatewayProxyResult>('logger', telemetry.reportFault, injectLambdaContext(telemetry.logger, { resetKeys: true })))
    .use(correlateRequest(telemetry))
    .use(flushMetrics(telemetry))
    .use(mapErrors(telemetry, options.errors ?? []));
}
