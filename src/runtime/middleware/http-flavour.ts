import type { APIGatewayProxyEvent, APIGatewayProxyEventV2, APIGatewayProxyResult, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { CorrelatedRequest } from '../correlation-id';

/**
 * What the HTTP middlewares need to know about one payload version of API Gateway: how its event
 * names the route and how its response carries the status and headers. What both versions keep in
 * the same place — the headers (`event.headers`) and API Gateway's request id
 * (`event.requestContext.requestId`) — is read the same way for both (see `resolveCorrelationId`).
 */
export interface HttpFlavour<TEvent extends CorrelatedRequest, TResult> {
  /** The route as a low-cardinality label (`POST /orders/{orderId}`): the `Route` annotation and the `route` log field. Never the raw path. */
  route(event: TEvent | undefined): string;
  /** The status the client sees; `undefined` when there is no response. */
  statusCode(response: TResult | undefined): number | undefined;
  /** The response with one more header. */
  withHeader(response: TResult, name: string, value: string): TResult;
  /** An error response (`toErrorResponse`'s, a v1 result) in this version's shape. */
  fromProxyResult(result: APIGatewayProxyResult): TResult;
}

/** API Gateway REST APIs (payload v1): the resource template (`/orders/{orderId}`) is the route. */
export const restApiFlavour: HttpFlavour<APIGatewayProxyEvent, APIGatewayProxyResult> = {
  route: (event) => `${event?.httpMethod ?? 'UNKNOWN'} ${event?.resource ?? event?.path ?? '/'}`,
  statusCode: (response) => response?.statusCode,
  withHeader: (response, name, value) => ({ ...response, headers: { ...response.headers, [name]: value } }),
  fromProxyResult: (result) => result,
};

/**
 * API Gateway HTTP APIs (payload v2) and Lambda function URLs. The route is the route key
 * (`POST /orders`); a function URL (and an HTTP API's `$default` route) has only `$default`, so the
 * route is `<METHOD> $default`: the raw path would make every URL its own annotation value.
 */
export const httpApiFlavour: HttpFlavour<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> = {
  route: (event) => {
    const routeKey = event?.routeKey ?? '$default';
    return routeKey === '$default' ? `${event?.requestContext?.http?.method ?? 'UNKNOWN'} $default` : routeKey;
  },
  // A v2 response without a status code is sent as a 200 whose body is the whole value (API Gateway's rule).
  statusCode: (response) => (response === undefined || response === null ? undefined : (response.statusCode ?? 200)),
  // Headers added to such a response would land in its body, so it is left as it is.
  withHeader: (response, name, value) => (typeof response?.statusCode === 'number' ? { ...response, headers: { ...response.headers, [name]: value } } : response),
  fromProxyResult: (result) => result,
};
