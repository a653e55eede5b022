import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isLocalLambda } from './middleware/local-trace-context';
import type { XRayTracer } from './tracing';

/** Where `npm start` serves DynamoDB (dynalite) on loopback. */
export const LOCAL_DYNAMODB_ENDPOINT = 'http://127.0.0.1:4567';

/** How long a DynamoDB call may take before it is abandoned as a timeout (a 503), unless `DYNAMODB_REQUEST_TIMEOUT_MS` says otherwise. */
export const DEFAULT_DYNAMODB_REQUEST_TIMEOUT_MS = 2000;

/** How long opening a connection to DynamoDB may take. */
export const DYNAMODB_CONNECTION_TIMEOUT_MS = 1000;

/** Thrown when `DYNAMODB_REQUEST_TIMEOUT_MS` is not a positive whole number; the message quotes it. */
export class DynamoDbTimeoutSettingError extends Error {
  public constructor(value: string, options?: ErrorOptions) {
    super(`DYNAMODB_REQUEST_TIMEOUT_MS must be a positive whole number of milliseconds, got ${JSON.stringify(value)}`, options);
    this.name = 'DynamoDbTimeoutSettingError';
  }
}

function requestTimeoutMs(env: NodeJS.ProcessEnv): number {
  const value = env.DYNAMODB_REQUEST_TIMEOUT_MS;
  if (value === undefined || value === '') return DEFAULT_DYNAMODB_REQUEST_TIMEOUT_MS;
  const ms = Number(value);
  if (!Number.isInteger(ms) || ms <= 0) throw new DynamoDbTimeoutSettingError(value);
  return ms;
}

/**
 * The client settings for this environment. Everywhere: a connection timeout of
 * {@link DYNAMODB_CONNECTION_TIMEOUT_MS} and a request timeout of `DYNAMODB_REQUEST_TIMEOUT_MS`
 * (default {@link DEFAULT_DYNAMODB_REQUEST_TIMEOUT_MS}), so a DynamoDB that hangs costs a request a
 * 503 instead of the function its whole timeout. When `DYNAMODB_ENDPOINT` is set, or when running
 * under serverless-offline / `invoke local`, a loopback endpoint with placeholder credentials, so
 * local runs never reach a real AWS endpoint.
 *
 * @throws {@link DynamoDbTimeoutSettingError} naming a bad `DYNAMODB_REQUEST_TIMEOUT_MS`
 */
export function dynamoDbClientConfig(env: NodeJS.ProcessEnv = process.env): DynamoDBClientConfig {
  // throwOnRequestTimeout: without it the SDK only logs a warning and keeps waiting.
  const timeouts: DynamoDBClientConfig = { requestHandler: { connectionTimeout: DYNAMODB_CONNECTION_TIMEOUT_MS, requestTimeout: requestTimeoutMs(env), throwOnRequestTimeout: true } };
  const endpoint = env.DYNAMODB_ENDPOINT || (isLocalLambda(env) ? LOCAL_DYNAMODB_ENDPOINT : undefined);
  if (!endpoint) return timeouts;
  return {
    ...timeouts,
    endpoint,
    region: env.AWS_REGION ?? 'us-east-1',
    credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID ?? 'local', secretAccessKey: env.AWS_SECRET_ACCESS_KEY ?? 'local' },
  };
}

/**
 * Builds a DynamoDB document client whose every call is an X-Ray subsegment (through
 * `tracer.captureAWSv3Client`). Build it once per module, outside the handler.
 *
 * @example
 * ```ts
 * const documents = createDocumentClient(telemetry.tracer);
 * ```
 */
export function createDocumentClient(tracer: Pick<XRayTracer, 'captureAWSv3Client'>, config: DynamoDBClientConfig = dynamoDbClientConfig()): DynamoDBDocumentClient {
  const client = tracer.captureAWSv3Client(new DynamoDBClient(config));
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}
