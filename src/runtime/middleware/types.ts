import type { MiddlewareObj, Request } from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';

/** The middy request of one invocation of any trigger. */
export type LambdaRequest<TEvent, TResult> = Request<TEvent, TResult, Error, Context>;

/** A middy middleware over invocations of any trigger. */
export type LambdaMiddleware<TEvent, TResult> = MiddlewareObj<TEvent, TResult, Error, Context>;

/** The middy request of an API Gateway REST (v1) proxy invocation. */
export type ApiRequest = LambdaRequest<APIGatewayProxyEvent, APIGatewayProxyResult>;

/** A middy middleware over API Gateway REST (v1) proxy invocations. */
export type ApiMiddleware = LambdaMiddleware<APIGatewayProxyEvent, APIGatewayProxyResult>;

/** What the middlewares of one invocation share. Kept per request, so concurrent invocations never mix. */
export interface InvocationState {
  /** The id every log line, trace and error response of this request carries. */
  readonly correlationId: string;
  /** `METHOD /resource/{param}`: the route template, low-cardinality, safe as an annotation. */
  readonly route: string;
  /** `performance.now()` when the invocation started. */
  readonly startedAt: number;
}

// Keyed by the middy request object: one per invocation, whatever the trigger.
const states = new WeakMap<object, InvocationState>();

/** Stores the state of one invocation. */
export const setInvocationState = (request: object, state: InvocationState): void => {
  states.set(request, state);
};

/** The state of one invocation, if the correlation middleware has run. */
export const getInvocationState = (request: object): InvocationState | undefined => states.get(request);

/** How a request ended, from its status code: the `Outcome` annotation and log field. */
export type Outcome = 'success' | 'client_error' | 'server_error';

/** Classifies a status code (a missing response counts as a server error). */
export const outcomeOf = (statusCode: number | undefined): Outcome => (statusCode === undefined || statusCode >= 500 ? 'server_error' : statusCode >= 400 ? 'client_error' : 'success');
