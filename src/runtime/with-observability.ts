import type { MiddyfiedHandler } from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import type { ServiceDefinition } from '../catalog';
import { restApiFlavour } from './middleware/http-flavour';
import { instrumentHttpHandler } from './triggers/instrument';
import { checkObservabilityArguments, type ObservabilityOptions } from './triggers/observability-options';

export { type ObservabilityOptions, ObservabilityOptionsError } from './triggers/observability-options';

/** An API Gateway REST (v1) proxy handler, before instrumentation. */
export type ApiHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

/** An instrumented API Gateway handler, as Lambda calls it. */
export type ObservedApiHandler = MiddyfiedHandler<APIGatewayProxyEvent, APIGatewayProxyResult, Error, Context>;

/**
 * Instruments an API Gateway REST API (payload v1) handler: structured logs with the Lambda context
 * and a correlation id (returned as `x-correlation-id`), an X-Ray subsegment annotated with service,
 * route and outcome, the `ColdStart` metric and the catalog's business metrics flushed once per
 * invocation, and JSON error responses that never leak internals. A fault in logging, metrics or
 * tracing is reported and never fails the request. For HTTP APIs (payload v2) and function URLs,
 * see `withHttpApiObservability`; for queues, topics and events, the other `with…Observability` wrappers.
 *
 * @throws {@link ObservabilityOptionsError} when the handler is not a function or an option is wrong, naming it
 * @example
 * `examples/triggers/rest-api.ts` (`telemetry = createTelemetry(catalog)`, once per module); map domain
 * errors to 4xx with `errors: [{ error: OrderNotFoundError, statusCode: 404, code: 'OrderNotFound' }]`:
 * ```ts
 * export const checkout = withObservability(async (event) => jsonResponse(200, { basket: event.pathParameters?.basketId ?? 'new' }), { telemetry });
 * ```
 */
export function withObservability<S extends ServiceDefinition>(handler: ApiHandler, options: ObservabilityOptions<S>): ObservedApiHandler {
  checkObservabilityArguments('withObservability', 'http', handler, options);
  return instrumentHttpHandler(handler, options, restApiFlavour);
}
