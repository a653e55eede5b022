import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { BadRequestError, HttpError } from './http-errors';
import { findHeader } from './http-request';
import type { ApiHandler } from './with-observability';

/** The request header that makes a write idempotent. */
export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';

const KEY = /^[\x21-\x7E]{1,255}$/;

/** Options for {@link idempotentRoute}. */
export interface IdempotencyOptions {
  /** The DynamoDB table the records live in: partition key `id` (string), TTL on `expiration`. */
  readonly tableName: string;
  /** The client to reach it with (traced, local endpoint…). Called once, at the first keyed request. */
  readonly client: () => DynamoDBClient;
  /** How long a key's response is replayed. @default 3600 */
  readonly expiresAfterSeconds?: number;
  /** How long a duplicate waits for the first request with its key to finish before a 409. @default 3000 */
  readonly inProgressWaitMs?: number;
}

type IdempotentCall = (payload: { key: string; body: string }, event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

interface Idempotency {
  readonly call: IdempotentCall;
  readonly registerLambdaContext: (context: Context) => void;
  readonly isInProgress: (error: unknown) => boolean;
  readonly isReusedWithOtherBody: (error: unknown) => boolean;
}

/** Loads Powertools idempotency on the first keyed request: a function that never gets one never pays for it. */
function buildIdempotency(route: ApiHandler, options: IdempotencyOptions): Idempotency {
  const powertools = require('@aws-lambda-powertools/idempotency') as typeof import('@aws-lambda-powertools/idempotency');
  const { DynamoDBPersistenceLayer } = require('@aws-lambda-powertools/idempotency/dynamodb') as typeof import('@aws-lambda-powertools/idempotency/dynamodb');
  const config = new powertools.IdempotencyConfig({
    eventKeyJmesPath: 'key',
    // The same key with another body is a client's mistake, not a replay.
    payloadValidationJmesPath: 'body',
    expiresAfterSeconds: options.expiresAfterSeconds ?? 3600,
    throwOnNoIdempotencyKey: true,
  });
  const persistenceStore = new DynamoDBPersistenceLayer({ tableName: options.tableName, awsSdkV3Client: options.client() });
  const call: IdempotentCall = powertools.makeIdempotent(async (_payload: { key: string; body: string }, event: APIGatewayProxyEvent, context: Context) => route(event, context), {
    persistenceStore,
    config,
  });
  return {
    call,
    registerLambdaContext: (context) => config.registerLambdaContext(context),
    isInProgress: (error) => error instanceof powertools.IdempotencyAlreadyInProgressError,
    isReusedWithOtherBody: (error) => error instanceof powertools.IdempotencyValidationError,
  };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Makes a write route honour an `Idempotency-Key` header (Powertools idempotency, records in
 * DynamoDB): the first request with a key runs the route and its response is stored; a repeat
 * with the same key and body gets that same response without running the route again — also when
 * it arrives while the first is still running (it waits up to `inProgressWaitMs`, then answers 409
 * with `Retry-After`). The same key with another body is a 422. A request without the header runs
 * the route as before. A route that throws stores nothing, so the client can retry with the key.
 *
 * @example
 * ```ts
 * export const createOrder = withObservability(idempotentRoute(createOrderRoute(orders, metrics), {
 *   tableName: requireEnv('IDEMPOTENCY_TABLE_NAME', 'the idempotency records table'),
 *   client: () => tracer.captureAWSv3Client(new DynamoDBClient(dynamoDbClientConfig())),
 * }), { telemetry });
 * ```
 */
export function idempotentRoute(route: ApiHandler, options: IdempotencyOptions): ApiHandler {
  let idempotency: Idempotency | undefined;
  const waitMs = options.inProgressWaitMs ?? 3000;
  return async (event, context) => {
    const key = findHeader(event.headers, IDEMPOTENCY_KEY_HEADER);
    if (key === undefined) return route(event, context);
    if (!KEY.test(key)) throw new BadRequestError('InvalidIdempotencyKey', `${IDEMPOTENCY_KEY_HEADER} must be 1 to 255 visible ASCII characters.`);
    idempotency ??= buildIdempotency(route, options);
    idempotency.registerLambdaContext(context);
    const payload = { key, body: event.body ?? '' };
    const deadline = Date.now() + waitMs;
    for (;;) {
      try {
        return await idempotency.call(payload, event, context);
      } catch (error) {
        if (idempotency.isReusedWithOtherBody(error)) {
          throw new HttpError(422, 'IdempotencyKeyReused', `This ${IDEMPOTENCY_KEY_HEADER} was already used with another request body; use a new key for a new request.`, { cause: error });
        }
        if (!idempotency.isInProgress(error)) throw error;
        if (Date.now() >= deadline) {
          throw new HttpError(409, 'IdempotencyKeyInProgress', `A request with this ${IDEMPOTENCY_KEY_HEADER} is still being processed; retry in a second.`, { cause: error });
        }
        await sleep(50);
      }
    }
  };
}
