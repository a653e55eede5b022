import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { lambdaContext as localLambdaContext } from '../../tools/emulators/lambda-sandbox/lambda-context';

/** Where the shared external fixtures are: `../shared` beside the repository, or PERISCOPE_SHARED_DIR. */
export const SHARED_DIR = process.env.PERISCOPE_SHARED_DIR ?? resolve(__dirname, '../../../shared');

/** A real API Gateway REST event from Powertools' fixtures, as API Gateway sent it. */
export const loadPowertoolsEvent = (file: string): APIGatewayProxyEvent => JSON.parse(readFileSync(resolve(SHARED_DIR, 'fixtures/external/powertools-events', file), 'utf8')) as APIGatewayProxyEvent;

/** What to change in a real event: the route, the body; the rest stays as API Gateway sent it. */
export interface EventChange {
  readonly method: string;
  readonly resource: string;
  readonly path: string;
  readonly body?: string | null;
  readonly headers?: Record<string, string>;
  readonly pathParameters?: Record<string, string> | null;
  readonly query?: Record<string, string> | null;
}

/**
 * Credentials every test event carries unless a test sets its own (see `captureOutput`, which fails a
 * test whose captured output contains them): so every test that runs a handler is also a check that
 * no credential reaches a log line.
 */
export const CANARY_CREDENTIALS = { Authorization: 'Bearer canary-token-4c1d2b7e', Cookie: 'session=canary-cookie-9f3e0a51' } as const;

/** A real API Gateway event moved to another route, method and body, carrying {@link CANARY_CREDENTIALS}. */
export function apiEvent(change: EventChange, fixture = 'apigw-rest-no-auth.json'): APIGatewayProxyEvent {
  const event = loadPowertoolsEvent(fixture);
  const headers = { ...event.headers, ...CANARY_CREDENTIALS, ...change.headers };
  const multiValueHeaders = { ...event.multiValueHeaders, ...Object.fromEntries(Object.entries({ ...CANARY_CREDENTIALS, ...change.headers }).map(([k, v]) => [k, [v]])) };
  return {
    ...event,
    httpMethod: change.method,
    resource: change.resource,
    path: change.path,
    headers,
    multiValueHeaders,
    body: change.body ?? null,
    isBase64Encoded: false,
    pathParameters: change.pathParameters ?? null,
    queryStringParameters: change.query ?? null,
    multiValueQueryStringParameters: change.query ? Object.fromEntries(Object.entries(change.query).map(([k, v]) => [k, [v]])) : null,
    requestContext: { ...event.requestContext, httpMethod: change.method, resourcePath: change.resource, path: `/${event.requestContext.stage ?? 'prod'}${change.path}` },
  };
}

let invocations = 0;

/** A Lambda context as the Node runtime passes it (no Lambda runs here), with a new request id each call. */
export function lambdaContext(functionName = 'periscope-orders-test-fn'): Context {
  invocations += 1;
  return localLambdaContext({ functionName, requestId: `00000000-0000-4000-8000-${invocations.toString().padStart(12, '0')}` });
}
