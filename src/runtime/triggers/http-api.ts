import type { MiddyfiedHandler } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { ServiceDefinition } from '../../catalog';
import { httpApiFlavour } from '../middleware/http-flavour';
import { instrumentHttpHandler } from './instrument';
import { checkObservabilityArguments, type ObservabilityOptions } from './observability-options';

/** An API Gateway HTTP API (payload v2) or Lambda function URL handler, before instrumentation. */
export type HttpApiHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

/** An instrumented HTTP API or function URL handler, as Lambda calls it. */
export type ObservedHttpApiHandler = MiddyfiedHandler<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Error, Context>;

/**
 * Instruments an API Gateway HTTP API (payload v2) or Lambda function URL handler, as
 * `withObservability` does a REST API's: structured logs with the Lambda context and a correlation
 * id (the caller's `x-correlation-id` when a plain id, else API Gateway's request id; returned as
 * `x-correlation-id`) and one `request completed` line; the handler subsegment annotated with
 * `Route`, `Outcome` and `CorrelationId`; `ColdStart` and the business metrics in one EMF document
 * per invocation; and JSON error responses (`errors`, `HttpError`, else a 500 without internals).
 *
 * The route is the route key (`POST /orders`). A function URL's route key is `$default`, so its route
 * is `<METHOD> $default`: never the raw path, which would make each URL an annotation value of its own.
 *
 * @throws {@link ObservabilityOptionsError} when the handler is not a function or an option is wrong, naming it
 * @example
 * `examples/triggers/http-api.ts`: it hands the order to a queue with the request's correlation id and trace.
 * ```ts
 * export const placeOrder = withHttpApiObservability(
 *   async (event, context) => {
 *     await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: event.body ?? '{}', ...sqsMessageCorrelation(context) }));
 *     telemetry.businessMetrics.record('OrderPlaced', 1);
 *     return jsonResponse(202, { accepted: true });
 *   },
 *   { telemetry },
 * );
 * ```
 */
export function withHttpApiObservability<S extends ServiceDefinition>(handler: HttpApiHandler, options: ObservabilityOptions<S>): ObservedHttpApiHandler {
  checkObservabilityArguments('withHttpApiObservability', 'http', handler, options);
  return instrumentHttpHandler(handler, options, httpApiFlavour);
}
