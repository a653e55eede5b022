import type { MiddlewareObj, Request } from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';

/** The middy request of an API Gateway REST (v1) proxy invocation. */
export type ApiRequest = Request<APIGatewayProxyEvent, APIGatewayProxyResult, Error, Context>;

/** A middy middleware over API Gateway REST (v1) proxy invocations. */
export type ApiMiddleware = MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult, Error, Context>;

/** What the middlewares of one invocation share. Kept per request, so concurrent invocations never mix. */
export interface InvocationState {
  /** The id every log line, trace and error response of this request carries. */
  readonly correlationId: string;
  /** `METHOD /resource/{param}`: the route template, low-cardinality, safe as an annotation. */
  readonly route: string;
  /** `performance.now()` when the invocation started. */
  readonly startedAt: number;
}

const states = new WeakMap<ApiRequest, InvocationState>();

/** Stores the state of one invocation. */
export const setInvocationState = (request: ApiRequest, state: InvocationState): void => {
  states.set(request, state);
};

/** The state of one invocation, if the correlation middleware has run. */
export const getInvocationState = (request: ApiRequest): InvocationState | undefined => states.get(request);

/** The route template of an event, as `METHOD /resource`. */
export const routeOf = (event: Partial<APIGatewayProxyEvent> | undefined): string => `${event?.httpMethod ?? 'UNKNOWN'} ${event?.resource ?? event?.path ?? '/'}`;

/** How a request ended, from its status code: the `Outcome` annotation and log field. */
export type Outcome = 'success' | 'client_error' | 'server_error';

/** Classifies a status code (a missing response counts as a server error). */
export const outcomeOf = (statusCode: number | undefined): Outcome => (statusCode === undefined || statusCode >= 500 ? 'server_error' : statusCode >= 400 ? 'client_error' : 'success');
